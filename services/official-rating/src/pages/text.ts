/**
 * The words a citizen reads on official-rating's pages: what is rated, why a link cannot be used and
 * what to do next, IKM bands. Never a code (`token_used`, `sip-dokter`) and never English.
 */
import { messageForStatus, type Message } from '@sinergi/ui';

/** Refusals of a rating link, each with what the citizen can do next. */
const REFUSALS: Record<string, Message> = {
  token_used: {
    title: 'Penilaian sudah dikirim',
    detail:
      'Layanan ini sudah dinilai melalui tautan ini. Setiap layanan hanya dapat dinilai sekali dan penilaian tidak dapat diubah. Terima kasih atas penilaian Anda.',
  },
  token_expired: {
    title: 'Tautan sudah kedaluwarsa',
    detail:
      'Masa berlaku tautan penilaian ini sudah habis, sehingga penilaian tidak dapat dikirim lagi. Bila Anda ingin menyampaikan keluhan, gunakan layanan pengaduan pemerintah daerah.',
  },
  token_other_region: {
    title: 'Tautan untuk daerah lain',
    detail:
      'Tautan ini milik pemerintah daerah lain. Buka tautan persis seperti yang Anda terima, tanpa mengubah alamatnya.',
  },
  token_unknown: {
    title: 'Tautan tidak dikenal',
    detail:
      'Tautan penilaian ini tidak ditemukan. Pastikan tautan tersalin lengkap, misalnya dengan membukanya langsung dari pesan yang Anda terima.',
  },
  unknown_tenant: {
    title: 'Daerah tidak dikenal',
    detail: 'Alamat ini tidak merujuk ke pemerintah daerah yang dilayani. Buka tautan persis seperti yang Anda terima.',
  },
  unit_not_found: {
    title: 'Unit kerja tidak ditemukan',
    detail: 'Tidak ada unit kerja dengan alamat ini. Pilih unit kerja dari daftar Indeks Kepuasan Masyarakat.',
  },
};

/** What a browser shows for a refusal: the service's own words, else the shared ones per status. */
export function refusalText(code: string, status: number): Message {
  const own = REFUSALS[code];
  if (own) return own;
  if (status === 400 || status === 422)
    return {
      title: 'Tautan tidak lengkap',
      detail:
        'Tautan atau isian ini tidak lengkap atau rusak. Buka kembali tautan dari pesan yang Anda terima, lalu coba lagi.',
    };
  return messageForStatus(status);
}

export interface RatedTransaction {
  system: 'complaints' | 'licensing' | 'counter';
  id: string;
  serviceType: string;
  /** The name the owning service published for the type, when known. */
  serviceName?: string | null;
}

/**
 * Names of the service types Sinergi itself offers (complaints; the licensing catalogue's seeded
 * permits; the desk's common ones), for types whose owner has not published a name: licensing sends
 * each permit type's name with its decisions. Another type is shown by its kind of transaction rather
 * than by its code.
 */
const SERVICE_NAMES: Record<string, string> = {
  pengaduan: 'Penanganan pengaduan',
  reklame: 'Izin Penyelenggaraan Reklame',
  pbg: 'Persetujuan Bangunan Gedung (PBG)',
  'sip-dokter': 'Surat Izin Praktik Dokter',
  'ktp-el': 'KTP elektronik',
};

const KIND_NAMES: Record<RatedTransaction['system'] | 'paper', string> = {
  complaints: 'Penanganan pengaduan',
  licensing: 'Pelayanan perizinan',
  counter: 'Pelayanan di loket',
  paper: 'Layanan lainnya',
};

/** The service in words, never its code. */
export function serviceName(t: {
  system?: RatedTransaction['system'] | 'paper';
  serviceType: string;
  serviceName?: string | null;
}): string {
  return t.serviceName ?? SERVICE_NAMES[t.serviceType] ?? KIND_NAMES[t.system ?? 'paper'];
}

/** The report, application or visit being rated, by the number the citizen holds. */
export function transactionLabel(t: RatedTransaction): string {
  if (t.system === 'complaints') return `Laporan pengaduan nomor ${t.id}`;
  if (t.system === 'licensing') return `Permohonan izin nomor ${t.id}`;
  // a counter visit is keyed `unit:reference`; the citizen holds the reference (their queue ticket)
  const reference = t.id.slice(t.id.indexOf(':') + 1);
  return `Kunjungan ke loket, nomor ${reference}`;
}

/** The band's meaning (mutu pelayanan, PermenPANRB 14/2017). */
export function bandText(band: string | null, performance: string | null): string {
  return band && performance ? `${band} (${performance})` : 'Belum ada penilaian';
}

/** Whether a result rests on enough answers, in plain words. */
export function sampleText(s: { respondents: number; minimumSample: number; belowMinimumSample: boolean }): string {
  if (s.respondents === 0) return 'Belum ada responden.';
  return s.belowMinimumSample
    ? `Belum mewakili: ${s.respondents} dari paling sedikit ${s.minimumSample} responden yang dibutuhkan.`
    : `Sudah mewakili: ${s.respondents} responden (paling sedikit ${s.minimumSample}).`;
}

/** An IKM as Indonesians write it: 88,31. */
export const ikmText = (ikm: number | null) =>
  ikm === null ? '–' : ikm.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
