import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkAnchor,
  entryHash,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
} from '../../src/audit/chain.js';

function chain(n: number) {
  const out: Array<AuditEntry & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: AuditEntry = {
      seq: i,
      at: `2026-12-07T10:00:0${i}.000Z`,
      actor: 'officer:x',
      action: 'line_item.created',
      entity: 'line_item',
      entityId: `id-${i}`,
      data: { total: String(i * 1000), factors: [{ quantity: '2', unit: 'orang' }] },
      prevHash: prev,
    };
    const hash = entryHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });
  it('refuses floats and bigints: money travels as strings', () => {
    expect(() => canonicalJson({ total: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson({ total: 1n })).toThrow(TypeError);
  });
});

describe('the hash chain', () => {
  it('verifies an intact chain and names its head', () => {
    const c = chain(3);
    expect(verifyChain(c)).toEqual({ intact: true, entries: 3, head: c[2]!.hash });
    expect(verifyChain([])).toEqual({ intact: true, entries: 0, head: GENESIS_HASH });
  });

  it('names the first changed entry', () => {
    const c = chain(4);
    c[1] = { ...c[1]!, data: { total: '999999999', factors: [{ quantity: '2', unit: 'orang' }] } };
    expect(verifyChain(c)).toMatchObject({ intact: false, brokenAt: 2, reason: 'hash_mismatch' });
  });

  it('catches a rehashed entry by the next link, and a removed one by the gap', () => {
    const c = chain(4);
    const forged = { ...c[1]!, actor: 'tapd:y' };
    c[1] = { ...forged, hash: entryHash({ ...forged, hash: undefined } as unknown as AuditEntry) };
    expect(verifyChain(c)).toMatchObject({ intact: false, brokenAt: 3, reason: 'wrong_previous_hash' });
    const d = chain(4);
    d.splice(1, 1);
    expect(verifyChain(d)).toMatchObject({ intact: false, brokenAt: 2, reason: 'sequence_gap' });
  });
});

describe('an anchor kept outside the database', () => {
  it('holds while the chain still has the anchored entry with that hash, also after later entries', () => {
    const entries = chain(5);
    expect(checkAnchor(entries, { seq: 3, hash: entries[2]!.hash })).toEqual({ anchor: 'holds' });
    expect(checkAnchor(entries, { seq: 5, hash: entries[4]!.hash })).toEqual({ anchor: 'holds' });
  });

  it('fails on a chain recomputed from an earlier entry on, which verifies on its own', () => {
    const original = chain(5);
    const rewritten = chain(5).map((e) => ({ ...e }));
    let prev = rewritten[0]!.hash;
    for (const e of rewritten.slice(1)) {
      const body: AuditEntry = { ...e, prevHash: prev, data: e.seq === 2 ? { total: '1' } : e.data };
      delete (body as Partial<typeof e>).hash;
      Object.assign(e, body, { hash: entryHash(body) });
      prev = e.hash;
    }
    expect(verifyChain(rewritten)).toMatchObject({ intact: true });
    expect(checkAnchor(rewritten, { seq: 4, hash: original[3]!.hash })).toEqual({
      anchor: 'mismatch',
      brokenAt: 4,
      reason: 'anchor_mismatch',
    });
    // an anchor taken before the rewritten entry still holds: the rewrite starts after it
    expect(checkAnchor(rewritten, { seq: 1, hash: original[0]!.hash })).toEqual({ anchor: 'holds' });
  });

  it('is missing when the chain is shorter than the anchored seq', () => {
    const entries = chain(2);
    expect(checkAnchor(entries, { seq: 3, hash: 'f'.repeat(64) })).toMatchObject({
      reason: 'anchor_missing',
      brokenAt: 3,
    });
  });
});
