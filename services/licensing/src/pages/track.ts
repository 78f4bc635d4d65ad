/**
 * Following an application (`/izin/lacak`): a form for the registration number and the secret, posted
 * (so the secret never lands in a URL, a log line, a referrer or the history), and the application as
 * the applicant's JSON view gives it (`viewForApplicant`: the same masking): status in words, the
 * clock as a local date, what happens next, the payment due, returned items, the objection window,
 * and once issued the permit's PDF (posted again with the secret) and its public verification.
 */
import { formatLastDay, formatRupiah } from '@sinergi/contracts';
import {
  badge,
  button,
  errorSummary,
  facts,
  formatDateTime,
  html,
  notice,
  textArea,
  textField,
  timeline,
  type FieldError,
  type SafeHtml,
  type Tone,
} from '@sinergi/ui';
import type { ApplicationView } from '../applications/views.js';

const TONE: Record<string, Tone> = { green: 'ok', yellow: 'warn', red: 'bad', grey: 'info' };

/** What the deadline of each status means for the applicant. */
const DEADLINE_LABEL: Record<string, string> = {
  submitted: 'Batas pemeriksaan kelengkapan',
  complete: 'Batas waktu keputusan',
  'in-review': 'Batas waktu keputusan',
  'fee-assessed': 'Batas waktu keputusan',
  returned: 'Batas melengkapi berkas',
  objected: 'Batas keputusan atas keberatan',
  rejected: 'Batas mengajukan keberatan',
};

/** Timeline steps in the applicant's words. */
const ACTION_LABEL: Record<string, string> = {
  create: 'Permohonan dibuat',
  submit: 'Permohonan diajukan',
  withdraw: 'Permohonan dibatalkan',
  return: 'Berkas dikembalikan untuk dilengkapi',
  complete: 'Berkas dinyatakan lengkap',
  'deem-complete': 'Berkas dianggap lengkap (batas pemeriksaan terlewati)',
  'start-review': 'Verifikasi teknis atau peninjauan lapangan dimulai',
  'record-findings': 'Hasil pemeriksaan dicatat',
  'assess-fee': 'Biaya ditetapkan',
  approve: 'Permohonan disetujui',
  reject: 'Permohonan ditolak',
  'confirm-payment': 'Pembayaran diterima',
  issue: 'Izin terbit',
  'deem-grant': 'Permohonan dianggap dikabulkan (fiktif positif)',
  'deem-approve': 'Permohonan dianggap dikabulkan (fiktif positif)',
  'remind-completion': 'Pengingat untuk melengkapi berkas',
  lapse: 'Permohonan gugur',
  object: 'Keberatan diajukan',
  'uphold-rejection': 'Keberatan ditolak',
  'grant-objection': 'Keberatan dikabulkan',
  'deem-grant-objection': 'Keberatan dianggap dikabulkan',
};

const ACTOR_LABEL: Record<string, string> = {
  applicant: 'Anda',
  unit: 'petugas',
  officer: 'petugas',
  'unit-head': 'kepala unit',
  admin: 'petugas',
  integrator: 'sistem pembayaran',
  system: 'sistem',
};

export interface LookupValues {
  nomor?: string | undefined;
  errors?: FieldError[];
}

/** The form asking for the registration number and the secret; posted, never in the address. */
export function lookupPage(action: string, o: LookupValues = {}): SafeHtml {
  const err = (f: string) => o.errors?.find((e) => e.field === f)?.message;
  return html`<h1>Lacak permohonan izin</h1>
${errorSummary(o.errors ?? [])}
<p>Tulis nomor registrasi dan kode rahasia yang Anda terima saat mengajukan permohonan.</p>
<form method="post" action="${action}" novalidate>
${textField({ name: 'nomor', label: 'Nomor registrasi', hint: 'Contoh: IZN-7K3M-Q9XD', value: o.nomor, error: err('nomor'), required: true, maxLength: 30, autocomplete: 'off' })}
${textField({ name: 'kunci', label: 'Kode rahasia', hint: 'Jangan berikan kode ini kepada siapa pun.', error: err('kunci'), required: true, maxLength: 200, autocomplete: 'off' })}
${button('Lacak')}
</form>`;
}

export interface TrackOptions {
  view: ApplicationView;
  timeZone: string;
  secret: string;
  /** Where the PDF form posts. */
  pdfAction: string;
  /** Where the objection (keberatan) form posts. */
  objectionAction: string;
  /** What just happened: `keberatan` (an objection was filed), `alasan` (its reasons were missing), `ditutup` (too late). */
  done?: string | undefined;
  /** The permit's public verification address (the QR code's). */
  verifyUrl: string | undefined;
}

function paymentPart(v: ApplicationView, tz: string): SafeHtml | '' {
  if (v.next.amountDue)
    return notice({
      tone: 'warn',
      title: 'Pembayaran',
      body: html`${facts([
        ['Jenis biaya', v.feeName],
        ['Jumlah', formatRupiah(BigInt(v.next.amountDue))],
        ['Kode pembayaran', v.registrationNumber],
      ])}<p>Sebutkan kode pembayaran ini saat membayar di bank atau kanal pembayaran daerah.</p>`,
    });
  if (v.payment)
    return html`<h2>Pembayaran</h2>${facts([
      ['Nomor bukti bayar', v.payment.reference],
      ['Dibayar', v.payment.paidAt && formatDateTime(v.payment.paidAt, tz)],
    ])}`;
  return '';
}

function permitPart(o: TrackOptions): SafeHtml | '' {
  const p = o.view.permit;
  if (!p) return '';
  const status = p.status === 'active' ? 'Berlaku' : p.status === 'expired' ? 'Sudah tidak berlaku' : 'Dicabut';
  return html`<h2>Izin Anda</h2>${facts([
    ['Nomor izin', p.number],
    ['Status izin', status],
    ['Terbit', formatDateTime(p.issuedAt, o.timeZone)],
    ['Berlaku sampai', p.validUntil ? formatLastDay(p.validUntil, o.timeZone) : 'Tidak dibatasi waktu'],
  ])}<form method="post" action="${o.pdfAction}"><input type="hidden" name="nomor" value="${o.view.registrationNumber}"><input type="hidden" name="kunci" value="${o.secret}">${button('Unduh dokumen izin (PDF)')}</form>${o.verifyUrl ? html`<p>Siapa pun dapat memeriksa keaslian izin ini di <a href="${o.verifyUrl}" rel="noreferrer">halaman verifikasi izin</a>.</p>` : ''}`;
}

const DONE: Record<string, SafeHtml> = {
  keberatan: notice({
    tone: 'ok',
    role: 'status',
    body: html`<p>Keberatan Anda sudah diterima. Petugas wajib memutuskannya sebelum batas waktu di bawah.</p>`,
  }),
  alasan: notice({
    tone: 'bad',
    role: 'alert',
    body: html`<p>Keberatan belum terkirim: tulis alasan keberatan Anda (3 sampai 1000 karakter).</p>`,
  }),
  ditutup: notice({
    tone: 'bad',
    role: 'alert',
    body: html`<p>Keberatan tidak dapat diajukan lagi: batas waktunya sudah lewat atau keberatan sudah pernah diajukan.</p>`,
  }),
};

/** The objection (keberatan) against a rejection, while its window is open: reasons, posted with the secret. */
function objectionPart(o: TrackOptions): SafeHtml | '' {
  const v = o.view;
  if (v.status !== 'rejected' || !v.objection.until) return '';
  return notice({
    title: 'Keberatan',
    body: html`<p>Anda dapat mengajukan keberatan atas penolakan ini paling lambat ${formatLastDay(v.objection.until, o.timeZone)}, satu kali.</p><form method="post" action="${o.objectionAction}"><input type="hidden" name="nomor" value="${v.registrationNumber}"><input type="hidden" name="kunci" value="${o.secret}">${textArea({ name: 'alasan', label: 'Alasan keberatan', hint: 'Jelaskan mengapa penolakan ini menurut Anda keliru.', required: true, maxLength: 1000, error: o.done === 'alasan' ? 'Alasan keberatan wajib diisi.' : undefined })}${button('Ajukan keberatan')}</form>`,
  });
}

/** The application, for whoever gave its number and secret. */
export function trackPage(o: TrackOptions): SafeHtml {
  const { view: v, timeZone: tz } = o;
  const due = v.next.deadline;
  const returned = v.returnedItems ?? [];
  const labelOf = (req: string) => v.checklist.find((c) => c.requirement === req)?.label ?? req;
  const entries = v.timeline.map((t) => ({
    at: t.at,
    title: ACTION_LABEL[t.action] ?? t.label,
    detail: html`<span class="meta">oleh ${ACTOR_LABEL[t.actorRole] ?? 'petugas'}</span>${t.note ? html`<br>${t.note}` : ''}`,
  }));
  return html`${(o.done && DONE[o.done]) || ''}<h1>${v.permitType.name}</h1>
<p>${badge(v.statusLabel, TONE[v.statusColour] ?? 'info')} <span class="meta">Nomor registrasi ${v.registrationNumber}</span></p>
${notice({ tone: 'warn', body: html`<p>Halaman ini memuat data permohonan Anda. Tutup halaman setelah selesai bila Anda memakai perangkat bersama.</p>` })}
<h2>Langkah berikutnya</h2><p>${v.next.text}</p>
${facts([
  [DEADLINE_LABEL[v.status] ?? 'Batas waktu', due ? `paling lambat ${formatLastDay(due, tz)}` : null],
  ['Lama layanan', v.serviceStandardDays ? `${v.serviceStandardDays} hari kerja sejak berkas lengkap` : null],
  ['Diajukan', v.submittedAt && formatDateTime(v.submittedAt, tz)],
  ['Berkas lengkap', v.completedAt && formatDateTime(v.completedAt, tz)],
  ['Biaya yang ditetapkan', v.fee && v.fee !== '0' ? `${formatRupiah(BigInt(v.fee))} (${v.feeName})` : null],
])}
${returned.length ? html`<h2>Yang perlu dilengkapi</h2><ul>${returned.map((i) => html`<li><strong>${labelOf(i.requirement)}</strong>: ${i.reason}</li>`)}</ul>` : ''}
${v.rejectionReasons?.length ? html`<h2>Alasan penolakan</h2><ul>${v.rejectionReasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
${objectionPart(o)}
${paymentPart(v, tz)}
${permitPart(o)}
${v.ratingInvitation ? html`<p><a class="button" href="${v.ratingInvitation.url}" rel="noreferrer">Beri penilaian atas layanan ini</a></p>` : ''}
<h2>Riwayat</h2>${timeline(entries, tz)}`;
}
