/**
 * Public scrutiny as pages: the flag form on a line (verify an e-mail with a one-time code, then the
 * flag is sent), the flags TAPD answered, and the savings of the review. Views only. The e-mail and
 * the NIK are never shown back except in the form the citizen is still filling in; the NIK not even there.
 */
import { formatRupiah } from '@sinergi/contracts';
import {
  button,
  errorSummary,
  formatDateTime,
  html,
  notice,
  textArea,
  textField,
  type FieldError,
  type SafeHtml,
} from '@sinergi/ui';
import type { Links } from './budget.js';

export const REASON = { min: 10, max: 1000 } as const;

const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

const PRIVACY = html`<p class="hint">Alamat e-mail Anda hanya dipakai untuk mengirim kode verifikasi dan tidak ditampilkan kepada siapa pun. Sistem hanya menyimpan sandi acaknya (hash), begitu pula NIK bila Anda mengisinya.</p>`;

const reasonField = (value: string | undefined, errors: readonly FieldError[]) =>
  textArea({
    name: 'alasan',
    label: 'Mengapa baris ini perlu diperiksa?',
    hint: `Tulis ${REASON.min} sampai ${REASON.max} karakter, misalnya: jumlahnya tidak masuk akal untuk satu kantor. Alasan Anda ditampilkan bersama jawaban TAPD, tanpa nama Anda.`,
    value,
    error: errorOf(errors, 'alasan'),
    required: true,
    maxLength: REASON.max,
  });

export const SESSION_ENDED = notice({
  tone: 'warn',
  body: html`<p>Verifikasi e-mail Anda sudah berakhir. Tulis alamat e-mail Anda lagi untuk menerima kode baru; alasan Anda tetap tersimpan di bawah.</p>`,
});

/** The first step: the reason and, without a verified e-mail in this browser, the e-mail (and optional NIK). */
export function flagForm(o: {
  action: string;
  summary: SafeHtml;
  verified: boolean;
  values?: { alasan?: string | undefined; email?: string | undefined };
  errors?: readonly FieldError[];
  note?: SafeHtml;
}): SafeHtml {
  const errors = o.errors ?? [];
  const identity = o.verified
    ? html`<p>E-mail Anda sudah terverifikasi di peramban ini (berlaku 24 jam), jadi tidak perlu kode lagi.</p>`
    : html`${textField({
        name: 'email',
        type: 'email',
        label: 'Alamat e-mail',
        hint: 'Kami mengirim kode 6 angka ke alamat ini untuk memastikan tanda dikirim oleh warga sungguhan.',
        value: o.values?.email,
        error: errorOf(errors, 'email'),
        required: true,
        autocomplete: 'email',
        maxLength: 254,
      })}${textField({
        name: 'nik',
        label: 'NIK',
        hint: '16 angka pada KTP Anda. Boleh dikosongkan.',
        error: errorOf(errors, 'nik'),
        maxLength: 16,
      })}${PRIVACY}`;
  return html`<h1>Tandai baris anggaran</h1>${errorSummary(errors)}${o.note ?? ''}${o.summary}<form method="post" action="${o.action}" novalidate>${reasonField(o.values?.alasan, errors)}${identity}${button(o.verified ? 'Kirim tanda' : 'Kirim kode ke e-mail saya')}</form>`;
}

/** The second step: the code from the e-mail; the verification and the reason ride along in hidden fields. */
export function codeForm(o: {
  action: string;
  restart: string;
  verification: string;
  alasan: string;
  minutes: number;
  errors?: readonly FieldError[];
}): SafeHtml {
  const errors = o.errors ?? [];
  return html`<h1>Periksa e-mail Anda</h1>${errorSummary(errors)}${
    errors.length
      ? ''
      : notice({
          tone: 'ok',
          role: 'status',
          body: html`<p>Kami sudah mengirim kode 6 angka ke alamat e-mail yang Anda tulis. Kode berlaku ${o.minutes} menit. Bila tidak ada di kotak masuk, periksa folder spam.</p>`,
        })
  }<form method="post" action="${o.action}" novalidate><input type="hidden" name="verifikasi" value="${o.verification}"><input type="hidden" name="alasan" value="${o.alasan}">${textField(
    {
      name: 'kode',
      label: 'Kode verifikasi',
      hint: 'Enam angka dari e-mail kami, tanpa spasi.',
      error: errorOf(errors, 'kode'),
      required: true,
      maxLength: 6,
      autocomplete: 'one-time-code',
    },
  )}${button('Kirim tanda')}</form><p>Tidak menerima kode? <a href="${o.restart}">Minta kode baru</a>.</p>`;
}

export function flagSentPage(o: { answers: string; back: string }): SafeHtml {
  return html`<h1>Terima kasih, tanda Anda sudah kami terima</h1>${notice({
    tone: 'ok',
    role: 'status',
    body: html`<p>TAPD memeriksa setiap tanda dari warga lalu menjawabnya. Jawaban tampil di halaman <a href="${o.answers}">Tanda dari warga dan jawaban TAPD</a>, tanpa nama atau e-mail Anda.</p>`,
  })}<h2>Apa selanjutnya</h2><ul><li>Anda tidak perlu melakukan apa pun lagi.</li><li>Selama 24 jam Anda dapat menandai baris lain tanpa kode baru, paling banyak beberapa baris sehari.</li></ul><p><a href="${o.back}">Kembali ke anggaran perangkat daerah</a></p>`;
}

export interface PublicFlag {
  unitName: string;
  unitHref: string;
  component: string;
  total: bigint;
  reason: string;
  status: string;
  answer: string | null;
  moderatedAt: Date | null;
}

const FLAG_STATUS: Record<string, string> = {
  accepted: 'Diterima: TAPD menindaklanjuti',
  rejected: 'Tidak diterima',
};

export function flagsPage(o: { year: number; flags: readonly PublicFlag[]; timeZone: string; links: Links }): SafeHtml {
  const { year, flags } = o;
  return html`<h1>Tanda dari warga dan jawaban TAPD ${year}</h1><p>Warga yang sudah memverifikasi e-mail dapat menandai baris anggaran yang janggal. TAPD memeriksa setiap tanda; di sini tampil tanda yang sudah dijawab, tanpa identitas pengirimnya.</p>${
    flags.length === 0
      ? notice({ body: html`<p>Belum ada tanda dari warga yang dijawab TAPD untuk tahun ${year}.</p>` })
      : html`<ul class="cards">${flags.map(
          (f) =>
            html`<li><h2>${f.component}</h2><p class="meta"><a href="${f.unitHref}">${f.unitName}</a> · ${formatRupiah(f.total)}</p><p><strong>Alasan warga:</strong> ${f.reason}</p><p><strong>${FLAG_STATUS[f.status] ?? 'Sudah dijawab'}.</strong> ${f.answer ?? ''}</p>${f.moderatedAt ? html`<p class="meta">Dijawab ${formatDateTime(f.moderatedAt, o.timeZone)}</p>` : ''}</li>`,
        )}</ul>`
  }<p><a href="${o.links.to(`/anggaran/${year}`)}">Kembali ke anggaran tahun ${year}</a></p>`;
}

export interface SavingsRow {
  unitName: string;
  reason: string;
  activities: number;
  lines: number;
  saved: bigint;
}

export function savingsPage(o: { year: number; rows: readonly SavingsRow[]; links: Links }): SafeHtml {
  const { year, rows } = o;
  const activities = rows.reduce((n, r) => n + r.activities, 0);
  const saved = rows.reduce((n, r) => n + r.saved, 0n);
  return html`<h1>Penghematan anggaran ${year}</h1><p>Sub kegiatan yang dihapus TAPD saat menelaah rancangan anggaran, per perangkat daerah dan alasannya, dengan jumlah rupiah yang dihemat.</p>${
    rows.length === 0
      ? notice({ body: html`<p>Belum ada sub kegiatan yang dihapus untuk tahun ${year}.</p>` })
      : html`${notice({ tone: 'ok', body: html`<p><strong>${activities} sub kegiatan dihapus, ${formatRupiah(saved)} dihemat.</strong></p>` })}<ul class="cards">${rows.map(
          (r) =>
            html`<li><h2>${r.unitName}</h2><p><strong>${formatRupiah(r.saved)}</strong> dihemat dari ${r.activities} sub kegiatan (${r.lines} rincian belanja).</p><p>Alasan: ${r.reason || 'tidak dicatat'}</p></li>`,
        )}</ul>`
  }<p><a href="${o.links.to(`/anggaran/${year}`)}">Kembali ke anggaran tahun ${year}</a></p>`;
}

/** What a citizen reads where the region has not opened scrutiny (no key or no mail relay). */
export function closedPage(back: string): SafeHtml {
  return html`<h1>Penandaan oleh warga belum dibuka</h1>${notice({
    body: html`<p>Pemerintah daerah ini belum membuka penandaan baris anggaran oleh warga. Anda tetap dapat membaca seluruh anggaran yang sudah disetujui.</p>`,
  })}<p><a href="${back}">Kembali ke anggaran</a></p>`;
}
