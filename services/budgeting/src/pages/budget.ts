/**
 * The approved budget as citizens read it (`/anggaran/{tahun}` and a unit's page): per unit (SKPD),
 * then per program and sub-activity down to the line items, with murni, revised and realized where
 * they differ. Views only: they take what `publishedBudget` returns, the same lines as the open data.
 */
import { formatRupiah } from '@sinergi/contracts';
import { facts, html, notice, type SafeHtml } from '@sinergi/ui';
import type { PhaseFigures } from '../public/phases.js';
import { classificationOf, summarize } from '../public/summaries.js';
import type { PublicLine } from '../public/use-cases.js';

export interface Links {
  /** An address under /anggaran/ that keeps the region when it came from `?tenant=`. */
  to: (path: string) => string;
}

/** "1.234,5": an exact decimal string ("1234.5000") as Indonesians write numbers. */
export function decimalText(s: string): string {
  const [whole = '0', frac = ''] = s.split('.');
  const digits = frac.replace(/0+$/, '');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, '.')}${digits ? `,${digits}` : ''}`;
}

/** Realized as a share of what is in force, to one place, computed on integers: "45,3%". */
function shareText(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '';
  const tenths = (part * 1000n + whole / 2n) / whole;
  return `${tenths / 10n},${tenths % 10n}%`;
}

/** What is in force, and beside it the original (murni) when it changed and what was spent when anything was. */
export function phasesText(p: PhaseFigures): SafeHtml {
  const changed = p.murni !== p.revised;
  return html`<strong>${formatRupiah(p.revised)}</strong>${changed ? html` <span class="meta">(semula ${formatRupiah(p.murni)} pada APBD murni)</span>` : ''}${p.realized > 0n ? html`<br><span class="meta">Terealisasi ${formatRupiah(p.realized)} (${shareText(p.realized, p.revised)})</span>` : ''}`;
}

const total = (lines: readonly PhaseFigures[]): PhaseFigures =>
  lines.reduce(
    (s, l) => ({ murni: s.murni + l.murni, revised: s.revised + l.revised, realized: s.realized + l.realized }),
    {
      murni: 0n,
      revised: 0n,
      realized: 0n,
    },
  );

function yearNav(year: number, years: readonly number[], l: Links): SafeHtml | '' {
  const others = years.filter((y) => y !== year);
  if (others.length === 0) return '';
  return html`<p>Tahun lain: ${others.map((y, i) => html`${i ? ', ' : ''}<a href="${l.to(`/anggaran/${y}`)}">${y}</a>`)}</p>`;
}

/** The year: its total and every unit with an approved budget, each linking to its own page. */
export function yearPage(o: {
  year: number;
  years: readonly number[];
  lines: readonly PublicLine[];
  unitNames: ReadonlyMap<string, string>;
  links: Links;
}): SafeHtml {
  const { year, lines, links } = o;
  const intro = html`<h1>Anggaran tahun ${year}</h1><p>Anggaran pendapatan dan belanja daerah (APBD) yang sudah disetujui Tim Anggaran Pemerintah Daerah (TAPD), per perangkat daerah (SKPD). Pilih perangkat daerah untuk melihat program, sub kegiatan, dan rincian belanjanya.</p>`;
  const more = html`<ul><li><a href="${links.to(`/anggaran/${year}/penghematan`)}">Penghematan: kegiatan yang dihapus</a></li><li><a href="${links.to(`/anggaran/${year}/temuan`)}">Tanda dari warga dan jawaban TAPD</a></li></ul>${yearNav(year, o.years, links)}`;
  if (o.years.length === 0)
    return html`<h1>Anggaran daerah</h1>${notice({ body: html`<p>Belum ada tahun anggaran yang dibuka di daerah ini. Anggaran tampil di sini setelah disetujui TAPD.</p>` })}`;
  if (lines.length === 0)
    return html`${intro}${notice({ body: html`<p>Belum ada anggaran tahun ${year} yang disetujui. Anggaran tampil di sini setelah disetujui TAPD.</p>` })}${more}`;
  const units = summarize(lines, 'unit');
  return html`${intro}${facts([
    ['Total belanja', phasesText(total(lines))],
    ['Perangkat daerah', `${units.length}`],
  ])}${more}<h2>Per perangkat daerah</h2><ul class="cards">${units.map(
    (u) =>
      html`<li><h3><a href="${links.to(`/anggaran/${year}/unit/${u.code}`)}">${o.unitNames.get(u.code) ?? u.code}</a></h3><p>${phasesText(u)}</p></li>`,
  )}</ul>`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

function lineCard(l: PublicLine, o: { flagHref: ((id: string) => string) | undefined }): SafeHtml {
  const tax = Number(l.taxPercent) > 0 ? html` + pajak ${decimalText(l.taxPercent)}%` : '';
  const spec = l.specification && l.specification !== l.component ? html`<p class="meta">${l.specification}</p>` : '';
  return html`<li><h3>${l.component}</h3>${spec}<p>${decimalText(l.volume)} ${l.unitOfMeasure} × ${formatRupiah(l.unitPrice)}${tax}</p><p>${phasesText(l)}</p><p class="meta">${l.accountName || l.account} · sumber dana ${l.fundingSource} · ${l.location}</p>${o.flagHref ? html`<p><a href="${o.flagHref(l.id)}" aria-label="Tandai baris ini: ${l.component}">Tandai baris ini</a></p>` : ''}</li>`;
}

/** A unit: its programs, their sub-activities (opened one at a time), and every public line. */
export function unitPage(o: {
  year: number;
  unitName: string;
  lines: readonly PublicLine[];
  names: ReadonlyMap<string, string>;
  scrutinyOpen: boolean;
  links: Links;
}): SafeHtml {
  const { year, lines, names, links } = o;
  const flagHref = o.scrutinyOpen ? (id: string) => links.to(`/anggaran/${year}/baris/${id}/tandai`) : undefined;
  const programs = groupBy(lines, (l) => classificationOf(l.subActivity).program);
  const scrutiny = o.scrutinyOpen
    ? html`<p>Melihat belanja yang janggal? Pilih <strong>Tandai baris ini</strong> pada rincian belanjanya. TAPD memeriksa dan menjawab setiap tanda secara terbuka.</p>`
    : '';
  return html`<h1>${o.unitName}</h1><p>Anggaran tahun ${year} yang sudah disetujui, per program dan sub kegiatan. Buka sub kegiatan untuk melihat rincian belanjanya.</p>${facts([['Total belanja', phasesText(total(lines))]])}${scrutiny}${[
    ...programs,
  ].map(
    ([program, inProgram]) =>
      html`<h2>${names.get(program) || 'Program'} <span class="meta">(${program})</span></h2><p>${phasesText(total(inProgram))}</p>${[
        ...groupBy(inProgram, (l) => l.subActivity),
      ].map(
        ([sub, subLines]) =>
          html`<details><summary><strong>${subLines[0]!.subActivityName || sub}</strong> · ${formatRupiah(total(subLines).revised)} <span class="meta">(${subLines.length} rincian)</span></summary><ul class="cards">${subLines.map((l) => lineCard(l, { flagHref }))}</ul></details>`,
      )}`,
  )}<p><a href="${links.to(`/anggaran/${year}`)}">Kembali ke semua perangkat daerah</a></p>`;
}

/** The line a citizen is about to flag, so they see what they are flagging. */
export function lineSummary(l: PublicLine, unitName: string): SafeHtml {
  return html`${facts([
    ['Perangkat daerah', unitName],
    ['Sub kegiatan', l.subActivityName || l.subActivity],
    ['Belanja', l.component],
    ['Volume', `${decimalText(l.volume)} ${l.unitOfMeasure}`],
    ['Harga satuan', formatRupiah(l.unitPrice)],
    ['Jumlah', formatRupiah(l.total)],
  ])}`;
}
