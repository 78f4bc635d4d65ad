/**
 * Applying in the browser (`/izin/ajukan/{type}`): one form with the applicant, the type's data fields
 * and its document checklist with uploads, sent as `multipart/form-data`; checked here in the
 * applicant's words (fields marked, values kept, files to be chosen again), then applied at once;
 * the registration number and secret are shown once. Pure: routes read the form and call the use case.
 */
import { IndonesianPhone, Nik } from '@sinergi/contracts';
import type { UploadedFile } from '@sinergi/service-kit';
import {
  button,
  errorSummary,
  fileField,
  formatSize,
  html,
  notice,
  selectField,
  textField,
  type FieldError,
  type SafeHtml,
} from '@sinergi/ui';
import { z } from 'zod';
import { checkData } from '../applications/data.js';
import type { DataField, DocumentRequirement } from '../permit-types/model.js';
import type { PermitType } from '../permit-types/service.js';
import { serviceDaysText } from './catalogue.js';

const FILE_LABEL: Record<string, string> = { pdf: 'PDF', png: 'PNG', jpeg: 'JPG' };
const ACCEPT: Record<string, string[]> = {
  pdf: ['.pdf', 'application/pdf'],
  png: ['.png', 'image/png'],
  jpeg: ['.jpg', '.jpeg', 'image/jpeg'],
};

/** Form names: the applicant's details, then `isian-{field}` and `berkas-{document}`. */
export const dataName = (code: string) => `isian-${code}`;
export const fileName = (code: string) => `berkas-${code}`;

export type ApplyValues = Record<string, string>;

export interface ApplyInput {
  applicant: { name: string; nik?: string; phone?: string; email?: string };
  data: Record<string, string>;
  documents: { requirement: string; bytes: Buffer; fileName: string | undefined }[];
}

/** "Dokter umum" from `dokter-umum`: a choice's value as words. */
const optionLabel = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ');

/** "PDF, PNG atau JPG". */
const typesText = (d: DocumentRequirement) => {
  const names = d.types.map((k) => FILE_LABEL[k] ?? k);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} atau ${names.at(-1)}` : names.join('');
};

/** What a data field needs, in words, for its hint and its error. */
function fieldRule(f: DataField): string {
  const unit = f.unit ? ` ${f.unit}` : '';
  const range =
    f.min !== undefined && f.max !== undefined
      ? ` antara ${f.min.replace('.', ',')} dan ${f.max.replace('.', ',')}${unit}`
      : f.min !== undefined
        ? ` paling sedikit ${f.min.replace('.', ',')}${unit}`
        : f.max !== undefined
          ? ` paling banyak ${f.max.replace('.', ',')}${unit}`
          : '';
  if (f.type === 'integer') return `Tulis bilangan bulat${range}.`;
  if (f.type === 'decimal') return `Tulis angka${range}, pecahan dengan koma (contoh 2,5).`;
  if (f.type === 'date') return 'Pilih tanggal.';
  if (f.type === 'choice') return `Pilih ${f.label.toLowerCase()}.`;
  return `${f.label} wajib diisi.`;
}

function dataControl(f: DataField, values: ApplyValues, error: string | undefined): SafeHtml {
  const base = {
    name: dataName(f.code),
    label: f.unit ? `${f.label} (${f.unit})` : f.label,
    error,
    required: f.required,
    value: values[dataName(f.code)],
  };
  if (f.type === 'choice')
    return selectField({
      ...base,
      empty: 'Pilih salah satu',
      options: (f.options ?? []).map((o) => ({ value: o, label: optionLabel(o) })),
    });
  if (f.type === 'date') return textField({ ...base, type: 'date' });
  if (f.type === 'integer' || f.type === 'decimal')
    return textField({
      ...base,
      hint: fieldRule(f),
      inputMode: f.type === 'integer' ? 'numeric' : 'decimal',
      maxLength: 20,
    });
  return textField({ ...base, maxLength: 2000 });
}

export interface ApplyForm {
  type: PermitType;
  action: string;
  values?: ApplyValues;
  errors?: FieldError[];
}

/** The application form: who applies, the type's data, the documents. */
export function applyPage(o: ApplyForm): SafeHtml {
  const { type: t } = o;
  const values = o.values ?? {};
  const errors = o.errors ?? [];
  const err = (name: string) => errors.find((e) => e.field === name)?.message;
  const again = errors.length
    ? notice({ tone: 'warn', body: html`<p>Demi keamanan, berkas yang sudah dipilih perlu dipilih lagi.</p>` })
    : '';
  return html`<h1>Ajukan ${t.name}</h1>
${errorSummary(errors)}${again}
<p>Isi data di bawah dan unggah dokumennya. Lama layanan: ${serviceDaysText(t)}.</p>
<form method="post" action="${o.action}" enctype="multipart/form-data" novalidate>
<h2>Data pemohon</h2>
${textField({ name: 'nama', label: 'Nama lengkap', value: values.nama, error: err('nama'), required: true, maxLength: 120, autocomplete: 'name' })}
${textField({ name: 'nik', label: 'NIK', hint: '16 angka, seperti pada KTP.', value: values.nik, error: err('nik'), maxLength: 16, inputMode: 'numeric', autocomplete: 'off' })}
${textField({ name: 'telepon', label: 'Nomor HP', hint: 'Untuk kabar tentang permohonan, contoh 0812-3456-7890.', type: 'tel', value: values.telepon, error: err('telepon'), maxLength: 20, autocomplete: 'tel' })}
${textField({ name: 'email', label: 'Alamat email', type: 'email', value: values.email, error: err('email'), maxLength: 200, autocomplete: 'email' })}
${t.fields.length ? html`<h2>Data permohonan</h2>${t.fields.map((f) => dataControl(f, values, err(dataName(f.code))))}` : ''}
${t.documents.length ? html`<h2>Dokumen</h2>${t.documents.map((d) => fileField({ name: fileName(d.code), label: d.label, hint: `Berkas ${typesText(d)}, paling besar ${formatSize(d.maxBytes)}.`, error: err(fileName(d.code)), required: d.required, accept: d.types.flatMap((k) => ACCEPT[k] ?? []) }))}` : ''}
${button('Kirim permohonan')}
</form>`;
}

/** Checks the form in the applicant's words; every problem at once, each on its field. */
export function parseApply(
  t: PermitType,
  values: ApplyValues,
  files: readonly UploadedFile[],
): { ok: true; input: ApplyInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const name = (values.nama ?? '').trim();
  if (name.length < 2) add('nama', 'Nama lengkap wajib diisi.');
  const nik = (values.nik ?? '').replace(/\s+/g, '');
  if (nik && !Nik.safeParse(nik).success) add('nik', 'NIK harus 16 angka seperti pada KTP.');
  const phone = (values.telepon ?? '').trim();
  if (phone && !IndonesianPhone.safeParse(phone).success) add('telepon', 'Tulis nomor HP seperti 0812-3456-7890.');
  const email = (values.email ?? '').trim();
  if (email && !z.email().safeParse(email).success) add('email', 'Tulis alamat email seperti nama@contoh.id.');

  const raw = Object.fromEntries(
    t.fields.flatMap((f) => {
      const v = (values[dataName(f.code)] ?? '').trim();
      if (!v) return [];
      return [[f.code, f.type === 'decimal' ? v.replace(/\./g, '').replace(',', '.') : v]];
    }),
  );
  const checked = checkData(t.fields, raw, { requireAll: true });
  for (const e of checked.errors) {
    const f = t.fields.find((x) => `data.${x.code}` === e.field);
    if (f) add(dataName(f.code), f.type === 'text' ? fieldRule(f) : `${f.label}: ${fieldRule(f)}`);
  }

  const documents: ApplyInput['documents'] = [];
  for (const d of t.documents) {
    const file = files.find((f) => f.field === fileName(d.code));
    if (!file) {
      if (d.required) add(fileName(d.code), `Unggah ${d.label.toLowerCase()}.`);
      continue;
    }
    if (file.bytes.length > d.maxBytes) add(fileName(d.code), `${d.label} paling besar ${formatSize(d.maxBytes)}.`);
    else if (!file.kind)
      add(fileName(d.code), `${d.label}: isi berkas bukan ${typesText(d)}, apa pun namanya. Pilih berkas lain.`);
    else if (!d.types.includes(file.kind)) add(fileName(d.code), `${d.label} harus berkas ${typesText(d)}.`);
    else documents.push({ requirement: d.code, bytes: file.bytes, fileName: file.fileName });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      applicant: { name, ...(nik ? { nik } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
      data: checked.data,
      documents,
    },
  };
}

/** The number and secret, shown once, with how to follow the application. */
export function appliedPage(o: {
  type: PermitType;
  registrationNumber: string;
  secret: string;
  track: string;
}): SafeHtml {
  return html`<h1>Permohonan terkirim</h1>
${notice({ tone: 'ok', role: 'status', body: html`<p>Permohonan ${o.type.name} Anda sudah kami terima dan menunggu pemeriksaan kelengkapan berkas.</p>` })}
<h2>Nomor registrasi</h2><p class="big">${o.registrationNumber}</p>
<h2>Kode rahasia</h2><p class="big">${o.secret}</p>
${notice({ tone: 'warn', title: 'Simpan sekarang', body: html`<p>Catat atau foto nomor registrasi dan kode rahasia ini. Kode rahasia hanya ditampilkan sekali dan tidak dapat ditampilkan lagi. Jangan berikan kode ini kepada siapa pun.</p>` })}
<h2>Langkah berikutnya</h2>
<p>Petugas memeriksa kelengkapan berkas dalam ${o.type.completenessCheckDays} hari kerja. Ikuti perkembangannya, pembayaran dan dokumen izin di halaman <a href="${o.track}">Lacak permohonan</a> dengan nomor registrasi dan kode rahasia di atas.</p>`;
}
