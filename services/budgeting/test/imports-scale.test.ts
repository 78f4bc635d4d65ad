/**
 * Exact sums through the database: 60,000 line items over Rp 10 trillion, and every rollup (unit,
 * program, account) equal to the plain sum and to the total computed here, to the rupiah, read as
 * the application role under row-level security. The rows are written by one INSERT ... SELECT
 * generate_series so the test stays short; 300,000 lines took about 100 s on the shared machine, so
 * the full scale is the benchmark's (bench/import.ts: 250,000 lines imported through HTTP, every
 * rollup checked against the generator's exact total) and the pure test's (test/unit/scale.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ceilingCheck, plainSum, rollup } from '../src/exports/rollups.js';
import { addSub, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
const N = 60_000;
const UNITS = ['dishub', 'dsdabm'];
const SUBS = ['1.03.10.2.01.0021', '2.15.02.2.01.0001', '7.01.01.2.06.0002'];
const ACCOUNTS: Array<[string, string]> = [
  ['5.2.04.01.01.0001', 'HSPK-JLN-01'],
  ['5.1.02.01.01.0024', '1.1.12.01.01.0001'],
  ['5.1.02.04.01.0001', 'SBU-UH-JB'],
];
/** The same formulas as the SQL below, in bigint. */
const lineTotal = (g: number) => 166_666_666n + BigInt(g % 1000) * 1_000n + BigInt(g % 7);
const unitOf = (g: number) => UNITS[g % 2]!;
const subOf = (g: number) => Math.floor(g / 2) % 3;
const accountOf = (g: number) => ACCOUNTS[g % 3]![0];

beforeAll(async () => {
  h = await start();
  await seedReference(h);
  for (const unit of UNITS) {
    await openUnit(h, unit, '6000000000000');
    for (const code of SUBS) expect((await addSub(h, unit, { code, pagu: '2000000000000' })).statusCode).toBe(201);
  }
  await sql`
    insert into line_item (tenant_id, year, unit, sub_activity_id, account, catalogue_item, component_name, specification,
      unit_of_measure, factors, volume, unit_price, tax_percent, amount, tax, total, funding_source, location, created_by, updated_by)
    select '32.73', ${YEAR}, u.unit, s.id, a.account, a.item, 'Komponen', '', 'unit', '[{"quantity":"1","unit":"unit"}]', 1,
      t.total, 0, t.total, 0, t.total, 'PAD', 'Bandung', 'test', 'test'
    from generate_series(1, ${N}) g
    cross join lateral (select 166666666 + (g % 1000) * 1000 + (g % 7) as total) t
    join (select * from unnest(${UNITS}::text[]) with ordinality as x(unit, i)) u on u.i = g % 2 + 1
    join sub_activity s on s.unit = u.unit and s.year = ${YEAR}
      and s.code = (${SUBS}::text[])[(g / 2) % 3 + 1]
    join (select * from unnest(${ACCOUNTS.map((a) => a[0])}::text[], ${ACCOUNTS.map((a) => a[1])}::text[])
      with ordinality as y(account, item, i)) a on a.i = g % 3 + 1`.execute(h.db);
}, 120_000);
afterAll(async () => h?.stop());

describe('exact sums at scale', { timeout: 60_000 }, () => {
  it('60,000 lines over Rp 10 trillion: every rollup equals the plain sum and the total computed here', async () => {
    const expected = {
      total: 0n,
      unit: new Map<string, bigint>(),
      program: new Map<string, bigint>(),
      account: new Map<string, bigint>(),
    };
    const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
    for (let g = 1; g <= N; g++) {
      const t = lineTotal(g);
      expected.total += t;
      add(expected.unit, unitOf(g), t);
      add(expected.program, SUBS[subOf(g)]!.split('.').slice(0, 3).join('.'), t);
      add(expected.account, accountOf(g), t);
    }
    expect(expected.total).toBeGreaterThan(10_000_000_000_000n);
    await h.ctx.db.withTenant('32.73', async (trx) => {
      expect(await plainSum(trx, YEAR)).toBe(expected.total);
      for (const by of ['unit', 'program', 'account'] as const) {
        const groups = await rollup(trx, YEAR, by);
        expect(groups).toEqual(expected[by]);
        expect([...groups.values()].reduce((a, b) => a + b, 0n)).toBe(expected.total);
      }
      expect(await ceilingCheck(trx, YEAR)).toEqual({ subActivities: 0, units: 0 });
    });
  });

  it('the ceiling check finds a sub-activity whose lines were pushed over its pagu behind the API', async () => {
    await sql`update sub_activity set pagu = 1 where code = ${SUBS[0]} and unit = 'dishub'`.execute(h.db);
    const check = await h.ctx.db.withTenant('32.73', (trx) => ceilingCheck(trx, YEAR));
    expect(check).toEqual({ subActivities: 1, units: 0 });
  });
});
