/** Audit anchoring: each chain's head published once per move, the public head, and the verifier checked against an anchor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { auditAnchored } from '@sinergi/contracts';
import { anchorHeads } from '../src/audit/anchor.js';
import { entryHash, type AuditEntry, type CanonicalValue } from '../src/audit/chain.js';
import { createServiceHarness, waitFor } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';
import { addLine, addSub, asphalt, openUnit, seedReference, YEAR, type H } from './fixtures.js';

let h: H;
beforeAll(async () => {
  // the test runs the passes itself (the job's interval is an hour here), so it knows when each happened
  h = await createServiceHarness(budgeting, { env: { AUDIT_ANCHOR_MS: '3600000' } });
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
});
afterAll(async () => h?.stop());

const head = async (year = YEAR) =>
  (await h.inject({ method: 'GET', url: `/v1/public/audit/${year}/head?tenant=32.73` })).json() as {
    year: number;
    seq: number;
    hash: string | null;
    anchored: { seq: number; hash: string } | null;
  };
const verify = async (query: string) =>
  (
    await h.inject({ method: 'GET', url: `/v1/audit/verify?year=${YEAR}${query}`, headers: await h.as.auditor() })
  ).json();
const anchoredEvents = async () =>
  (await h.events.published<{ year: number; seq: number; hash: string }>(auditAnchored.type)).map((e) => e.data);

describe('anchoring the audit heads', () => {
  let first: { seq: number; hash: string };

  it("publishes every chain's head once, and again only after it moved", async () => {
    const before = await head();
    expect(before.seq).toBeGreaterThan(0);
    expect((await anchorHeads(h.ctx, '32.73')).anchored).toBe(2); // the year's chain and the reference chain (0)
    expect((await anchorHeads(h.ctx, '32.73')).anchored).toBe(0);
    expect(await anchoredEvents()).toEqual(
      expect.arrayContaining([
        { year: 0, seq: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String) },
        { year: YEAR, seq: before.seq, hash: before.hash, at: expect.any(String) },
      ]),
    );
    expect(await anchoredEvents()).toHaveLength(2);
    first = { seq: before.seq, hash: before.hash! };

    expect((await addLine(h, 'dsdabm', asphalt())).statusCode).toBe(201);
    const moved = await head();
    expect(moved).toMatchObject({ seq: first.seq + 1, anchored: first });
    expect((await anchorHeads(h.ctx, '32.73')).anchored).toBe(1);
    expect(await head()).toMatchObject({ seq: moved.seq, anchored: { seq: moved.seq, hash: moved.hash } });
    const events = await anchoredEvents();
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ year: YEAR, seq: moved.seq, hash: moved.hash });
  });

  it('is announced once when two replicas run the same pass at the same time', async () => {
    expect((await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '2', unit: 'm2' }] }))).statusCode).toBe(201);
    const passes = await Promise.all([anchorHeads(h.ctx, '32.73'), anchorHeads(h.ctx, '32.73')]);
    expect(passes.map((p) => p.anchored).sort()).toEqual([0, 1]);
    expect(await anchoredEvents()).toHaveLength(4);
  });

  it('the public head is anonymous and holds hashes and counts only', async () => {
    const res = await h.inject({ method: 'GET', url: `/v1/public/audit/${YEAR}/head?tenant=32.73` });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json() as object).sort()).toEqual(['anchored', 'hash', 'seq', 'year']);
    expect(await head(1999)).toEqual({ year: 1999, seq: 0, hash: null, anchored: null });
  });

  it('the verifier accepts the chain against an anchor it still holds', async () => {
    expect(await verify(`&anchorSeq=${first.seq}&anchorHash=${first.hash}`)).toMatchObject({
      intact: true,
      anchor: 'holds',
    });
    expect(await verify(`&anchorSeq=${first.seq}&anchorHash=${'0'.repeat(64)}`)).toMatchObject({
      intact: false,
      brokenAt: first.seq,
      reason: 'anchor_mismatch',
    });
    expect(await verify(`&anchorSeq=100000&anchorHash=${first.hash}`)).toMatchObject({
      intact: false,
      reason: 'anchor_missing',
    });
    expect(await verify(`&anchorSeq=${first.seq}`)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'anchorHash' }],
    });
  });

  it('a chain rewritten wholesale in the database verifies on its own, but not against the anchor taken before', async () => {
    // the owner's attack: change an early entry and recompute every later hash and the head
    const rows = await sql<{
      seq: number;
      at: Date;
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      data: CanonicalValue;
    }>`select seq, at, actor, action, entity, entity_id, data from audit_entry where year = ${YEAR} order by seq`.execute(
      h.db,
    );
    let prev = '0'.repeat(64);
    for (const r of rows.rows) {
      const data = r.seq === 2 ? { ...(r.data as Record<string, CanonicalValue>), forged: true } : r.data;
      const entry: AuditEntry = {
        seq: r.seq,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        data,
        prevHash: prev,
      };
      prev = entryHash(entry);
      await sql`update audit_entry set data = ${JSON.stringify(data)}::jsonb, prev_hash = ${entry.prevHash}, hash = ${prev}
        where year = ${YEAR} and seq = ${r.seq}`.execute(h.db);
    }
    await sql`update audit_head set hash = ${prev} where year = ${YEAR}`.execute(h.db);
    expect(await verify('')).toMatchObject({ intact: true });
    expect(await verify(`&anchorSeq=${first.seq}&anchorHash=${first.hash}`)).toMatchObject({
      intact: false,
      brokenAt: first.seq,
      reason: 'anchor_mismatch',
    });
  });
});

describe('the anchoring job', () => {
  it('runs by itself every AUDIT_ANCHOR_MS and publishes the heads', async () => {
    const fast = await createServiceHarness(budgeting, { env: { AUDIT_ANCHOR_MS: '200' } });
    try {
      await seedReference(fast);
      const current = (await fast.inject({ method: 'GET', url: `/v1/public/audit/${YEAR}/head?tenant=32.73` })).json();
      await waitFor(async () => {
        const now = (await fast.inject({ method: 'GET', url: `/v1/public/audit/${YEAR}/head?tenant=32.73` })).json();
        return now.anchored?.seq === current.seq ? true : undefined;
      }, 'the job to anchor the head');
      const events = await fast.events.published<{ year: number; seq: number }>(auditAnchored.type);
      // a pass may have run while the reference data loaded: each anchor moves forward, the last is the head
      const seqs = events.filter((e) => e.data.year === YEAR).map((e) => e.data.seq);
      expect(seqs.at(-1)).toBe(current.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    } finally {
      await fast.stop();
    }
  });
});
