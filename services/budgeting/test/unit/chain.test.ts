import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, verifyChain, type AuditEntry } from '../../src/audit/chain.js';

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
