/**
 * How long complaints keeps a reporter's personal data (UU 27/2022 Art. 43-44: erased once the
 * purpose is met or the retention period ends). The kit runs the rules for every region.
 *
 * reporter-contact (default 365 days after the report is finished): the reporter's name, phone,
 * e-mail, masked NIK and NIK hash are there to reach the reporter while the report is handled and
 * to let them dispute, rate or follow it up afterwards. A report that is still open keeps them
 * whatever its age; a supporting report (a duplicate counted as support) keeps them while the report
 * it supports is open. The report itself (category, text, place, timeline, deadlines) stays: it is
 * the region's record of the complaint and feeds the statistics.
 */
import { sql } from 'kysely';
import type { RetentionRule } from '@sinergi/service-kit';
import type { ComplaintsDB } from '../db/schema.js';
import { FINAL_STATUSES } from '../reports/workflow.js';

export const reporterContact: RetentionRule<ComplaintsDB> = {
  kind: 'reporter-contact',
  description:
    'the reporter’s name, phone, e-mail, masked NIK and NIK hash, counted from when the report (or the report it supports) was closed, forwarded or archived; never while it is open',
  defaultDays: 365,
  async erase(trx, before, limit) {
    const done = sql.join(FINAL_STATUSES.map((s) => sql`${s}`));
    // the row lock and the `reporter_erased_at is null` check make a second replica skip or change nothing
    const result = await sql`
      update report set reporter_name = null, reporter_phone = null, reporter_email = null,
                        reporter_nik_masked = null, reporter_nik_hash = null, reporter_erased_at = now()
      where id in (
        select r.id from report r left join report s on s.id = r.supporting_id
        where r.reporter_erased_at is null
          and (r.reporter_name is not null or r.reporter_phone is not null or r.reporter_email is not null
               or r.reporter_nik_masked is not null or r.reporter_nik_hash is not null)
          and ((r.status in (${done}) and coalesce(r.closed_at, r.updated_at) < ${before})
               or (r.status = 'supporting' and s.status in (${done}) and coalesce(s.closed_at, s.updated_at) < ${before}))
        order by r.id
        limit ${limit}
        for update of r skip locked)`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  },
};

export const retentionRules: readonly RetentionRule<ComplaintsDB>[] = [reporterContact];
