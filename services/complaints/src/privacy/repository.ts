/** The SQL of data subject requests, and nothing else: the tenant transaction first, never opened here. */
import { sql } from 'kysely';
import type { ContactMatch } from '@sinergi/service-kit';
import type { Trx } from '../db/schema.js';

/** The person's reports, locked against a concurrent erasure or correction. */
export const findSubjectReports = (trx: Trx, match: ContactMatch<'reporter'>) =>
  trx
    .selectFrom('report')
    .selectAll()
    .where(
      match.column === 'reporter_email'
        ? sql<boolean>`lower(reporter_email) = ${match.value}`
        : sql<boolean>`${sql.ref(match.column)} = ${match.value}`,
    )
    .orderBy('submitted_at')
    .forUpdate()
    .execute();

export const timelineOf = (trx: Trx, reportIds: string[]) =>
  reportIds.length === 0
    ? Promise.resolve([])
    : trx
        .selectFrom('report_timeline')
        .select(['report_id', 'at', 'action', 'to_status', 'note'])
        .where('report_id', 'in', reportIds)
        .orderBy('at')
        .orderBy('id')
        .execute();

/** Erases the reporter's columns and hides the identity; the text is replaced by its masked form. */
export async function eraseReporter(trx: Trx, id: string, masked: { title: string; description: string }) {
  await trx
    .updateTable('report')
    .set({
      reporter_name: null,
      reporter_phone: null,
      reporter_email: null,
      reporter_nik_masked: null,
      reporter_nik_hash: null,
      reporter_erased_at: new Date(),
      anonim: true,
      title: masked.title,
      description: masked.description,
    })
    .where('id', '=', id)
    .execute();
  // a photo may show the reporter, their house or their plate: it goes with them
  await trx.deleteFrom('report_photo').where('report_id', '=', id).execute();
}

export const correctReporter = (
  trx: Trx,
  ids: string[],
  set: { reporter_name?: string; reporter_phone?: string; reporter_email?: string },
) => trx.updateTable('report').set(set).where('id', 'in', ids).execute();
