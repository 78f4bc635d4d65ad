/** Indicator achievement per period, budget vs realization per unit/program/account/sub-activity, tenants walled off. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { ROAD, start, YEAR, type H } from './fixtures.js';
import { approvedYear, LLAJ, postCsv, record, ROAD_ACCOUNT, ATK_ACCOUNT, type Lines } from './realization-setup.js';

let h: H;
let l: Lines;
beforeAll(async () => {
  h = await start();
  l = await approvedYear(h, { lock: true });
  // dsdabm: 246,420,000 + 18,500,000 roads (5.2), 350,000 pens (5.1); dishub: 25,800,000 travel
  const a = await record(h, 'dsdabm', [
    { lineItem: l.asphalt, month: `${YEAR}-01`, amount: '82140000' },
    { lineItem: l.asphalt, month: `${YEAR}-06`, amount: '82140000' },
    { lineItem: l.pens, month: `${YEAR}-02`, amount: '116667' },
  ]);
  expect(a.statusCode, a.body).toBe(200);
  const b = await record(h, 'dishub', [{ lineItem: l.travel, month: `${YEAR}-03`, amount: '8600000' }]);
  expect(b.statusCode, b.body).toBe(200);
});
afterAll(async () => h?.stop());

const rollup = async (query: string, headers?: Record<string, string>) =>
  h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/realization?${query}`, headers: headers ?? (await h.as.tapd()) });
const results = async (unit: string, payload: Record<string, unknown>) =>
  h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/indicator-results`,
    headers: await h.as.officer(unit),
    payload,
  });

describe('budget vs realization', () => {
  it('per unit, with exact sums and absorption to two places', async () => {
    const res = await rollup('by=unit');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      year: YEAR,
      by: 'unit',
      through: `${YEAR}-12`,
      currency: 'IDR',
      total: {
        code: 'total',
        name: null,
        budget: '291070000',
        realized: '172996667',
        remaining: '118073333',
        absorption: '59.43',
      },
      rows: [
        {
          code: 'dishub',
          name: 'Dinas Perhubungan',
          budget: '25800000',
          realized: '8600000',
          remaining: '17200000',
          absorption: '33.33',
        },
        {
          code: 'dsdabm',
          name: 'Dinas Sumber Daya Air dan Bina Marga',
          budget: '265270000',
          realized: '164396667',
          remaining: '100873333',
          absorption: '61.97',
        },
      ],
    });
  });

  it('per program, account and sub-activity, named from the year’s reference version', async () => {
    const program = (await rollup('by=program')).json().rows;
    expect(program.map((r: { code: string; name: string }) => [r.code, r.name])).toEqual([
      ['1.03.10', 'PROGRAM PENYELENGGARAAN JALAN'],
      ['2.15.02', 'PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ)'],
    ]);
    const account = (await rollup('by=account', await h.as.auditor())).json().rows;
    expect(account.find((r: { code: string }) => r.code === ATK_ACCOUNT)).toMatchObject({
      budget: '350000',
      realized: '116667',
      absorption: '33.33', // 33.333 rounds down
    });
    expect(account.find((r: { code: string }) => r.code === ROAD_ACCOUNT)).toMatchObject({
      name: 'Belanja Modal Jalan Kota',
      absorption: '62.01', // 164,280,000 / 264,920,000 = 0.620112...
    });
    const sub = (await rollup('by=sub-activity', await h.as.admin())).json().rows;
    expect(sub.map((r: { code: string }) => r.code)).toEqual([ROAD, LLAJ]);
  });

  it('through a month: only the months up to it count', async () => {
    const res = (await rollup(`by=unit&through=${YEAR}-05`)).json();
    expect(res.total).toMatchObject({ realized: String(82140000 + 116667 + 8600000) });
    expect(res.through).toBe(`${YEAR}-05`);
    expect((await rollup(`by=unit&through=${YEAR - 1}-05`)).json()).toMatchObject({
      status: 422,
      code: 'period_invalid',
      errors: [{ field: 'through' }],
    });
    expect((await rollup('by=district')).json()).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('a unit sees its own rows only', async () => {
    const res = (await rollup('by=unit', await h.as.officer('dishub'))).json();
    expect(res.rows.map((r: { code: string }) => r.code)).toEqual(['dishub']);
    expect(res.total.budget).toBe('25800000');
  });
});

describe('indicator achievement', () => {
  it('per quarter or month against the target, with a note; exact achievement', async () => {
    const res = await results('dsdabm', {
      results: [
        { subActivity: ROAD, indicator: 1, period: `${YEAR}-Q1`, realized: '3.5', note: 'Ruas Soekarno-Hatta' },
        { subActivity: ROAD, indicator: 1, period: `${YEAR}-06`, realized: '8', note: '' },
      ],
    });
    expect(res.json()).toEqual({ recorded: 2, corrected: 0, unchanged: 0 });
    const view = (
      await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dsdabm/realization`, headers: await h.as.tapd() })
    ).json();
    expect(view.indicatorResults).toEqual([
      expect.objectContaining({ period: `${YEAR}-06`, realized: '8', target: '12', achievement: '66.67' }),
      expect.objectContaining({
        period: `${YEAR}-Q1`,
        realized: '3.5',
        achievement: '29.17',
        note: 'Ruas Soekarno-Hatta',
        text: 'Panjang jalan yang direhabilitasi',
        unit: 'km',
      }),
    ]);
  });

  it('a changed value needs a reason (audited); a bad CSV row refuses the file', async () => {
    const change = {
      subActivity: ROAD,
      indicator: 1,
      period: `${YEAR}-Q1`,
      realized: '4',
      note: 'Ruas Soekarno-Hatta',
    };
    expect((await results('dsdabm', { results: [change] })).json()).toMatchObject({
      code: 'correction_reason_required',
    });
    expect((await results('dsdabm', { results: [{ ...change, reason: 'Salah ketik' }] })).json()).toMatchObject({
      corrected: 1,
    });
    const csv = [
      'sub_activity,indicator,period,realized,note,reason',
      `${ROAD},1,${YEAR}-Q2,6,,`,
      `${ROAD},2,${YEAR}-Q2,1,,`,
    ].join('\n');
    const url = `/v1/budgets/${YEAR}/units/dsdabm/indicator-results/csv`;
    const bad = await postCsv(h, url, csv, await h.as.officer('dsdabm'));
    expect(bad.json()).toMatchObject({ code: 'csv_invalid', errors: [{ field: 'line 3: indicator' }] });
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from indicator_result where period = ${`${YEAR}-Q2`}`.execute(h.db);
    expect(count.rows[0]!.n).toBe(0);
    const good = await postCsv(h, url, csv.split('\n').slice(0, 2).join('\n'), await h.as.head('dsdabm'));
    expect(good.json()).toEqual({ recorded: 1, corrected: 0, unchanged: 0 });
    expect((await results('dishub', { results: [{ ...change }] })).json()).toMatchObject({
      code: 'sub_activity_not_found',
    });
    const other = await h.inject({
      method: 'POST',
      url: `/v1/budgets/${YEAR}/units/dsdabm/indicator-results`,
      headers: await h.as.head('dishub'),
      payload: { results: [change] },
    });
    expect(other.json()).toMatchObject({ status: 403, code: 'forbidden_unit' });
  });
});

describe('the API description', () => {
  it('lists the realization and open-data routes and their problem codes', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/v1/budgets/{year}/realization',
      '/v1/budgets/{year}/units/{unit}/realization/csv',
      '/v1/budgets/{year}/units/{unit}/indicator-results',
      '/v1/public/budgets/{year}/datapackage.json',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const codes = doc['x-problem-codes'].map((p: { code: string }) => p.code);
    for (const code of ['budget_not_locked', 'realization_exceeds_budget', 'correction_reason_required'])
      expect(codes).toContain(code);
  });
});

describe('tenants', () => {
  it('realization and indicator results are behind forced RLS; Palu sees none of Bandung’s', async () => {
    expect(await checkTenantIsolation(h.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    for (const table of ['realization', 'indicator_result'] as const)
      expect(await h.ctx.db.withTenant('72.71', (trx) => trx.selectFrom(table).selectAll().execute())).toEqual([]);
    expect((await rollup('by=unit', await h.as.tapd({ tenant: '72.71' }))).json()).toMatchObject({
      status: 404,
      code: 'fiscal_year_not_found',
    });
  });
});
