/**
 * The anomaly pass's last result per year, kept with its basis: the audit chain's head (every change to
 * a line, a sub-activity, its beneficiaries, a ceiling or a catalogue item appends to it), the review
 * settings, and other regions' aggregates. A pass whose basis is unchanged answers the stored result;
 * any change recomputes the whole pass (the screened one) and stores it again.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import type { Anomaly } from '../effectiveness/anomalies.js';
import type { ReviewLine } from '../effectiveness/lines.js';
import type { OtherRegionItem } from '../effectiveness/peers.js';
import type { ReviewSettings } from '../signals/use-cases.js';

/** Bumped when the rules change, so a result of older rules is never answered. */
const RULES = 'anomalies-2026-12';

export interface StoredReport {
  reviewed: number;
  lines: ReviewLine[];
  anomalies: Anomaly[];
}

/** Bigints as strings, so the basis and the stored result are plain JSON. */
const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** What a pass is computed from, as a SHA-256: the audit head, the settings and other regions' aggregates. */
export async function basisOf(
  trx: Trx,
  input: { year: number; settings: ReviewSettings; otherRegions: ReadonlyMap<string, OtherRegionItem> },
): Promise<string> {
  const { rows } = await sql<{ seq: number; hash: string }>`
    select seq, hash from audit_head where year = ${input.year}`.execute(trx);
  return createHash('sha256')
    .update(json([RULES, rows[0] ?? null, input.settings, [...input.otherRegions]]))
    .digest('hex');
}

export async function storedReport(trx: Trx, year: number, basis: string): Promise<StoredReport | undefined> {
  const { rows } = await sql<{ result: StoredReport }>`
    select result from anomaly_review where year = ${year} and basis = ${basis}`.execute(trx);
  const result = rows[0]?.result;
  if (!result) return undefined;
  return {
    reviewed: result.reviewed,
    anomalies: result.anomalies,
    lines: result.lines.map((l) => ({
      ...l,
      unitPrice: BigInt(l.unitPrice),
      total: BigInt(l.total),
      catalogueMax: l.catalogueMax === null ? null : BigInt(l.catalogueMax),
    })),
  };
}

export async function storeReport(
  trx: Trx,
  input: { tenant: string; year: number; basis: string; report: StoredReport },
) {
  await sql`
    insert into anomaly_review (tenant_id, year, basis, result)
    values (${input.tenant}, ${input.year}, ${input.basis}, ${json(input.report)}::jsonb)
    on conflict (tenant_id, year) do update set basis = excluded.basis, result = excluded.result, computed_at = now()`.execute(
    trx,
  );
}
