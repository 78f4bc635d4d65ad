/** Lists of reports for staff: verification queue, unit inbox, overdue. Read-only queries. */
import type { ReportStatus } from '@sinergi/contracts';
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import { currentDueSql } from '../deadlines/repository.js';
import { currentDeadline, isOverdue } from '../deadlines/rules.js';
import { freeTextFor, type Reader } from './views.js';

export interface ListFilter {
  statuses?: readonly ReportStatus[];
  unit?: string | undefined;
  category?: string | undefined;
  overdueKind?: 'disposition' | 'follow-up' | 'deferral' | undefined;
  /** Only reports escalated to at least this level (on their current deadline). */
  escalatedTo?: { level: 1 | 2; toUnit?: string | undefined } | undefined;
  now?: Date;
  /** Whose list it is: titles are free text (see freeTextFor). */
  reader: Reader;
  limit: number;
  offset: number;
}

export async function listReports(trx: Trx, f: ListFilter) {
  const now = f.now ?? new Date();
  let q = trx.selectFrom('report as r').select([
    'r.id',
    'r.tracking_id',
    'r.title',
    'r.category',
    'r.type',
    'r.status',
    'r.unit',
    'r.submitted_at',
    'r.disposition_due',
    'r.followup_due',
    'r.autoclose_due',
    'r.anonim',
    'r.rahasia',
    'r.deferred_due',
    sql<number>`(select count(*)::int from report s where s.supporting_id = r.id)`.as('supporters'),
    // escalations of the deadline the report runs against now; an older, met deadline's do not count
    sql<number>`(select coalesce(max(e.level), 0)::int from escalation e where e.report_id = r.id and e.due_at = ${currentDueSql})`.as(
      'escalation_level',
    ),
  ]);
  if (f.statuses) q = q.where('r.status', 'in', f.statuses);
  if (f.unit) q = q.where('r.unit', '=', f.unit);
  if (f.category) q = q.where('r.category', '=', f.category);
  if (f.overdueKind === 'disposition') q = q.where('r.status', '=', 'submitted').where('r.disposition_due', '<=', now);
  if (f.overdueKind === 'follow-up')
    q = q.where('r.status', 'in', ['disposed', 'in-progress']).where('r.followup_due', '<=', now);
  if (f.overdueKind === 'deferral') q = q.where('r.status', '=', 'deferred').where('r.deferred_due', '<=', now);
  const esc = f.escalatedTo;
  if (esc) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('escalation as e')
          .select('e.level')
          .whereRef('e.report_id', '=', 'r.id')
          .where('e.level', '>=', esc.level)
          .where((eb) => (esc.toUnit ? eb('e.to_unit', '=', esc.toUnit) : eb.val(true)))
          .where(sql<boolean>`e.due_at = ${currentDueSql}`),
      ),
    );
  }
  const rows = await q
    .orderBy(f.overdueKind === 'follow-up' ? 'r.followup_due' : 'r.disposition_due')
    .orderBy('r.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const text = freeTextFor(f.reader);
  return rows.map((r) => {
    const deadline = currentDeadline(r);
    return {
      trackingId: r.tracking_id,
      title: text(r.title),
      category: r.category,
      type: r.type,
      status: r.status,
      unit: r.unit,
      submittedAt: r.submitted_at.toISOString(),
      deadline: deadline ? { kind: deadline.kind, due: deadline.due.toISOString() } : null,
      overdue: isOverdue(r, now),
      escalationLevel: r.escalation_level,
      supporters: r.supporters,
      anonim: r.anonim,
      rahasia: r.rahasia,
    };
  });
}
