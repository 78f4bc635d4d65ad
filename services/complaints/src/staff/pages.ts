/**
 * The staff console's pages for complaints (`/staf/lapor/`): the queue and one report with its
 * timeline and the forms its reader may use. What a page shows of a report is the staff JSON view
 * (`staffViewReport`, `listStaffReports`) for the same reader, so anonim and rahasia hold exactly as
 * there: unit staff never see an anonymous reporter, auditors read free text masked.
 */
import { findCategory, findUnit, type RegionProfile, type ReportStatus } from '@sinergi/contracts';
import {
  badge,
  button,
  errorSummary,
  facts,
  formatDate,
  formatDateTime,
  html,
  notice,
  selectField,
  textArea,
  timeline,
  type FieldError,
  type SafeHtml,
} from '@sinergi/ui';
import { actionLabel, actorLabel, deadlineLabel, statusLabel, statusTone, TYPE_LABEL } from '../pages/text.js';
import type { StaffReader } from '../reports/actors.js';
import type { ReportView } from '../reports/views.js';

export const BASE = '/staf/lapor';
export const reportPath = (trackingId: string) => `${BASE}/laporan/${encodeURIComponent(trackingId)}`;

export interface QueueRow {
  trackingId: string;
  title: string;
  status: ReportStatus;
  unit: string | null;
  deadline: { kind: string; due: string } | null;
  overdue: boolean;
  anonim: boolean;
  rahasia: boolean;
}

const unitName = (profile: RegionProfile, unit: string | null) =>
  unit ? (findUnit(profile, unit)?.name ?? unit) : 'Belum ditentukan';

/** A deadline ends at local midnight: staff read the last day, as citizens do. */
const lastDay = (due: string, tz: string) => formatDate(new Date(Date.parse(due) - 1), tz);

function privacyBadges(r: { anonim: boolean; rahasia: boolean }): SafeHtml {
  return html`${r.anonim ? html` ${badge('Anonim', 'warn')}` : ''}${r.rahasia ? html` ${badge('Rahasia', 'bad')}` : ''}`;
}

export function queuePage(o: { profile: RegionProfile; items: readonly QueueRow[]; scope: string | undefined }) {
  const tz = o.profile.timeZone;
  const overdue = o.items.filter((i) => i.overdue).length;
  const heading = o.scope ? `Laporan untuk ${unitName(o.profile, o.scope)}` : `Laporan di ${o.profile.name}`;
  const rows = o.items.map(
    (i) =>
      html`<li><h2><a href="${reportPath(i.trackingId)}">${i.title}</a></h2><p>${badge(statusLabel(i.status), statusTone(i.status))}${i.overdue ? html` ${badge('Terlambat', 'bad')}` : ''}${privacyBadges(i)}</p><p class="meta">${i.trackingId} · ${unitName(o.profile, i.unit)}</p>${i.deadline ? html`<p class="meta">${deadlineLabel(i.deadline.kind)}: paling lambat ${lastDay(i.deadline.due, tz)}</p>` : ''}</li>`,
  );
  return html`<h1>${heading}</h1><p>${o.items.length} laporan menunggu tindakan${overdue ? html`, <strong>${overdue} terlambat</strong>` : ''}. Yang terlambat ditampilkan paling atas.</p>${o.items.length ? html`<ul class="cards">${rows}</ul>` : notice({ body: html`<p>Tidak ada laporan yang menunggu.</p>` })}`;
}

/** What the reader may do with the report in its status (the workflow table and the routes' roles decide again). */
export function formsFor(reader: StaffReader, status: ReportStatus) {
  const handles = reader === 'unit' || reader === 'admin';
  return {
    dispose: reader === 'admin' && (status === 'submitted' || status === 'deferred'),
    defer: reader === 'admin' && status === 'submitted',
    respond: handles && status === 'disposed',
    followUp: handles && (status === 'disposed' || status === 'in-progress'),
  };
}

export interface ReportPageOptions {
  profile: RegionProfile;
  report: ReportView;
  reader: StaffReader;
  csrf: SafeHtml | '';
  errors?: FieldError[];
  values?: Record<string, string>;
  done?: string | undefined;
}

const DONE: Record<string, string> = {
  disposisi: 'Laporan sudah diverifikasi dan diteruskan ke unit kerja.',
  tunda: 'Laporan ditunda; pelapor diminta keterangan tambahan.',
  tanggapi: 'Tanggapan pertama sudah dicatat.',
  jawab: 'Jawaban (tindak lanjut) sudah dikirim ke pelapor.',
};

function actionForms(o: ReportPageOptions): SafeHtml {
  const r = o.report;
  const can = formsFor(o.reader, r.status);
  const err = (field: string) => o.errors?.find((e) => e.field === field)?.message;
  const form = (path: string, inner: SafeHtml) =>
    html`<form method="post" action="${reportPath(r.trackingId)}/${path}">${o.csrf}${inner}</form>`;
  const units = o.profile.units.map((u) => ({ value: u.code, label: u.name }));
  const suggested = r.unit ?? findCategory(o.profile, r.category)?.defaultUnit;
  return html`${
    can.dispose
      ? html`<h2>Verifikasi dan disposisi</h2>${form('disposisi', html`${selectField({ name: 'unit', label: 'Unit kerja yang menangani', options: units, value: o.values?.unit ?? suggested, required: true, error: err('unit') })}${textArea({ name: 'catatan', label: 'Catatan untuk unit kerja', value: o.values?.catatan, maxLength: 4000 })}${button('Verifikasi dan teruskan')}`)}`
      : ''
  }${
    can.defer
      ? html`<h2>Tunda</h2>${form('tunda', html`${textArea({ name: 'catatan_tunda', label: 'Keterangan yang diminta dari pelapor', value: o.values?.catatan_tunda, maxLength: 4000, required: true, error: err('catatan_tunda') })}${button('Tunda dan minta keterangan', { secondary: true })}`)}`
      : ''
  }${
    can.respond
      ? html`<h2>Tanggapan pertama</h2>${form('tanggapi', html`${textArea({ name: 'tanggapan', label: 'Tanggapan untuk pelapor', hint: 'Misalnya: petugas akan memeriksa lokasi minggu ini.', value: o.values?.tanggapan, maxLength: 4000, required: true, error: err('tanggapan') })}${button('Kirim tanggapan', { secondary: true })}`)}`
      : ''
  }${
    can.followUp
      ? html`<h2>Jawaban (tindak lanjut)</h2>${form('jawab', html`${textArea({ name: 'jawaban', label: 'Jawaban untuk pelapor', hint: 'Apa yang sudah dikerjakan. Pelapor dapat menerima atau menyanggahnya.', value: o.values?.jawaban, maxLength: 4000, required: true, error: err('jawaban') })}${button('Kirim jawaban')}`)}`
      : ''
  }`;
}

function reporterLine(r: ReportView): string {
  if (!r.reporter) return r.anonim ? 'Anonim' : 'Tidak disebutkan';
  const contact = [r.reporter.phone, r.reporter.email].filter(Boolean).join(', ');
  return `${r.reporter.name ?? 'Tanpa nama'}${contact ? ` (${contact})` : ''}${r.anonim ? ' · anonim bagi publik dan unit kerja' : ''}`;
}

export function reportPage(o: ReportPageOptions): SafeHtml {
  const { profile, report: r } = o;
  const tz = profile.timeZone;
  const entries = r.timeline.map((t) => ({
    at: t.at,
    title: actionLabel(t.action),
    detail: html`<span class="meta">oleh ${actorLabel(t.actor)}${t.unit ? html` · ${unitName(profile, t.unit)}` : ''}</span>${t.note && t.action !== 'privacy' ? html`<br>${t.note}` : ''}`,
  }));
  return html`<p><a href="${BASE}/">← Kembali ke daftar</a></p><h1>${r.title}</h1>
<p>${badge(statusLabel(r.status), statusTone(r.status))}${privacyBadges(r)} <span class="meta">Nomor ${r.trackingId}</span></p>
${o.done && DONE[o.done] ? notice({ tone: 'ok', role: 'status', body: html`<p>${DONE[o.done]}</p>` }) : ''}
${errorSummary(o.errors ?? [])}
${facts([
  ['Jenis', TYPE_LABEL[r.type] ?? r.type],
  ['Kategori', findCategory(profile, r.category)?.name ?? r.category],
  ['Unit kerja', unitName(profile, r.unit)],
  ['Diterima', formatDateTime(r.receivedAt, tz)],
  [
    r.deadline ? deadlineLabel(r.deadline.kind) : '',
    r.deadline ? `paling lambat ${lastDay(r.deadline.due, tz)}` : null,
  ],
  ['Alamat', r.address],
  ['Pelapor', reporterLine(r)],
  ['Dukungan', r.supporters > 0 ? `${r.supporters} laporan serupa` : null],
])}
<h2>Isi laporan</h2><p>${r.description}</p>
${r.resolution ? html`<h2>Jawaban unit kerja</h2>${notice({ tone: 'ok', body: html`<p>${r.resolution}</p>` })}` : ''}
${actionForms(o)}
<h2>Riwayat</h2>${timeline(entries, tz)}`;
}
