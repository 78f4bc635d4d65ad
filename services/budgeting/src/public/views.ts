/** The public JSON of a year's budget: money as strings, summaries per unit and function with murni, revised and realized. */
import type { PublicLine } from './use-cases.js';
import { phaseStrings, summarize } from './summaries.js';

export function publicBudgetView(input: {
  year: number;
  version: string | null;
  lines: readonly PublicLine[];
  names: ReadonlyMap<string, string>;
  unitNames: ReadonlyMap<string, string>;
}) {
  const { lines, names, unitNames } = input;
  const total = lines.reduce((s, l) => s + l.total, 0n);
  const perUnit = new Map<string, bigint>();
  for (const l of lines) perUnit.set(l.unit, (perUnit.get(l.unit) ?? 0n) + l.total);
  return {
    year: input.year,
    version: input.version,
    currency: 'IDR' as const,
    total: total.toString(),
    units: [...perUnit].map(([unit, sum]) => ({ unit, name: unitNames.get(unit) ?? unit, total: sum.toString() })),
    summaries: {
      units: summarize(lines, 'unit').map((r) => ({
        unit: r.code,
        name: unitNames.get(r.code) ?? r.code,
        ...phaseStrings(r),
      })),
      functions: summarize(lines, 'function').map((r) => {
        const urusan = r.code.split('.')[0]!;
        return {
          bidang: r.code,
          name: names.get(r.code) ?? '',
          urusan,
          urusanName: names.get(urusan) ?? '',
          ...phaseStrings(r),
        };
      }),
    },
    lines: lines.map((l) => ({
      ...l,
      unitPrice: l.unitPrice.toString(),
      total: l.total.toString(),
      ...phaseStrings(l),
    })),
  };
}
