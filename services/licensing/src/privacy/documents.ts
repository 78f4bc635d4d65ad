/**
 * Deleting an application's uploaded documents (blobs in PostgreSQL) while its timeline keeps which
 * requirements and versions they were and their SHA-256: the record still says what was assessed, and
 * a copy the applicant kept can be matched to it. Shared by retention and the applicant's erasure.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../db/schema.js';

/**
 * Deletes the documents whose ids `due` selects (a query returning `id`, locked by the caller) and
 * notes them once per application; returns how many were deleted.
 */
export async function deleteDocumentsNoted(trx: Trx, due: RawBuilder<unknown>, note: string): Promise<number> {
  const result = await sql<{ n: number }>`
    with due as (${due}),
    gone as (
      delete from application_document where id in (select id from due)
      returning application_id, requirement, version, sha256, size_bytes),
    noted as (
      insert into application_timeline (tenant_id, application_id, actor, actor_role, action, from_status, to_status, note, details)
      select a.tenant_id, a.id, 'system', 'system', 'documents-erased', a.status, a.status, ${note},
             jsonb_build_object('documents', jsonb_agg(jsonb_build_object(
               'requirement', gone.requirement, 'version', gone.version, 'sha256', gone.sha256, 'sizeBytes', gone.size_bytes)
               order by gone.requirement, gone.version))
      from gone join application a on a.id = gone.application_id
      group by a.tenant_id, a.id, a.status
      returning 1)
    select count(*)::int as n from gone`.execute(trx);
  return result.rows[0]?.n ?? 0;
}
