/**
 * Inserting a row whose public id (a tracking or registration number) is drawn at random: a
 * collision is rare but possible, so the insert is retried with a new id.
 */
import { sql, type Transaction } from 'kysely';

/**
 * PostgreSQL's unique_violation (23505), optionally only on a constraint or index whose name
 * contains `constraint` (pg reports the name, e.g. `permit_tenant_id_number_key`).
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && (constraint === undefined || String(e.constraint ?? '').includes(constraint));
}

export interface FreshIdOptions {
  /** Draws a new id, e.g. `publicIds('LPR').generate`. */
  generate: () => string;
  /** Draws before giving up with an error (a 500: the id space would be nearly full). */
  attempts?: number;
  /**
   * Set when `insert` raises the unique violation (on a constraint whose name contains this)
   * instead of returning undefined: each attempt then runs in a savepoint, because the violation
   * aborts the transaction. Prefer `onConflict(...).doNothing()` and returning undefined: no savepoint.
   */
  retryOnViolationOf?: string;
}

/**
 * Runs `insert(id)` with fresh ids until it returns a row. `insert` returns undefined when the id
 * was taken (`.onConflict((oc) => oc.columns([...]).doNothing()).returning(...).executeTakeFirst()`),
 * or, with `retryOnViolationOf`, throws the unique violation.
 */
export async function insertWithFreshId<DB, Row>(
  trx: Transaction<DB>,
  insert: (id: string) => Promise<Row | undefined>,
  opts: FreshIdOptions,
): Promise<Row> {
  const attempts = opts.attempts ?? 5;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const id = opts.generate();
    if (opts.retryOnViolationOf === undefined) {
      const row = await insert(id);
      if (row !== undefined) return row;
      continue;
    }
    await sql`savepoint fresh_id`.execute(trx);
    try {
      const row = await insert(id);
      await sql`release savepoint fresh_id`.execute(trx);
      if (row !== undefined) return row;
    } catch (err) {
      await sql`rollback to savepoint fresh_id`.execute(trx);
      if (!isUniqueViolation(err, opts.retryOnViolationOf)) throw err;
    }
  }
  throw new Error(`could not draw a free id in ${attempts} attempts`);
}
