import type { Selectable } from 'kysely';
import type { BudgetShiftTable } from '../db/schema.js';

export const shiftView = (s: Selectable<BudgetShiftTable>) => ({
  id: s.id,
  year: s.year,
  unit: s.unit,
  kind: s.kind,
  approver: s.approver,
  status: s.status,
  reason: s.reason,
  moved: s.moved.toString(),
  changes: s.changes,
  proposedBy: s.proposed_by,
  decidedBy: s.decided_by,
  decisionReason: s.decision_reason,
});
