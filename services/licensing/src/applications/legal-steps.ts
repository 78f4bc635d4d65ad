/**
 * The effects of the steps issue 16 added to the workflow: a returned file's reminder and lapse,
 * the objection (keberatan) against a rejection and the office's answer, and the deemed grant of
 * a type issued only after payment. Called by the transition engine (`transitions.ts`) on a locked
 * row; each returns what changes besides the status and what the timeline says of it.
 */
import type { WorkingCalendar } from '@sinergi/service-kit';
import type { Updateable } from 'kysely';
import type { ApplicationRow, ApplicationTable, PermitTypeRow } from '../db/schema.js';
import { workingDayDeadline } from '@sinergi/service-kit';
import {
  feeLabel,
  OBJECTION_FOLLOW_UP_DAYS,
  objectionDecisionDue,
  objectionFilingDue,
  returnLapseDue,
  returnReminderAt,
} from '../permit-types/legal.js';
import { P } from '../problems.js';

export interface Effect {
  set: Updateable<ApplicationTable>;
  note?: string | null;
  details?: unknown;
}

export interface LegalStep {
  row: ApplicationRow;
  type: PermitTypeRow;
  cal: WorkingCalendar;
  now: Date;
  reasons?: string[] | undefined;
}

/** A return starts the completion window: the lapse deadline, and the reminder before it. */
export function returnWindow({ type, cal, now }: LegalStep): Effect['set'] & { return_due: Date } {
  return {
    return_due: returnLapseDue(now, type.return_days, cal),
    return_remind_at: returnReminderAt(now, { days: type.return_days, reminderDays: type.return_reminder_days }, cal),
  };
}

export const remindEffect = ({ row }: LegalStep): Effect => ({
  set: { return_remind_at: null },
  note: `Pengingat: lengkapi berkas dan ajukan kembali sebelum batas waktu; setelah itu permohonan gugur.`,
  details: { completeBy: row.return_due?.toISOString() ?? null },
});

export const lapseEffect = ({ row }: LegalStep): Effect => ({
  set: { return_due: null, return_remind_at: null },
  note: 'Permohonan gugur: berkas yang dikembalikan tidak dilengkapi sampai batas waktunya.',
  details: { completeBy: row.return_due?.toISOString() ?? null },
});

const needReasons = (reasons: string[] | undefined, what: string) => {
  if (!reasons?.length)
    throw P.reasons_required(`${what} needs its reasons.`, {
      errors: [{ in: 'body', field: 'reasons', message: 'give at least one reason' }],
    });
  return reasons;
};

/** The last moment an objection may be filed against the row's rejection, or null when none may be (one objection per rejection). */
export const objectionUntil = (row: ApplicationRow, cal: WorkingCalendar): Date | null =>
  row.status === 'rejected' && row.objected_at === null && row.decided_at !== null
    ? objectionFilingDue(row.decided_at, cal)
    : null;

/** UU 30/2014 Art. 77: an objection within 21 working days of the rejection; the office's deadline starts. */
export function objectEffect(s: LegalStep): Effect {
  const { row, type, cal, now } = s;
  const until = objectionUntil(row, cal);
  if (until === null || now >= until)
    throw P.objection_window_closed(
      row.objected_at
        ? 'An objection against this rejection was already filed.'
        : `Objections were due by ${until?.toISOString() ?? 'the end of the window'}.`,
      { extensions: { currentStatus: row.status, objectionDue: until?.toISOString() ?? null } },
    );
  const reasons = needReasons(s.reasons, 'An objection');
  const due = objectionDecisionDue(now, type.objection_decision_days, cal);
  return {
    set: {
      objected_at: now,
      objection_reasons: JSON.stringify(reasons),
      objection_due: due,
      objection_outcome: null,
    },
    details: { reasons, objectionDue: due.toISOString(), objectionDecisionDays: type.objection_decision_days },
  };
}

export function upholdEffect(s: LegalStep): Effect {
  const reasons = needReasons(s.reasons, 'Upholding a rejection');
  return {
    set: { objection_outcome: 'upheld', objection_due: null },
    note: 'Keberatan ditolak; penolakan permohonan tetap berlaku.',
    details: {
      outcome: 'upheld',
      reasons,
      withinDeadline: s.row.objection_due === null || s.now < s.row.objection_due,
    },
  };
}

/**
 * A granted objection (by the office, or deemed when its deadline passed: Art. 77(5)) annuls the
 * rejection: the file is complete again and a new decision is due within OBJECTION_FOLLOW_UP_DAYS
 * working days (Art. 77(6)), after which fiktif positif applies as to any complete file.
 */
export function grantObjectionEffect(s: LegalStep & { deemed: boolean }): Effect {
  const { row, type, cal, now, deemed } = s;
  // deemed as of the last moment of the office's deadline, never a day later
  const from = deemed ? new Date(row.objection_due!.getTime() - 1) : now;
  const due = workingDayDeadline(from, OBJECTION_FOLLOW_UP_DAYS, cal);
  return {
    set: {
      objection_outcome: 'granted',
      objection_due: null,
      outcome: null,
      decided_at: null,
      decided_by: null,
      decision_due: due,
      service_days: OBJECTION_FOLLOW_UP_DAYS,
      completed_at: row.completed_at ?? from,
      review_required: type.technical_review,
      inspection_required: type.site_inspection,
      grant_failures: 0,
      grant_retry_at: null,
      grant_last_error: null,
    },
    note: deemed
      ? 'Keberatan dianggap dikabulkan: tidak ada keputusan sampai batas waktunya (Pasal 77 UU 30/2014).'
      : 'Keberatan dikabulkan; penolakan dibatalkan dan keputusan baru ditetapkan.',
    details: {
      outcome: 'granted',
      deemed,
      decisionDue: due.toISOString(),
      withinDeadline: deemed ? false : row.objection_due === null || now < row.objection_due,
    },
  };
}

/**
 * Fiktif positif for a type issued only after payment (PBG: PP 16/2021 Art. 261): granted by law,
 * but issued when the fee is paid. A fee not assessed yet is computed from the type's rule.
 */
export const deemApproveEffect = (s: LegalStep & { fee: { amount: bigint; explanation: string } }): Effect => ({
  set: {
    fee: s.fee.amount,
    fee_explanation: s.fee.explanation,
    decided_at: s.now,
    outcome: 'deemed-granted',
  },
  note: `Dianggap dikabulkan secara hukum (fiktif positif): tidak ada keputusan sampai batas waktu. Izin terbit setelah ${feeLabel(s.type)} dibayar.`,
  details: { fee: s.fee.amount.toString(), explanation: s.fee.explanation },
});
