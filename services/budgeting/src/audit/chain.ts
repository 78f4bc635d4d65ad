/**
 * The tamper-evident audit log as pure functions: each entry's hash is SHA-256 over the canonical
 * JSON of the entry including the previous entry's hash, so changing, removing or reordering any
 * stored entry breaks every link after it. One chain per tenant and fiscal year (year 0 is the
 * chain of the year-independent reference data: nomenclature and account versions).
 */
import { createHash } from 'node:crypto';

export type CanonicalValue = string | boolean | null | number | CanonicalValue[] | { [key: string]: CanonicalValue };

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, only safe integers as numbers
 * (money travels as strings), so the same entry always hashes the same, whatever order jsonb
 * hands its keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError('canonical JSON holds only safe integers; send money as strings');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  data: CanonicalValue;
  prevHash: string;
}

export function entryHash(entry: AuditEntry): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export type ChainVerdict =
  | { intact: true; entries: number; head: string }
  | {
      intact: false;
      entries: number;
      brokenAt: number;
      reason: 'hash_mismatch' | 'wrong_previous_hash' | 'sequence_gap';
    };

/** Recomputes the chain in sequence order and names the first entry that does not hold. */
export function verifyChain(entries: Iterable<AuditEntry & { hash: string }>): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  for (const e of entries) {
    n++;
    if (e.seq !== expectedSeq) return { intact: false, entries: n, brokenAt: expectedSeq, reason: 'sequence_gap' };
    if (e.prevHash !== prev) return { intact: false, entries: n, brokenAt: e.seq, reason: 'wrong_previous_hash' };
    const { hash, ...body } = e;
    if (entryHash(body) !== hash) return { intact: false, entries: n, brokenAt: e.seq, reason: 'hash_mismatch' };
    prev = hash;
    expectedSeq++;
  }
  return { intact: true, entries: n, head: prev };
}

/** A head published earlier: the chain must still hold entry `seq` with exactly this hash. */
export interface Anchor {
  seq: number;
  hash: string;
}

export type AnchorVerdict =
  | { anchor: 'holds' }
  | { anchor: 'missing' | 'mismatch'; brokenAt: number; reason: 'anchor_missing' | 'anchor_mismatch' };

/**
 * Checks an intact chain against an anchor kept outside the database. A chain rewritten from some
 * entry on, with every later hash recomputed, verifies on its own; it fails here when the rewrite
 * reaches back to or before the anchored entry.
 */
export function checkAnchor(entries: ReadonlyArray<{ seq: number; hash: string }>, anchor: Anchor): AnchorVerdict {
  const entry = entries[anchor.seq - 1];
  if (!entry || entry.seq !== anchor.seq) return { anchor: 'missing', brokenAt: anchor.seq, reason: 'anchor_missing' };
  if (entry.hash !== anchor.hash) return { anchor: 'mismatch', brokenAt: anchor.seq, reason: 'anchor_mismatch' };
  return { anchor: 'holds' };
}
