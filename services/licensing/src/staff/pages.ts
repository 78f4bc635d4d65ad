/**
 * The staff console's pages for licensing (`/staf/izin/`): the queue of the unit's applications with
 * the deadline the office works to, and one application with its documents, timeline and the forms of
 * the steps its status allows. What a page shows is the staff JSON view for the same reader.
 */
import { findUnit, type RegionProfile } from '@sinergi/contracts';
import {
  badge,
  button,
  errorSummary,
  facts,
  formatDateTime,
  formatLastDay,
  html,
  notice,
  selectField,
  textArea,
  textField,
  timeline,
  zoneLabel,
  type FieldError,
  type SafeHtml,
  type Tone,
} from '@sinergi/ui';
import type { ApplicationView } from '../applications/views.js';
import { statusLabel, type ApplicationStatus } from '../applications/workflow.js';
import type { QueueEntry, Urgency } from './queue.js';

export const BASE = '/staf/izin';
export const applicationPath = (reg: string) => `${BASE}/permohonan/${encodeURIComponent(reg)}`;

const TONE: Record<string, Tone> = { green: 'ok', yellow: 'warn', red: 'bad', grey: 'info' };
const URGENCY: Record<Urgency, SafeHtml | ''> = {
  overdue: badge('Lewat batas waktu', 'bad'),
  soon: badge('Segera jatuh tempo', 'warn'),
  later: '',
  none: '',
};

/** The deadline the office works to, by status. */
const DEADLINE_LABEL: Partial<Record<ApplicationStatus, string>> = {
  submitted: 'Batas pemeriksaan kelengkapan',
  complete: 'Batas waktu keputusan',
  'in-review': 'Batas waktu keputusan',
  'fee-assessed': 'Batas waktu keputusan',
  objected: 'Batas keputusan atas keberatan',
};

const unitName = (profile: RegionProfile, unit: string) => findUnit(profile, unit)?.name ?? unit;
/** The last local day, with the region's zone: "7 Desember 2026 (WIB)". */
const lastDay = (due: string, tz: string) => `${formatLastDay(due, tz)} (${zoneLabel(tz)})`;
const statusBadge = (s: ApplicationStatus) => {
  const l = statusLabel(s);
  return badge(l.label, TONE[l.colour] ?? 'info');
};

export function queuePage(o: { profile: RegionProfile; items: readonly QueueEntry[]; scope: string | undefined }) {
  const tz = o.profile.timeZone;
  const late = o.items.filter((i) => i.urgency === 'overdue').length;
  const heading = o.scope
    ? `Permohonan izin untuk ${unitName(o.profile, o.scope)}`
    : `Permohonan izin di ${o.profile.name}`;
  const rows = o.items.map((i) => {
    const label = DEADLINE_LABEL[i.status];
    return html`<li><h2><a href="${applicationPath(i.registrationNumber)}">${i.registrationNumber}</a></h2><p>${statusBadge(i.status)} ${URGENCY[i.urgency]}</p><p class="meta">${i.permitType} · ${unitName(o.profile, i.unit)}</p>${i.due && label ? html`<p class="meta">${label}: paling lambat ${lastDay(i.due, tz)}</p>` : ''}</li>`;
  });
  return html`<h1>${heading}</h1><p>${o.items.length} permohonan menunggu tindakan${late ? html`, <strong>${late} lewat batas waktu</strong>` : ''}. Yang lewat atau mendekati batas waktu ditampilkan paling atas.</p>${o.items.length ? html`<ul class="cards">${rows}</ul>` : notice({ body: html`<p>Tidak ada permohonan yang menunggu.</p>` })}`;
}

/** The forms the status allows (the workflow table and the routes' roles decide again). */
export function formsFor(canAct: boolean, status: ApplicationStatus) {
  const open = ['submitted', 'complete', 'in-review', 'fee-assessed'].includes(status);
  return {
    lengkap: canAct && status === 'submitted',
    kembalikan: canAct && status === 'submitted',
    tinjau: canAct && status === 'complete',
    temuan: canAct && status === 'in-review',
    biaya: canAct && (status === 'complete' || status === 'in-review'),
    setujui: canAct && status === 'fee-assessed',
    tolak: canAct && open,
    keberatan: canAct && status === 'objected',
  };
}

export interface ApplicationPageOptions {
  profile: RegionProfile;
  view: ApplicationView;
  /** Officers, unit heads and admins act; auditors read only. */
  canAct: boolean;
  csrf: SafeHtml | '';
  errors?: FieldError[];
  values?: Record<string, string>;
  done?: string | undefined;
}

const DONE: Record<string, string> = {
  lengkap: 'Berkas dinyatakan lengkap; batas waktu keputusan mulai berjalan.',
  kembalikan: 'Berkas dikembalikan kepada pemohon untuk dilengkapi.',
  tinjau: 'Verifikasi teknis / peninjauan lapangan dimulai.',
  temuan: 'Hasil pemeriksaan sudah dicatat.',
  biaya: 'Biaya sudah ditetapkan.',
  setujui: 'Permohonan disetujui.',
  tolak: 'Permohonan ditolak dengan alasannya.',
  'keberatan-tolak': 'Keberatan ditolak; penolakan tetap berlaku.',
  'keberatan-kabul': 'Keberatan dikabulkan; keputusan baru harus diambil.',
};

function actionForms(o: ApplicationPageOptions): SafeHtml {
  const v = o.view;
  const can = formsFor(o.canAct, v.status);
  const err = (field: string) => o.errors?.find((e) => e.field === field)?.message;
  const val = (field: string) => o.values?.[field];
  const form = (path: string, title: string, inner: SafeHtml) =>
    html`<h2>${title}</h2><form method="post" action="${applicationPath(v.registrationNumber)}/${path}">${o.csrf}${inner}</form>`;
  const note = textArea({ name: 'catatan', label: 'Catatan (tidak wajib)', value: val('catatan'), maxLength: 4000 });
  const returnItems = v.checklist.map((c) =>
    textField({
      name: `alasan-${c.requirement}`,
      label: `${c.label}: yang kurang atau salah`,
      value: val(`alasan-${c.requirement}`),
      error: err(`alasan-${c.requirement}`),
    }),
  );
  return html`${can.lengkap ? form('lengkap', 'Nyatakan berkas lengkap', html`${note}${button('Berkas lengkap')}`) : ''}${
    can.kembalikan
      ? form(
          'kembalikan',
          'Kembalikan untuk dilengkapi',
          html`<p class="meta">Isi alasan pada persyaratan yang kurang atau tidak sah.</p>${returnItems}${button('Kembalikan berkas', { secondary: true })}`,
        )
      : ''
  }${can.tinjau ? form('tinjau', 'Mulai verifikasi teknis / peninjauan lapangan', html`${textField({ name: 'petugas', label: 'Petugas yang ditugaskan (tidak wajib)', value: val('petugas') })}${button('Mulai pemeriksaan', { secondary: true })}`) : ''}${
    can.temuan
      ? form(
          'temuan',
          'Catat hasil pemeriksaan',
          html`${selectField({
            name: 'jenis',
            label: 'Jenis pemeriksaan',
            options: [
              { value: 'technical-review', label: 'Verifikasi teknis' },
              { value: 'site-inspection', label: 'Peninjauan lapangan' },
            ],
            value: val('jenis'),
            required: true,
            error: err('jenis'),
          })}${selectField({
            name: 'hasil',
            label: 'Hasil',
            options: [
              { value: 'meets', label: 'Memenuhi syarat' },
              { value: 'does-not-meet', label: 'Tidak memenuhi syarat' },
            ],
            value: val('hasil'),
            required: true,
            error: err('hasil'),
          })}${textArea({ name: 'uraian', label: 'Uraian hasil pemeriksaan', value: val('uraian'), maxLength: 4000, required: true, error: err('uraian') })}${button('Catat hasil')}`,
        )
      : ''
  }${can.biaya ? form('biaya', 'Tetapkan biaya', html`<p class="meta">Biaya dihitung dari aturan jenis izin.</p>${note}${button('Tetapkan biaya', { secondary: true })}`) : ''}${
    can.setujui ? form('setujui', 'Setujui permohonan', html`${note}${button('Setujui')}`) : ''
  }${
    can.tolak
      ? form(
          'tolak',
          'Tolak permohonan',
          html`${textArea({ name: 'alasan_tolak', label: 'Alasan penolakan', hint: 'Satu alasan per baris.', value: val('alasan_tolak'), maxLength: 4000, required: true, error: err('alasan_tolak') })}${button('Tolak', { secondary: true })}`,
        )
      : ''
  }${
    can.keberatan
      ? html`${form('keberatan-tolak', 'Tolak keberatan', html`${textArea({ name: 'alasan_tolak', label: 'Alasan penolakan tetap berlaku', hint: 'Satu alasan per baris.', value: val('alasan_tolak'), maxLength: 4000, required: true, error: err('alasan_tolak') })}${button('Tolak keberatan', { secondary: true })}`)}${form('keberatan-kabul', 'Kabulkan keberatan', html`${note}${button('Kabulkan keberatan')}`)}`
      : ''
  }`;
}

export function applicationPage(o: ApplicationPageOptions): SafeHtml {
  const { profile, view: v } = o;
  const tz = profile.timeZone;
  const path = applicationPath(v.registrationNumber);
  const due = v.next.deadline;
  const docs = v.documents.map((d) => {
    const label = v.checklist.find((c) => c.requirement === d.requirement)?.label ?? d.requirement;
    return html`<li>${label}: ${o.canAct ? html`<a href="${path}/dokumen/${d.id}">${d.fileName}</a>` : d.fileName} <span class="meta">versi ${d.version}, ${Math.ceil(d.sizeBytes / 1024)} KB</span></li>`;
  });
  const entries = v.timeline.map((t) => ({
    at: t.at,
    title: t.label,
    detail: html`<span class="meta">oleh ${t.actorRole === 'applicant' ? 'pemohon' : t.actorRole === 'system' ? 'sistem' : 'petugas'}</span>${t.note ? html`<br>${t.note}` : ''}`,
  }));
  return html`<p><a href="${BASE}/">← Kembali ke daftar</a></p><h1>${v.permitType.name}</h1>
<p>${statusBadge(v.status)} <span class="meta">Nomor registrasi ${v.registrationNumber}</span></p>
${o.done && DONE[o.done] ? notice({ tone: 'ok', role: 'status', body: html`<p>${DONE[o.done]}</p>` }) : ''}
${errorSummary(o.errors ?? [])}
${facts([
  ['Unit kerja', unitName(profile, v.unit)],
  ['Pemohon', v.applicant.name],
  ['Diajukan', v.submittedAt && formatDateTime(v.submittedAt, tz)],
  [
    DEADLINE_LABEL[v.status] ?? 'Batas waktu',
    due && DEADLINE_LABEL[v.status] ? `paling lambat ${lastDay(due, tz)}` : null,
  ],
  ['Langkah berikutnya', v.next.text],
])}
<h2>Dokumen</h2>${docs.length ? html`<ul>${docs}</ul>` : html`<p>Belum ada dokumen.</p>`}
${v.rejectionReasons?.length ? html`<h2>Alasan penolakan</h2><ul>${v.rejectionReasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
${v.objection.reasons?.length ? html`<h2>Alasan keberatan pemohon</h2><ul>${v.objection.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
${actionForms(o)}
<h2>Riwayat</h2>${timeline(entries, tz)}`;
}
