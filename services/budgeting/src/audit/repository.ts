import type { Trx } from '../db/schema.js';
import { canonicalJson, entryHash, GENESIS_HASH, type AuditEntry, type CanonicalValue } from './chain.js';

export interface AuditInput {
  tenant: string;
  /** The fiscal year's chain; 0 for the reference data (nomenclature and account versions). */
  year: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  data: CanonicalValue;
}

/**
 * Appends one entry to the tenant's chain for the year, in the caller's transaction. The head row
 * is locked first, so concurrent appends queue instead of forking the chain; the entry and the new
 * head are written by one statement, so each append leaves one new version of the head row (a long
 * transaction of many appends stays linear).
 */
export async function appendAudit(trx: Trx, input: AuditInput): Promise<void> {
  const lockHead = () =>
    trx.selectFrom('audit_head').select(['seq', 'hash']).where('year', '=', input.year).forUpdate().executeTakeFirst();
  let head = await lockHead();
  if (!head) {
    await trx
      .insertInto('audit_head')
      .values({ tenant_id: input.tenant, year: input.year, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.columns(['tenant_id', 'year']).doNothing())
      .execute();
    head = (await lockHead())!;
  }
  const entry: AuditEntry = {
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    data: input.data,
    prevHash: head.hash,
  };
  const hash = entryHash(entry);
  await trx
    .with('entry', (db) =>
      db.insertInto('audit_entry').values({
        tenant_id: input.tenant,
        year: input.year,
        seq: entry.seq,
        at: new Date(entry.at),
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        data: canonicalJson(entry.data),
        prev_hash: entry.prevHash,
        hash,
      }),
    )
    .updateTable('audit_head')
    .set({ seq: entry.seq, hash })
    .where('year', '=', input.year)
    .execute();
}

/** The year's chain in order, as stored. */
export async function readChain(trx: Trx, year: number): Promise<Array<AuditEntry & { hash: string }>> {
  const rows = await trx.selectFrom('audit_entry').selectAll().where('year', '=', year).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    data: r.data as CanonicalValue,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
