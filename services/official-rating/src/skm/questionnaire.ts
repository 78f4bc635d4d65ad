import { SKM_ELEMENTS, type SkmElement } from '@sinergi/contracts';

/** The nine SKM elements (unsur) with the wording of PermenPANRB 14/2017, in their regulated order. */
export const ELEMENT_LABELS: Readonly<Record<SkmElement, { id: string; en: string }>> = {
  persyaratan: { id: 'Persyaratan', en: 'Requirements' },
  prosedur: { id: 'Sistem, mekanisme dan prosedur', en: 'System, mechanism and procedure' },
  waktu: { id: 'Waktu penyelesaian', en: 'Time to complete' },
  biaya: { id: 'Biaya/tarif', en: 'Fee' },
  produk: { id: 'Produk spesifikasi jenis pelayanan', en: 'Service product' },
  kompetensi: { id: 'Kompetensi pelaksana', en: 'Staff competence' },
  perilaku: { id: 'Perilaku pelaksana', en: 'Staff behaviour' },
  pengaduan: { id: 'Penanganan pengaduan, saran dan masukan', en: 'Handling of complaints and suggestions' },
  sarana: { id: 'Sarana dan prasarana', en: 'Facilities' },
};

/** The answer scale: 1 = not good … 4 = very good. */
export const SCALE = [
  { value: 1, id: 'Tidak baik', en: 'Not good' },
  { value: 2, id: 'Kurang baik', en: 'Poor' },
  { value: 3, id: 'Baik', en: 'Good' },
  { value: 4, id: 'Sangat baik', en: 'Very good' },
] as const;

export const QUESTIONNAIRE = {
  regulation: 'PermenPANRB 14/2017',
  elements: SKM_ELEMENTS.map((code, i) => ({
    number: i + 1,
    code,
    label: ELEMENT_LABELS[code].id,
    labelEn: ELEMENT_LABELS[code].en,
  })),
  scale: SCALE,
};
