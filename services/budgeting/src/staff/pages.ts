/**
 * The staff console's review pages for TAPD (`/staf/anggaran/`): a year's ranked candidates with score,
 * components and reasons, the anomalies with their severity and reasons and the citizens' flags beside
 * them, and per candidate the cut-or-keep form. Views only: they take what `reviewCandidates` and
 * `anomaliesView(reviewAnomalies)` return, the same as the JSON review API.
 */
import { formatRupiah } from '@sinergi/contracts';
import {
  badge,
  button,
  errorSummary,
  html,
  notice,
  textArea,
  type FieldError,
  type SafeHtml,
  type Tone,
} from '@sinergi/ui';
import type { Component } from '../effectiveness/scoring.js';
import type { anomaliesView } from '../review/views.js';
import { scoreText } from '../review/views.js';

export const BASE = '/staf/anggaran';
export const yearPath = (year: number) => `${BASE}/${year}/`;

const COMPONENT: Record<Component, string> = {
  planning: 'Keterkaitan dengan RPJMD atau Musrenbang',
  achievement: 'Capaian keluaran',
  absorption: 'Penyerapan anggaran',
  costPerOutput: 'Biaya per keluaran',
  efficiency: 'Belanja yang dibatasi kebijakan efisiensi',
  citizens: 'Pengaduan dan penilaian warga',
};

const SEVERITY: Record<string, [string, Tone]> = {
  critical: ['Kritis', 'bad'],
  high: ['Tinggi', 'bad'],
  warning: ['Perlu diperiksa', 'warn'],
  info: ['Informasi', 'info'],
};

const KIND: Record<string, string> = {
  quantity_out_of_proportion: 'Volume tidak sebanding',
  price_above_peers: 'Harga satuan di atas pembanding',
  total_above_peers: 'Jumlah di atas pembanding',
  placeholder_value: 'Nilai bulat perkiraan',
  dominant_item: 'Mendominasi sub kegiatan',
  annex_ii_excess: 'Melebihi standar harga',
  repeated_item: 'Rincian berulang',
};

const FLAG_STATUS: Record<string, string> = {
  pending: 'Belum dijawab',
  accepted: 'Diterima',
  rejected: 'Tidak diterima',
};

export interface CandidateRow {
  unit: string;
  code: string;
  name: string;
  status: string;
  total: bigint;
  score: number;
  components: Partial<Record<Component, number>>;
  reasons: string[];
  decision?: { decision: string; reason: string | null; saved: bigint } | undefined;
}

export interface ReviewPageOptions {
  year: number;
  unitNames: ReadonlyMap<string, string>;
  candidates: readonly CandidateRow[];
  anomalies: ReturnType<typeof anomaliesView>;
  /** The cut-or-keep forms: only for TAPD, with the session's CSRF field. */
  decide: { csrf: SafeHtml | '' } | undefined;
  /** Sub-activities TAPD can still decide on (their unit's budget is under review). */
  open: (c: CandidateRow) => boolean;
  errors?: { key: string; errors: FieldError[]; values: Record<string, string> } | undefined;
  done?: string | undefined;
}

const DONE: Record<string, string> = {
  potong: 'Sub kegiatan sudah dipotong. Penghematannya tampil di laporan penghematan publik.',
  pertahankan: 'Keputusan mempertahankan sub kegiatan sudah dicatat.',
};

const keyOf = (c: { unit: string; code: string }) => `${c.unit}|${c.code}`;

function decisionText(d: NonNullable<CandidateRow['decision']>): SafeHtml {
  return d.decision === 'cut'
    ? html`<p>${badge('Dipotong', 'bad')} ${formatRupiah(d.saved)} dihemat. Alasan: ${d.reason ?? 'tidak dicatat'}</p>`
    : html`<p>${badge('Dipertahankan', 'ok')}${d.reason ? html` Catatan: ${d.reason}` : ''}</p>`;
}

function decisionForm(o: ReviewPageOptions, c: CandidateRow, rank: number): SafeHtml | '' {
  if (!o.decide || c.decision?.decision === 'cut' || !o.open(c)) return '';
  const mine = o.errors?.key === keyOf(c) ? o.errors : undefined;
  const id = `alasan-${rank}`;
  return html`<form method="post" action="${BASE}/${o.year}/keputusan">${o.decide.csrf}<input type="hidden" name="unit" value="${c.unit}"><input type="hidden" name="kode" value="${c.code}">${textArea({ name: id, label: 'Alasan (wajib untuk memotong)', value: mine?.values.alasan, maxLength: 2000, error: mine?.errors[0]?.message })}${button('Potong sub kegiatan', { name: 'keputusan', value: 'potong' })} ${button('Pertahankan', { secondary: true, name: 'keputusan', value: 'pertahankan' })}</form>`;
}

function candidateItem(o: ReviewPageOptions, c: CandidateRow, i: number): SafeHtml {
  const parts = Object.entries(c.components) as [Component, number][];
  return html`<li><h3>${i + 1}. ${c.name}</h3><p class="meta">${o.unitNames.get(c.unit) ?? c.unit} · ${c.code} · ${formatRupiah(c.total)}</p><p><strong>Skor kandidat: ${scoreText(c.score)}</strong></p><ul>${parts.map(([k, v]) => html`<li>${COMPONENT[k] ?? k}: ${scoreText(v)}</li>`)}</ul>${c.reasons.length ? html`<p>Alasan:</p><ul>${c.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}${c.decision ? decisionText(c.decision) : ''}${decisionForm(o, c, i + 1)}</li>`;
}

function anomalySection(o: ReviewPageOptions): SafeHtml {
  const a = o.anomalies;
  const items = a.flagged.map((l) => {
    const [label, tone] = SEVERITY[l.severity] ?? ['Informasi', 'info'];
    return html`<li><h3>${l.component}</h3><p>${badge(label, tone)}${l.citizenFlags ? html` ${badge(`${l.citizenFlags} tanda warga`, 'warn')}` : ''}</p><p class="meta">${o.unitNames.get(l.unit) ?? l.unit} · ${l.subActivity} · ${formatRupiah(BigInt(l.total))}</p><ul>${l.anomalies.map((x) => html`<li><strong>${KIND[x.kind] ?? 'Temuan'} (${SEVERITY[x.severity]?.[0] ?? 'Informasi'}):</strong> ${x.reason}</li>`)}</ul></li>`;
  });
  const flags = a.citizenFlags.map(
    (f) =>
      html`<li><strong>${f.component}</strong> <span class="meta">${o.unitNames.get(f.unit) ?? f.unit}</span><br>Alasan warga: ${f.reason}<br>${badge(FLAG_STATUS[f.status] ?? 'Sudah dijawab', f.status === 'pending' ? 'warn' : 'info')}${f.answer ? html` ${f.answer}` : ''}</li>`,
  );
  return html`<h2>Anomali rincian belanja</h2><p>${a.anomalies} temuan pada ${a.flagged.length} dari ${a.lines} rincian belanja, yang paling berat di atas.</p>${items.length ? html`<ul class="cards">${items}</ul>` : notice({ body: html`<p>Tidak ada anomali.</p>` })}<h2>Tanda dari warga</h2>${flags.length ? html`<ul>${flags}</ul>` : notice({ body: html`<p>Belum ada tanda dari warga tahun ini.</p>` })}`;
}

export function reviewPage(o: ReviewPageOptions): SafeHtml {
  return html`<h1>Telaah anggaran ${o.year}</h1>
${o.done && DONE[o.done] ? notice({ tone: 'ok', role: 'status', body: html`<p>${DONE[o.done]}</p>` }) : ''}
${errorSummary(o.errors?.errors ?? [])}
<p><a href="/anggaran/${o.year}/penghematan">Laporan penghematan publik ${o.year}</a></p>
${o.decide ? '' : notice({ body: html`<p>Anda dapat membaca telaah ini; keputusan memotong atau mempertahankan diambil TAPD.</p>` })}
<h2>Kandidat pemotongan</h2><p>Sub kegiatan diurutkan dari skor tertinggi (paling kuat untuk dipotong).</p>
${o.candidates.length ? html`<ol class="cards">${o.candidates.map((c, i) => candidateItem(o, c, i))}</ol>` : notice({ body: html`<p>Belum ada sub kegiatan untuk ditelaah.</p>` })}
${anomalySection(o)}`;
}

export function yearChoice(): SafeHtml {
  return html`<h1>Telaah anggaran</h1><form method="get" action="${BASE}/"><label for="tahun">Tahun anggaran</label><input id="tahun" name="tahun" inputmode="numeric" pattern="[0-9]{4}" required>${button('Buka telaah')}</form>`;
}
