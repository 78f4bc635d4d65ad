/**
 * Budget shifts (pergeseran) as pure rules. A shift moves money inside one unit's locked budget,
 * before or after the APBD-P, by amending the Penjabaran (the head's regulation) rather than the
 * bylaw: the DJPK FAQ (README, "Revisions"). What Sinergi supports, and who approves it:
 *
 * - `within-account`: between line items of one sub-activity under one account (sub rincian
 *   objek). The Penjabaran's account figures do not move: the unit head (as budget user) approves.
 * - `between-accounts`: between accounts of one sub-activity. TAPD approves.
 * - `between-sub-activities`: between sub-activities of the unit. TAPD approves, and the
 *   sub-activity ceilings move with the money (their sum, and the unit's ceiling, do not).
 *
 * Every shift keeps the unit's total to the rupiah: the sum of its decreases equals the sum of its
 * increases. Moving money between units changes the bylaw's unit totals: that is the APBD-P's job.
 */
import type { ShiftKind } from '../db/schema.js';

export const SHIFT_APPROVER: Record<ShiftKind, 'unit-head' | 'tapd'> = {
  'within-account': 'unit-head',
  'between-accounts': 'tapd',
  'between-sub-activities': 'tapd',
};

export interface ShiftLineChange {
  /** The changed line, or null for a line the shift adds (murni 0). */
  lineItemId: string | null;
  subActivity: string;
  account: string;
  /** The line's total in force before the shift (0 for a new line). */
  before: bigint;
  /** Its total after the shift (0 for a cut line). */
  after: bigint;
}

export type ShiftVerdict =
  | { ok: true; kind: ShiftKind; moved: bigint; netBySubActivity: Map<string, bigint> }
  | { ok: false; code: 'shift_unbalanced' | 'shift_invalid'; message: string; field: string; difference?: bigint };

/** The narrowest kind that covers the changes: what decides who approves. */
export function shiftKindOf(changes: readonly ShiftLineChange[]): ShiftKind {
  const subs = new Set(changes.map((c) => c.subActivity));
  const accounts = new Set(changes.map((c) => `${c.subActivity}|${c.account}`));
  return subs.size > 1 ? 'between-sub-activities' : accounts.size > 1 ? 'between-accounts' : 'within-account';
}

/** Whether the changes make a valid shift of the declared kind. */
export function judgeShift(declared: ShiftKind, changes: readonly ShiftLineChange[]): ShiftVerdict {
  const ids = changes.flatMap((c) => (c.lineItemId ? [c.lineItemId] : []));
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated)
    return { ok: false, code: 'shift_invalid', field: 'changes', message: `line ${repeated} appears more than once` };
  let increase = 0n;
  let decrease = 0n;
  const netBySubActivity = new Map<string, bigint>();
  for (const c of changes) {
    const delta = c.after - c.before;
    if (delta > 0n) increase += delta;
    else decrease -= delta;
    netBySubActivity.set(c.subActivity, (netBySubActivity.get(c.subActivity) ?? 0n) + delta);
  }
  if (increase === 0n && decrease === 0n)
    return { ok: false, code: 'shift_unbalanced', field: 'changes', message: 'the shift moves nothing' };
  if (increase !== decrease) {
    const difference = increase - decrease;
    return {
      ok: false,
      code: 'shift_unbalanced',
      field: 'changes',
      difference,
      message: `the increases (${increase}) and decreases (${decrease}) differ by ${difference}; the unit's total must stay the same`,
    };
  }
  const kind = shiftKindOf(changes);
  if (kind !== declared)
    return {
      ok: false,
      code: 'shift_invalid',
      field: 'kind',
      message: `the changes make a ${kind} shift, not ${declared}`,
    };
  return { ok: true, kind, moved: increase, netBySubActivity };
}
