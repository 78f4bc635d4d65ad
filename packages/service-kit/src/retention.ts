/**
 * Retention of personal data (UU 27/2022 Art. 43-44: personal data is erased once the purpose of
 * processing is met or its retention period ends). Each service names the kinds of personal data it
 * keeps, a default period for each, and how a batch of them is erased (deleted, or the personal
 * columns nulled while the record itself stays); the kit runs the erasure for every region on a
 * schedule, replica-safe, and reads each period from the environment.
 */
import type { Transaction } from 'kysely';
import type { ServiceDatabase } from './db/database.js';
import type { KitTables } from './db/kit-tables.js';
import { startTenantJob } from './jobs.js';
import type { DirectoryClient } from './directory.js';
import type { Logger } from 'pino';

export interface RetentionRule<DB> {
  /** Kebab-case name: `raw-payload` is configured by `RETENTION_RAW_PAYLOAD_DAYS`. */
  kind: string;
  /** What is erased, for the record of processing and the logs (never the data itself). */
  description: string;
  defaultDays: number;
  /**
   * Erases at most `limit` items older than `before` in the tenant's transaction and returns how many
   * it erased. Replicas may run at once: claim rows with `for update skip locked` or write
   * statements that are idempotent (a second erasure of an erased row changes nothing).
   */
  erase(trx: Transaction<DB & KitTables>, before: Date, limit: number): Promise<number>;
}

const KIND = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The environment variable that sets a kind's period in days. */
export const retentionVariable = (kind: string): string => `RETENTION_${kind.toUpperCase().replace(/-/g, '_')}_DAYS`;

/** A kind's period: the variable when set (a whole number of days, at least 1), else the default. */
export function retentionDays(
  rule: Pick<RetentionRule<unknown>, 'kind' | 'defaultDays'>,
  env: NodeJS.ProcessEnv,
): number {
  if (!KIND.test(rule.kind)) throw new Error(`retention kind must be kebab-case, got ${JSON.stringify(rule.kind)}`);
  const name = retentionVariable(rule.kind);
  const raw = env[name];
  if (raw === undefined || raw === '') return rule.defaultDays;
  if (!/^[1-9]\d{0,5}$/.test(raw))
    throw new Error(`${name} must be a whole number of days from 1, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * One pass for one tenant: each kind erased in batches of 500, one short transaction per batch, until
 * a batch comes back short. Returns the count per kind.
 */
export async function applyRetention<DB>(
  db: ServiceDatabase<DB>,
  tenant: string,
  rules: readonly RetentionRule<DB>[],
  options: { now?: Date; env?: NodeJS.ProcessEnv } = {},
): Promise<Record<string, number>> {
  const now = options.now ?? new Date();
  const counts: Record<string, number> = {};
  for (const rule of rules) {
    const before = new Date(now.getTime() - retentionDays(rule, options.env ?? process.env) * DAY_MS);
    let total = 0;
    for (;;) {
      const erased = await db.withTenant(tenant, (trx) => rule.erase(trx, before, BATCH));
      total += erased;
      if (erased < BATCH) break;
    }
    counts[rule.kind] = total;
  }
  return counts;
}

/**
 * Runs `applyRetention` for every region every `intervalMs` (default 6 hours), checking every period
 * at start so a bad variable stops the service instead of keeping data silently.
 */
export function startRetention<DB>(
  ctx: {
    db: ServiceDatabase<DB>;
    directory: Pick<DirectoryClient, 'tenants'>;
    logger: Pick<Logger, 'info' | 'error'>;
  },
  rules: readonly RetentionRule<DB>[],
  options: { intervalMs?: number; env?: NodeJS.ProcessEnv } = {},
): () => Promise<void> {
  const env = options.env ?? process.env;
  for (const rule of rules) retentionDays(rule, env);
  return startTenantJob(ctx, {
    name: 'retention',
    intervalMs: options.intervalMs ?? 6 * 3600_000,
    run: (tenant) => applyRetention(ctx.db, tenant, rules, { env }),
  });
}

/** The rules as rows for a README's record of processing: kind, what, default days, variable. */
export function retentionRecord(rules: readonly RetentionRule<unknown>[]): string[][] {
  return rules.map((r) => [r.kind, r.description, String(r.defaultDays), retentionVariable(r.kind)]);
}
