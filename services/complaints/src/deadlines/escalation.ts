/**
 * Escalation of breached deadlines (SP4N: "pengelolaan pengaduan secara berjenjang"): a breach goes
 * at once to the head of the unit that holds the report (or, before a unit has it, to the
 * verifiers), and, if the deadline is still missed `oversightAfterWorkingDays` later, to the
 * region's oversight (its Sekretariat Daerah or Inspektorat, `complaintHandling.oversightUnit`).
 * Exactly once per report, deadline and level, even with several replicas: only the transaction
 * that inserts the escalation row emits its event and timeline entry.
 */
import { findUnit, reportEscalated } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../reports/actors.js';
import type { ReportStatus } from '@sinergi/contracts';
import { insertTimeline } from '../reports/repository.js';
import { insertEscalations, type BreachKind, type Escalation, dueForOversight } from './repository.js';
import { handlingOf, workingDaysAfterDeadline } from './rules.js';

export interface Breach {
  report_id: string;
  status: ReportStatus;
  tracking_id: string;
  category: string;
  unit: string | null;
  due_at: Date;
}

const KIND_LABEL: Record<BreachKind, string> = {
  disposition: 'verifikasi dan disposisi',
  'follow-up': 'tindak lanjut',
  deferral: 'keterangan tambahan pelapor (tunda)',
};

async function record(ctx: Ctx, trx: Trx, c: { tenant: string; rows: Escalation[]; now: Date }) {
  const profile = ctx.region(c.tenant);
  const fresh = await insertEscalations(trx, c.tenant, c.rows, c.now);
  for (const e of fresh) {
    const to = e.to_unit ? (findUnit(profile, e.to_unit)?.name ?? e.to_unit) : 'verifikator (admin)';
    const whom = e.office === 'unit-head' ? `Kepala ${to}` : to;
    await insertTimeline(trx, {
      tenant: c.tenant,
      reportId: e.report_id,
      actor: SYSTEM_ACTOR,
      action: 'escalate',
      from: e.status,
      to: e.status,
      unit: e.unit,
      note: `Batas waktu ${KIND_LABEL[e.kind]} terlewati: diteruskan ke ${whom} (tingkat ${e.level})`,
    });
    await ctx.outbox.emit(trx, reportEscalated, {
      tenant: c.tenant,
      subject: e.tracking_id,
      data: {
        trackingId: e.tracking_id,
        category: e.category,
        at: c.now.toISOString(),
        kind: e.kind,
        level: e.level,
        office: e.office,
        to: e.to_unit,
        unit: e.unit,
        dueAt: e.due_at.toISOString(),
      },
    });
  }
  return fresh.length;
}

/** Level 1 for breaches this transaction has just recorded: the unit head, or the verifiers. */
export function escalateToUnitHead(
  ctx: Ctx,
  trx: Trx,
  c: { tenant: string; kind: BreachKind; breaches: Breach[]; now: Date },
) {
  const handling = handlingOf(ctx.region(c.tenant));
  const calendar = ctx.calendar(c.tenant);
  const rows = c.breaches.map((b): Escalation => ({
    ...b,
    kind: c.kind,
    level: 1,
    office: b.unit ? 'unit-head' : 'verifier',
    to_unit: b.unit,
    // without an oversight unit in the region the chain ends here
    next_level_due: handling.oversightUnit
      ? workingDaysAfterDeadline(b.due_at, handling.oversightAfterWorkingDays, calendar)
      : null,
  }));
  return record(ctx, trx, { tenant: c.tenant, rows, now: c.now });
}

/** Level 2: deadlines still missed when their oversight time came go to the region's oversight. */
export async function escalateToOversight(ctx: Ctx, trx: Trx, c: { tenant: string; now: Date }) {
  const oversight = handlingOf(ctx.region(c.tenant)).oversightUnit;
  if (!oversight) return 0;
  const due = await dueForOversight(trx, c.now);
  const rows = due.map((d): Escalation => ({
    ...d,
    level: 2,
    office: 'oversight',
    to_unit: oversight,
    next_level_due: null,
  }));
  return record(ctx, trx, { tenant: c.tenant, rows, now: c.now });
}
