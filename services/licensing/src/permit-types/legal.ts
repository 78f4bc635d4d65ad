/**
 * The legal settings of a permit type, beside its checklist and fee rule (`model.ts`): what kind of
 * levy its fee is, whether the permit is issued only after payment, the completion window of a
 * returned file, the objection deadlines, and whether it is a business permit that belongs to
 * OSS-RBA. Pure: schemas, defaults and date rules, no I/O. Sources are named beside each rule; a
 * value whose source could not be confirmed is a per-type setting with a default.
 */
import { workingDayDeadline, type WorkingCalendar } from '@sinergi/service-kit';
import { z } from 'zod';

/**
 * What the applicant pays: a regional levy (retribusi), a regional tax (pajak daerah, e.g. Pajak
 * Reklame under UU 1/2022 HKPD), or nothing. UU 1/2022 limits perizinan retribusi to a few kinds
 * (PBG among them); billboards pay Pajak Reklame (shared/domain/licensing.md, review of Dec. 2026).
 */
export const FEE_KINDS = ['retribusi', 'pajak', 'none'] as const;
export const FeeKind = z.enum(FEE_KINDS);
export type FeeKind = z.infer<typeof FeeKind>;

/** The name of the fee in words, when a type gives none. */
export const DEFAULT_FEE_NAME: Record<FeeKind, string> = {
  retribusi: 'Retribusi',
  pajak: 'Pajak daerah',
  none: 'Tanpa biaya',
};

/** "Bayar retribusi …", "Bayar Pajak Reklame …": the fee as the applicant reads it. */
export const feeLabel = (t: { fee_kind: FeeKind; fee_name: string | null }) =>
  t.fee_name ?? DEFAULT_FEE_NAME[t.fee_kind];

/**
 * Working days a returned file (dikembalikan untuk dilengkapi) has to be completed before it lapses.
 * PP 28/2025 gives OSS applicants fixed correction windows; the numbers for a region's own permits
 * could not be confirmed, so this is a per-type setting with this default.
 */
export const DEFAULT_RETURN_COMPLETION_DAYS = 14;
/** Working days before the lapse at which the applicant is reminded (0: no reminder). Sinergi policy. */
export const DEFAULT_RETURN_REMINDER_DAYS = 3;

/** UU 30/2014 Art. 77(1): an objection (keberatan) within 21 working days of the decision (confirmed in shared/domain/licensing.md). */
export const OBJECTION_WINDOW_DAYS = 21;
/**
 * UU 30/2014 Art. 77(4): the office decides an objection within 10 working days. Not in
 * shared/domain/licensing.md (which says only "within its deadline"): a per-type setting with this default.
 */
export const DEFAULT_OBJECTION_DECISION_DAYS = 10;
/**
 * UU 30/2014 Art. 77(5)-(6): an objection not decided in time is deemed granted, and the decision it
 * asks for follows within 5 working days. Not confirmed in shared/domain; Sinergi gives the office
 * this many working days for the new decision after a granted objection, and fiktif positif applies.
 */
export const OBJECTION_FOLLOW_UP_DAYS = 5;

/** OSS-RBA risk levels (PP 28/2025, which replaced PP 5/2021). */
export const RISK_LEVELS = ['low', 'medium-low', 'medium-high', 'high'] as const;

/**
 * A business permit (perizinan berusaha) is decided in OSS-RBA (PP 28/2025), not by the region:
 * the type names its KBLI code (5 digits) and risk level; each application records the applicant's
 * NIB (13 digits) and, once there is one, the OSS reference of the permit.
 */
export const BusinessPermit = z
  .object({
    kbli: z.string().regex(/^\d{5}$/, 'a KBLI code has 5 digits'),
    riskLevel: z.enum(RISK_LEVELS),
  })
  .strict();
export type BusinessPermit = z.output<typeof BusinessPermit>;

/** A Nomor Induk Berusaha: 13 digits, issued by OSS. */
export const Nib = z.string().regex(/^\d{13}$/, 'an NIB has 13 digits');

/** The legal settings a permit type input carries (merged into `PermitTypeInput`). */
export const legalSettings = {
  /** Default: `none` for a free fee rule, `retribusi` otherwise (what Sinergi assumed before fee kinds). */
  feeKind: FeeKind.optional(),
  /** The fee's name shown to applicants, e.g. "Pajak Reklame", "Retribusi PBG". */
  feeName: z.string().trim().min(3).max(80).optional(),
  /** The permit is issued only after the fee is paid, even when deemed granted (PBG: PP 16/2021 Art. 261). */
  payBeforeIssue: z.boolean().default(false),
  returnCompletionDays: z.number().int().min(1).max(90).default(DEFAULT_RETURN_COMPLETION_DAYS),
  returnReminderDays: z.number().int().min(0).max(30).default(DEFAULT_RETURN_REMINDER_DAYS),
  objectionDecisionDays: z.number().int().min(1).max(60).default(DEFAULT_OBJECTION_DECISION_DAYS),
  business: BusinessPermit.nullable().default(null),
};

/** The fee kind a type states, or its default; `none` exactly when the rule is free. */
export function feeKindProblems(rule: { kind: string }, kind: FeeKind | undefined): string | null {
  if (kind === undefined) return null;
  if (rule.kind === 'free' && kind !== 'none') return 'a free fee rule has fee kind none';
  if (rule.kind !== 'free' && kind === 'none') return 'fee kind none needs a free fee rule';
  return null;
}
export const defaultFeeKind = (rule: { kind: string }): FeeKind => (rule.kind === 'free' ? 'none' : 'retribusi');

/** When a file returned at `returnedAt` lapses unless resubmitted: the end of its n-th working day after. */
export const returnLapseDue = (returnedAt: Date, days: number, cal: WorkingCalendar) =>
  workingDayDeadline(returnedAt, days, cal);

/** When the applicant is reminded: `reminderDays` working days before the lapse, or null (none, or a window too short). */
export function returnReminderAt(returnedAt: Date, t: { days: number; reminderDays: number }, cal: WorkingCalendar) {
  if (t.reminderDays <= 0 || t.reminderDays >= t.days) return null;
  return workingDayDeadline(returnedAt, t.days - t.reminderDays, cal);
}

/** The last moment an objection against a decision taken at `decidedAt` may be filed. */
export const objectionFilingDue = (decidedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(decidedAt, OBJECTION_WINDOW_DAYS, cal);

/** When the office's decision on an objection filed at `filedAt` is due. */
export const objectionDecisionDue = (filedAt: Date, days: number, cal: WorkingCalendar) =>
  workingDayDeadline(filedAt, days, cal);
