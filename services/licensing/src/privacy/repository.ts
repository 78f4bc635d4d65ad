/** The SQL of data subject requests, and nothing else: the tenant transaction first, never opened here. */
import { sql } from 'kysely';
import type { ContactMatch } from '@sinergi/service-kit';
import type { Trx } from '../db/schema.js';

/** The person's applications with their permit, locked against a concurrent step, erasure or the retention job. */
export const findSubjectApplications = (trx: Trx, match: ContactMatch<'applicant'>) =>
  trx
    .selectFrom('application as a')
    .leftJoin('permit as p', 'p.application_id', 'a.id')
    .selectAll('a')
    .select(['p.number as permit_number', 'p.issued_at as permit_issued_at', 'p.valid_until as permit_valid_until'])
    .select(['p.revoked_at as permit_revoked_at', 'p.holder_name as permit_holder_name'])
    .where(
      match.column === 'applicant_email'
        ? sql<boolean>`lower(a.applicant_email) = ${match.value}`
        : sql<boolean>`${sql.ref(`a.${match.column}`)} = ${match.value}`,
    )
    .orderBy('a.created_at')
    .forUpdate('a')
    .execute();

export const timelineOf = (trx: Trx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : trx
        .selectFrom('application_timeline')
        .select(['application_id', 'at', 'action', 'to_status', 'note'])
        .where('application_id', 'in', ids)
        .orderBy('at')
        .orderBy('id')
        .execute();

export const documentsOf = (trx: Trx, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : trx
        .selectFrom('application_document')
        .select(['id', 'application_id', 'requirement', 'version', 'file_name', 'media_type', 'size_bytes', 'sha256'])
        .select('uploaded_at')
        .where('application_id', 'in', ids)
        .orderBy('requirement')
        .orderBy('version')
        .execute();

/** The documents of these applications, locked, for `deleteDocumentsNoted`. */
export const documentsDue = (ids: string[]) =>
  sql`select id from application_document where application_id = any(${ids}::uuid[]) order by id for update`;

export const eraseContacts = (trx: Trx, ids: string[]) =>
  trx
    .updateTable('application')
    .set({
      applicant_phone: null,
      applicant_email: null,
      applicant_nik_hash: null,
      applicant_nik_masked: null,
      contact_erased_at: new Date(),
    })
    .where('id', 'in', ids)
    .execute();

export const correctContacts = (trx: Trx, ids: string[], set: { applicant_phone?: string; applicant_email?: string }) =>
  trx.updateTable('application').set(set).where('id', 'in', ids).execute();
