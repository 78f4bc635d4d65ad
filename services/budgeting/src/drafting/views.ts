/** JSON shapes of the drafting rows: money as strings of whole rupiah, decimals as exact text. */
import type { Selectable } from 'kysely';
import type { LineItemTable, ReviewNoteTable, SubActivityTable, UnitBudgetTable } from '../db/schema.js';

type Line = Selectable<LineItemTable>;

export function lineView(l: Omit<Line, 'created_at'>, subActivity: string) {
  return {
    id: l.id,
    subActivity,
    account: l.account,
    catalogueItem: l.catalogue_item,
    componentName: l.component_name,
    specification: l.specification,
    unitOfMeasure: l.unit_of_measure,
    factors: l.factors,
    volume: l.volume,
    unitPrice: l.unit_price.toString(),
    taxPercent: l.tax_percent,
    amount: l.amount.toString(),
    tax: l.tax.toString(),
    total: l.total.toString(),
    fundingSource: l.funding_source,
    location: l.location,
    excessReason: l.excess_reason,
    createdBy: l.created_by,
    updatedBy: l.updated_by,
  };
}

/** What the audit chain keeps of a line: everything that decides its money. */
export function lineAudit(l: Line) {
  return {
    unit: l.unit,
    subActivityId: l.sub_activity_id,
    account: l.account,
    catalogueItem: l.catalogue_item,
    specification: l.specification,
    factors: l.factors.map((f) => ({ quantity: f.quantity, unit: f.unit })),
    unitPrice: l.unit_price.toString(),
    taxPercent: l.tax_percent,
    total: l.total.toString(),
    fundingSource: l.funding_source,
    location: l.location,
    excessReason: l.excess_reason,
  };
}

export const noteView = (n: Selectable<ReviewNoteTable>) => ({
  id: n.id,
  note: n.note,
  author: n.author,
  at: n.created_at.toISOString(),
});

export function unitBudgetView(input: {
  budget: Selectable<UnitBudgetTable>;
  subs: Selectable<SubActivityTable>[];
  lines: Line[];
  notes: Selectable<ReviewNoteTable>[];
}) {
  const codeOf = new Map(input.subs.map((s) => [s.id, s.code]));
  const totals = new Map<string, bigint>();
  let total = 0n;
  for (const l of input.lines) {
    totals.set(l.sub_activity_id, (totals.get(l.sub_activity_id) ?? 0n) + l.total);
    total += l.total;
  }
  return {
    year: input.budget.year,
    unit: input.budget.unit,
    status: input.budget.status,
    pagu: input.budget.pagu.toString(),
    total: total.toString(),
    subActivities: input.subs.map((s) => ({
      id: s.id,
      code: s.code,
      pagu: s.pagu.toString(),
      total: (totals.get(s.id) ?? 0n).toString(),
      planningSource: s.planning_source,
      planningReference: s.planning_reference,
      indicators: s.indicators,
      beneficiaries: s.beneficiaries === null ? null : Number(s.beneficiaries),
    })),
    lineItems: input.lines.map((l) => ({
      ...lineView(l, codeOf.get(l.sub_activity_id) ?? ''),
      notes: input.notes.filter((n) => n.line_item_id === l.id).map(noteView),
    })),
  };
}
