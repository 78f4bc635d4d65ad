/** The tamper-evident audit chain: every change is linked by hash; a row altered in the database is found. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addLine, addSub, asphalt, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  expect((await addLine(h, 'dsdabm', asphalt())).statusCode).toBe(201);
  expect((await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '10', unit: 'm2' }] }))).statusCode).toBe(201);
});
afterAll(async () => h?.stop());

const verify = async (year = YEAR) =>
  (await h.inject({ method: 'GET', url: `/v1/audit/verify?year=${year}`, headers: await h.as.auditor() })).json();

describe('the audit chain', () => {
  it('holds every change of the year in order: year opened, catalogue items, ceiling, status, sub-activity, lines', async () => {
    const rows = await sql<{
      seq: number;
      action: string;
    }>`select seq, action from audit_entry where year = ${YEAR} order by seq`.execute(h.db);
    const actions = rows.rows.map((r) => r.action);
    expect(actions[0]).toBe('year.opened');
    expect(actions.filter((a) => a === 'catalogue_item.saved')).toHaveLength(5);
    expect(actions.slice(-5)).toEqual([
      'ceiling.set',
      'budget.open',
      'sub_activity.added',
      'line_item.created',
      'line_item.created',
    ]);
    expect(rows.rows.map((r) => r.seq)).toEqual(rows.rows.map((_, i) => i + 1));
    expect(await verify()).toMatchObject({ year: YEAR, intact: true, entries: rows.rows.length });
    expect(await verify(0)).toMatchObject({ intact: true, entries: 2 });
  });

  it('detects a line total changed directly in the database, naming the first broken entry', async () => {
    const target = await sql<{
      seq: number;
    }>`select seq from audit_entry where year = ${YEAR} and action = 'line_item.created' order by seq limit 1`.execute(
      h.db,
    );
    const seq = target.rows[0]!.seq;
    await sql`update audit_entry set data = jsonb_set(data, '{total}', '"1"') where year = ${YEAR} and seq = ${seq}`.execute(
      h.db,
    );
    expect(await verify()).toMatchObject({ intact: false, brokenAt: seq, reason: 'hash_mismatch' });
    await sql`update audit_entry set data = jsonb_set(data, '{total}', '"246420000"') where year = ${YEAR} and seq = ${seq}`.execute(
      h.db,
    );
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('detects a removed entry and removed newest entries', async () => {
    const saved = await sql<
      Record<string, unknown>
    >`select * from audit_entry where year = ${YEAR} order by seq`.execute(h.db);
    const last = saved.rows.length;
    await sql`delete from audit_entry where year = ${YEAR} and seq = 3`.execute(h.db);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: 3, reason: 'sequence_gap' });
    await sql`delete from audit_entry where year = ${YEAR} and seq >= 3`.execute(h.db);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: 3, reason: 'truncated' });
    expect(last).toBeGreaterThan(3);
  });

  it('is for auditors, admins and TAPD, never for a unit or the public', async () => {
    expect(
      (
        await h.inject({ method: 'GET', url: `/v1/audit/verify?year=${YEAR}`, headers: await h.as.officer('dsdabm') })
      ).json(),
    ).toMatchObject({ status: 403 });
    expect((await h.inject({ method: 'GET', url: `/v1/audit/verify?year=${YEAR}&tenant=32.73` })).json()).toMatchObject(
      { status: 401 },
    );
  });
});
