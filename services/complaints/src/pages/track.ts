/**
 * The track page (`/lapor/lacak/{trackingId}`): the report as the JSON tracking view gives it to its
 * reader (public, or the reporter with the private link): the same `viewReport`, so the same masking.
 * With the private link: reply, accept or dispute, and the rating link once there is one.
 */
import { findCategory, findUnit, type RegionProfile } from '@sinergi/contracts';
import {
  badge,
  button,
  errorSummary,
  facts,
  formatDate,
  formatDateTime,
  html,
  notice,
  textArea,
  textField,
  timeline,
  type FieldError,
  type SafeHtml,
} from '@sinergi/ui';
import type { ReportView } from '../reports/views.js';
import { FINAL_STATUSES } from '../reports/workflow.js';
import {
  actionLabel,
  actorLabel,
  deadlineLabel,
  statusExplained,
  statusLabel,
  statusTone,
  TYPE_LABEL,
} from './text.js';

export interface TrackOptions {
  profile: RegionProfile;
  report: ReportView;
  /** The reporter's secret when the private link was used: the forms carry it in their body. */
  secret?: string | undefined;
  /** Where the forms post. */
  action: string;
  errors?: FieldError[];
  note?: string | undefined;
  done?: string | undefined;
  /** The attached photo's address, when there is one and this reader may see it. */
  photoUrl?: string | undefined;
}

const DONE: Record<string, string> = {
  balas: 'Balasan Anda sudah terkirim.',
  terima: 'Terima kasih. Laporan Anda sudah selesai.',
  sanggah: 'Sanggahan Anda sudah terkirim. Unit kerja akan menindaklanjuti kembali.',
};

function reporterLine(r: ReportView): string {
  if (r.anonim) return 'Anonim';
  return r.reporter?.name ?? 'Tidak disebutkan';
}

function reporterForms(o: TrackOptions): SafeHtml | '' {
  const r = o.report;
  if (o.secret === undefined) return '';
  const hidden = html`<input type="hidden" name="kunci" value="${o.secret}">`;
  const rating = r.ratingInvitation
    ? notice({
        tone: 'ok',
        title: 'Beri penilaian',
        body: html`<p>Bagaimana penanganan laporan ini? Penilaian Anda membantu memperbaiki layanan.</p><p><a class="button" href="${r.ratingInvitation.url}" rel="noreferrer">Beri penilaian</a></p>`,
      })
    : '';
  if (FINAL_STATUSES.includes(r.status)) return rating;
  const err = o.errors?.find((e) => e.field === 'catatan')?.message;
  const decide =
    r.status === 'followed-up'
      ? html`<h2>Apakah masalahnya sudah selesai?</h2><p>Terima bila masalah sudah teratasi. Sanggah bila belum, dan tulis alasannya di kotak balasan.</p>`
      : html`<h2>Balas</h2><p>${r.status === 'deferred' ? 'Petugas menunggu keterangan tambahan dari Anda.' : 'Tambahkan keterangan untuk petugas.'}</p>`;
  const buttons =
    r.status === 'followed-up'
      ? html`${button('Terima', { name: 'aksi', value: 'terima' })} ${button('Sanggah', { name: 'aksi', value: 'sanggah', secondary: true })}`
      : button('Kirim balasan', { name: 'aksi', value: 'balas' });
  return html`${errorSummary(o.errors ?? [])}${decide}<form method="post" action="${o.action}" novalidate>${hidden}${textArea({ name: 'catatan', label: r.status === 'followed-up' ? 'Catatan' : 'Balasan', value: o.note, error: err, maxLength: 4000, required: r.status !== 'followed-up' })}${buttons}</form>`;
}

export function trackPage(o: TrackOptions): SafeHtml {
  const { profile, report: r } = o;
  const tz = profile.timeZone;
  const unit = r.unit ? (findUnit(profile, r.unit)?.name ?? r.unit) : 'Belum ditentukan';
  const category = findCategory(profile, r.category)?.name ?? r.category;
  const entries = r.timeline.map((t) => ({
    at: t.at,
    title: actionLabel(t.action),
    detail: html`<span class="meta">oleh ${actorLabel(t.actor)}${t.unit && t.action !== 'reply' ? html` · ${findUnit(profile, t.unit)?.name ?? t.unit}` : ''}</span>${t.note && t.action !== 'privacy' ? html`<br>${t.note}` : ''}`,
  }));
  return html`<h1>${r.title}</h1>
<p>${badge(statusLabel(r.status), statusTone(r.status))} <span class="meta">Nomor ${r.trackingId}</span></p>
${o.done && DONE[o.done] ? notice({ tone: 'ok', role: 'status', body: html`<p>${DONE[o.done]}</p>` }) : ''}
${o.secret !== undefined ? notice({ tone: 'warn', body: html`<p>Anda membuka <strong>tautan pribadi</strong> laporan ini. Jangan bagikan tautan ini.</p>` }) : ''}
<p>${statusExplained(r.status)}</p>
${facts([
  ['Jenis', TYPE_LABEL[r.type] ?? r.type],
  ['Kategori', category],
  ['Ditangani oleh', unit],
  // the clock starts when the channel received the report (an SMS, a letter), which may precede its recording
  ['Diterima', formatDateTime(r.receivedAt, tz)],
  // a deadline ends at local midnight: the citizen reads the last day, not "00.00" of the next one
  [
    r.deadline ? deadlineLabel(r.deadline.kind) : '',
    r.deadline ? `paling lambat ${formatDate(new Date(Date.parse(r.deadline.due) - 1), tz)}` : null,
  ],
  ['Alamat', r.address],
  ['Pelapor', reporterLine(r)],
  ['Dukungan', r.supporters > 0 ? `${r.supporters} laporan serupa` : null],
  ['Mendukung laporan', r.supporting],
  ['Diteruskan ke', r.handedOverTo?.name ?? r.forwardedTo],
])}
<h2>Isi laporan</h2><p>${r.description}</p>
${o.photoUrl ? html`<h2>Foto</h2><p><img src="${o.photoUrl}" alt="Foto yang dilampirkan pelapor" loading="lazy"></p>` : ''}
${r.resolution ? html`<h2>Jawaban unit kerja</h2>${notice({ tone: 'ok', body: html`<p>${r.resolution}</p>${r.followedUpAt ? html`<p class="meta">${formatDateTime(r.followedUpAt, tz)}</p>` : ''}` })}` : ''}
${reporterForms(o)}
<h2>Riwayat</h2>${timeline(entries, tz)}`;
}

/** The page asking for a tracking number (`/lapor/lacak`). */
export function lookupPage(
  action: string,
  o: { value?: string | undefined; error?: string | undefined } = {},
): SafeHtml {
  const field = textField({
    name: 'nomor',
    label: 'Nomor laporan',
    hint: 'Contoh: LPR-7K3M-Q9XD',
    value: o.value,
    error: o.error,
    required: true,
    maxLength: 20,
  });
  return html`<h1>Lacak laporan</h1>${o.error ? errorSummary([{ field: 'nomor', message: o.error }]) : ''}<form method="get" action="${action}">${field}${button('Lacak')}</form>`;
}
