/**
 * Open-data summaries per unit and per function, with murni, revised and realized side by side.
 * Pure: exact bigint sums, no I/O.
 *
 * "Function" here is the government affair (urusan and its bidang) of the Permendagri 90/2019 code a
 * line's sub-activity carries: `1.03.10.2.01.0021` belongs to bidang `1.03` (public works and spatial
 * planning) of urusan `1` (mandatory basic services). Codes 4-8 (support, supporting, oversight,
 * territorial and general government) are functions in the same sense. It is the region's own
 * functional classification, not COFOG.
 */
import type { PhaseFigures } from './phases.js';

export interface SummaryLine extends PhaseFigures {
  unit: string;
  subActivity: string;
}

export interface SummaryRow extends PhaseFigures {
  code: string;
}

/** The classification prefixes of a sub-kegiatan code. */
export function classificationOf(subActivity: string) {
  const s = subActivity.split('.');
  return {
    urusan: s.slice(0, 1).join('.'),
    bidang: s.slice(0, 2).join('.'),
    program: s.slice(0, 3).join('.'),
    kegiatan: s.slice(0, 5).join('.'),
  };
}

export function summarize(lines: readonly SummaryLine[], by: 'unit' | 'function'): SummaryRow[] {
  const groups = new Map<string, PhaseFigures>();
  for (const l of lines) {
    const code = by === 'unit' ? l.unit : classificationOf(l.subActivity).bidang;
    const g = groups.get(code) ?? { murni: 0n, revised: 0n, realized: 0n };
    g.murni += l.murni;
    g.revised += l.revised;
    g.realized += l.realized;
    groups.set(code, g);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, g]) => ({ code, ...g }));
}

export const phaseStrings = (p: PhaseFigures) => ({
  murni: p.murni.toString(),
  revised: p.revised.toString(),
  realized: p.realized.toString(),
});
