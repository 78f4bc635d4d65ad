/**
 * The start page (`/lapor/`): choose a category, describe, where, anonim / rahasia, contact; and the
 * confirmation with the tracking number and the private link. The form is validated by the API's own
 * `SubmitBody`, so the page and `POST /v1/reports` accept exactly the same reports; only the words differ.
 */
import { findUnit, type RegionProfile } from '@sinergi/contracts';
import {
  button,
  choices,
  errorSummary,
  fileField,
  formatSize,
  html,
  notice,
  selectField,
  textArea,
  textField,
  type FieldError,
  type FormFields,
  type SafeHtml,
} from '@sinergi/ui';
import type { z } from 'zod';
import type { UploadedFile } from '@sinergi/service-kit';
import { PHOTO_MAX_BYTES, type Photo } from '../reports/photos.js';
import { SubmitBody } from '../reports/schemas.js';

/** The form's photo, if one was chosen: JPEG or PNG by its content, within the size limit. */
export function checkPhoto(files: readonly UploadedFile[]): { photo?: Photo; errors: FieldError[] } {
  const file = files.find((f) => f.field === F.photo);
  if (!file) return { errors: [] };
  if (file.bytes.length > PHOTO_MAX_BYTES)
    return { errors: [{ field: F.photo, message: `Foto paling besar ${formatSize(PHOTO_MAX_BYTES)}.` }] };
  if (file.kind !== 'jpeg' && file.kind !== 'png')
    return {
      errors: [
        { field: F.photo, message: 'Isi berkas ini bukan foto JPG atau PNG, apa pun namanya. Pilih foto lain.' },
      ],
    };
  return { photo: { bytes: file.bytes, kind: file.kind }, errors: [] };
}

/** Form field names (Indonesian, they appear in the address bar and in error links). */
export const F = {
  category: 'kategori',
  title: 'judul',
  description: 'isi',
  address: 'alamat',
  district: 'kecamatan',
  privacy: 'privasi',
  name: 'nama',
  phone: 'telepon',
  email: 'email',
  photo: 'foto',
  lat: 'lintang',
  lon: 'bujur',
} as const;

const LOCATION_HINT = 'Tulis garis lintang dan bujur dalam derajat desimal, misalnya -6,8915 dan 107,6107.';

/** A degree typed as Indonesians write it ("-6,8915") or as a map gives it ("-6.8915"); undefined when it is not a number. */
const degrees = (s: string | undefined) => {
  const t = (s ?? '').trim().replace(',', '.');
  return /^-?\d{1,3}(\.\d{1,8})?$/.test(t) ? Number(t) : undefined;
};

/** The typed position: both numbers, or neither; otherwise the field to correct. */
function typedLocation(v: FormFields): { location?: { lat: number; lon: number }; error?: FieldError } {
  const lat = v[F.lat]?.trim();
  const lon = v[F.lon]?.trim();
  if (!lat && !lon) return {};
  const a = degrees(lat);
  const b = degrees(lon);
  if (a === undefined) return { error: { field: F.lat, message: `Garis lintang tidak valid. ${LOCATION_HINT}` } };
  if (b === undefined) return { error: { field: F.lon, message: `Garis bujur tidak valid. ${LOCATION_HINT}` } };
  return { location: { lat: a, lon: b } };
}

const LABELS: Record<string, string> = {
  category: 'Kategori',
  title: 'Judul laporan',
  description: 'Isi laporan',
  address: 'Alamat atau lokasi',
  districtCode: 'Kecamatan',
  name: 'Nama',
  phone: 'Nomor HP',
  email: 'Alamat e-mail',
};

/** Which form field an API field is, for the error summary's links. */
const FIELD_OF: Record<string, string> = {
  category: F.category,
  title: F.title,
  description: F.description,
  address: F.address,
  districtCode: F.district,
  name: F.name,
  phone: F.phone,
  email: F.email,
  lat: F.lat,
  lon: F.lon,
  location: F.lat,
};

export interface StartForm {
  values: FormFields;
  privacy: string[];
  errors: FieldError[];
}

export const emptyStart = (): StartForm => ({ values: {}, privacy: ['anonim'], errors: [] });

/** The kecamatan offices of the directory, as (district code, name) choices. */
export function districtsOf(profile: RegionProfile) {
  return profile.units
    .filter((u) => u.kind === 'kecamatan' && u.districtCode)
    .map((u) => ({ value: u.districtCode!, label: u.name.replace(/^Kecamatan /, '') }));
}

function messageFor(field: string, issue: z.core.$ZodIssue): string {
  const label = LABELS[field] ?? field;
  if (field === 'category') return 'Pilih kategori laporan.';
  if (field === 'phone') return 'Nomor HP tidak valid. Tulis nomor seluler Indonesia, misalnya 0812-3456-7890.';
  if (field === 'email') return 'Alamat e-mail tidak valid, misalnya nama@contoh.id.';
  if (issue.code === 'too_small')
    return issue.minimum === 1 ? `${label} wajib diisi.` : `${label} minimal ${String(issue.minimum)} karakter.`;
  if (issue.code === 'too_big') return `${label} maksimal ${String(issue.maximum)} karakter.`;
  return `${label} tidak valid.`;
}

export type ParsedStart = { ok: true; input: z.output<typeof SubmitBody> } | { ok: false; errors: FieldError[] };

/** The posted form as the API's submission, or the Indonesian errors of each field (one per field). */
export function parseStart(v: FormFields, privacy: string[]): ParsedStart {
  const opt = (s: string | undefined) => (s && s.trim() !== '' ? s : undefined);
  const reporter = { name: opt(v[F.name]), phone: opt(v[F.phone]), email: opt(v[F.email]) };
  const typed = typedLocation(v);
  if (typed.error) return { ok: false, errors: [typed.error] };
  const parsed = SubmitBody.safeParse({
    ...(typed.location ? { location: typed.location } : {}),
    category: v[F.category] ?? '',
    title: v[F.title] ?? '',
    description: v[F.description] ?? '',
    ...(opt(v[F.address]) ? { address: v[F.address] } : {}),
    ...(opt(v[F.district]) ? { districtCode: v[F.district] } : {}),
    ...(Object.values(reporter).some(Boolean)
      ? { reporter: Object.fromEntries(Object.entries(reporter).filter(([, x]) => x)) }
      : {}),
    anonim: privacy.includes('anonim'),
    rahasia: privacy.includes('rahasia'),
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors = new Map<string, FieldError>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path.at(-1) ?? issue.path[0] ?? '');
    const name = FIELD_OF[field];
    if (name && !errors.has(name)) errors.set(name, { field: name, message: messageFor(field, issue) });
  }
  if (errors.size === 0)
    errors.set(F.title, { field: F.title, message: 'Isian tidak dapat diproses. Periksa kembali.' });
  return { ok: false, errors: [...errors.values()] };
}

/** The region's own refusal (`invalid_report`'s fields) in the form's words. */
export function regionErrors(fields: string[]): FieldError[] {
  return fields.flatMap((f): FieldError[] =>
    f === 'category'
      ? [{ field: F.category, message: 'Pilih kategori laporan.' }]
      : f === 'districtCode'
        ? [{ field: F.district, message: 'Pilih kecamatan dari daftar.' }]
        : f === 'location'
          ? [{ field: F.lat, message: `Titik lokasi berada di luar Indonesia. ${LOCATION_HINT}` }]
          : [],
  );
}

export function startPage(profile: RegionProfile, form: StartForm, action: string): SafeHtml {
  const v = form.values;
  const err = (name: string) => form.errors.find((e) => e.field === name)?.message;
  const categories = profile.complaintCategories.map((c) => ({
    value: c.code,
    label: c.name,
    hint: `Ditangani oleh ${findUnit(profile, c.defaultUnit)?.name ?? 'unit kerja terkait'}.`,
  }));
  return html`<h1>Sampaikan laporan</h1>
<p>Laporkan masalah layanan publik di ${profile.name}. Anda akan menerima nomor laporan untuk memantau tindak lanjutnya.</p>
${errorSummary(form.errors)}
<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
${choices({ type: 'radio', name: F.category, label: 'Kategori', hint: 'Pilih yang paling sesuai.', options: categories, checked: v[F.category] ? [v[F.category]!] : [], error: err(F.category), required: true })}
${textField({ name: F.title, label: 'Judul laporan', hint: 'Singkat, misalnya "Jalan berlubang di Jl. Dago".', value: v[F.title], error: err(F.title), required: true, maxLength: 150 })}
${textArea({ name: F.description, label: 'Isi laporan', hint: 'Ceritakan apa yang terjadi, sejak kapan, dan dampaknya. Minimal 10 karakter.', value: v[F.description], error: err(F.description), required: true, maxLength: 4000 })}
${textField({ name: F.address, label: 'Alamat atau lokasi', hint: 'Nama jalan, nomor, patokan terdekat.', value: v[F.address], error: err(F.address), maxLength: 500, autocomplete: 'street-address' })}
${fileField({ name: F.photo, label: 'Foto', hint: `Foto JPG atau PNG, paling besar ${formatSize(PHOTO_MAX_BYTES)}. Data lokasi dan perangkat di dalam foto dihapus sebelum disimpan.${form.errors.length ? ' Bila sudah memilih foto, pilih lagi.' : ''}`, error: err(F.photo), accept: ['.jpg', '.jpeg', '.png', 'image/jpeg', 'image/png'] })}
<fieldset><legend>Titik lokasi (tidak wajib)</legend><p class="hint">${LOCATION_HINT} Angka ini ada di aplikasi peta ponsel Anda saat menekan lama sebuah titik.</p>
${textField({ name: F.lat, label: 'Garis lintang', value: v[F.lat], error: err(F.lat), maxLength: 20, inputMode: 'decimal' })}
${textField({ name: F.lon, label: 'Garis bujur', value: v[F.lon], error: err(F.lon), maxLength: 20, inputMode: 'decimal' })}
</fieldset>
${selectField({ name: F.district, label: 'Kecamatan', value: v[F.district], options: districtsOf(profile), empty: 'Tidak tahu / tidak dipilih', error: err(F.district) })}
${choices({
  type: 'checkbox',
  name: F.privacy,
  label: 'Privasi',
  hint: 'Anda dapat memilih keduanya.',
  checked: form.privacy,
  options: [
    {
      value: 'anonim',
      label: 'Anonim',
      hint: 'Nama dan kontak Anda tidak ditampilkan kepada publik maupun unit kerja yang menangani. Hanya verifikator yang dapat melihatnya.',
    },
    {
      value: 'rahasia',
      label: 'Rahasia',
      hint: 'Laporan tidak ditampilkan di daftar publik dan hanya dapat dilihat oleh petugas serta Anda sendiri melalui tautan pribadi.',
    },
  ],
})}
<fieldset><legend>Kontak (tidak wajib)</legend><p class="hint">Agar petugas dapat menghubungi Anda bila perlu. Tidak pernah ditampilkan kepada publik.</p>
${textField({ name: F.name, label: 'Nama', value: v[F.name], error: err(F.name), maxLength: 120, autocomplete: 'name' })}
${textField({ name: F.phone, label: 'Nomor HP', type: 'tel', value: v[F.phone], error: err(F.phone), maxLength: 30, autocomplete: 'tel' })}
${textField({ name: F.email, label: 'Alamat e-mail', type: 'email', value: v[F.email], error: err(F.email), maxLength: 200, autocomplete: 'email' })}
</fieldset>
${button('Kirim laporan')}
</form>`;
}

/** After submitting: the number to keep and the private link (the secret is stored hashed, so only this link holds it). */
export function confirmationPage(o: {
  trackingId: string;
  privateLink: string;
  publicLink: string;
  supporting: string | null;
  rahasia: boolean;
}): SafeHtml {
  return html`<h1>Laporan terkirim</h1>
${notice({ tone: 'ok', role: 'status', body: html`<p>Nomor laporan Anda:</p><p class="big">${o.trackingId}</p>` })}
${o.supporting ? notice({ body: html`<p>Laporan serupa di dekat lokasi Anda sudah ada (${o.supporting}). Laporan Anda dihitung sebagai dukungan untuk laporan tersebut.</p>` }) : ''}
<h2>Tautan pribadi</h2>
<p>Simpan tautan ini. Hanya dengan tautan ini Anda dapat membalas pertanyaan petugas, menerima atau menyanggah tindak lanjut, dan memberi penilaian. Jangan bagikan kepada orang lain.</p>
<p><a class="button" href="${o.privateLink}">Buka tautan pribadi</a></p>
<p class="hint">Tautan: <span>${o.privateLink}</span></p>
${o.rahasia ? '' : html`<p>Orang lain dapat mengikuti laporan ini tanpa data pribadi Anda di <a href="${o.publicLink}">halaman laporan</a>.</p>`}`;
}
