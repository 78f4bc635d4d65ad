/** Open data: summaries per unit and function (murni, revised, realized), and the Fiscal Data Package validated with its profile. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { asphalt, seedReference, start, YEAR, type H } from './fixtures.js';
import { descriptorErrors, rowErrors } from './public-fdp-validate.js';
import { approvedYear, record, type Lines } from './realization-setup.js';

let h: H;
let l: Lines;
const PALU = '72.71';
beforeAll(async () => {
  h = await start();
  l = await approvedYear(h, { lock: true });
  const rec = await record(h, 'dsdabm', [
    { lineItem: l.asphalt, month: `${YEAR}-01`, amount: '100000000' },
    { lineItem: l.patch, month: `${YEAR}-02`, amount: '20000000' },
  ]);
  expect(rec.statusCode, rec.body).toBe(200);
  // Palu drafts a line that must never be public
  await seedReference(h, PALU);
  const tapd = await h.as.tapd({ tenant: PALU });
  const url = `/v1/budgets/${YEAR}/units/dpupr`;
  expect(
    (await h.inject({ method: 'PUT', url: `${url}/ceiling`, headers: tapd, payload: { pagu: '900000000' } }))
      .statusCode,
  ).toBe(200);
  expect((await h.inject({ method: 'POST', url: `${url}/open`, headers: tapd, payload: {} })).statusCode).toBe(200);
  const officer = await h.as.officer('dpupr', { tenant: PALU });
  expect(
    (await h.inject({ method: 'POST', url: `${url}/sub-activities`, headers: officer, payload: subBody() })).statusCode,
  ).toBe(201);
  expect(
    (await h.inject({ method: 'POST', url: `${url}/line-items`, headers: officer, payload: asphalt() })).statusCode,
  ).toBe(201);
});
afterAll(async () => h?.stop());

function subBody() {
  return {
    code: '1.03.10.2.01.0021',
    pagu: '500000000',
    planningSource: 'none',
    indicators: [{ text: 'Panjang jalan', target: '5', unit: 'km' }],
  };
}

const get = (path: string, tenant = '32.73') =>
  h.inject({
    method: 'GET',
    url: `/v1/public/budgets/${YEAR}${path}${path.includes('?') ? '&' : '?'}tenant=${tenant}`,
  });
const csvRecords = (body: string) => parse(body, { columns: true, bom: true }) as Record<string, string>[];

describe('public summaries', () => {
  it('per unit and per function (urusan/bidang), murni and revised beside realized', async () => {
    const body = (await get('')).json();
    expect(body.total).toBe('291070000');
    expect(body.summaries.units).toEqual([
      { unit: 'dishub', name: 'Dinas Perhubungan', murni: '25800000', revised: '25800000', realized: '0' },
      {
        unit: 'dsdabm',
        name: 'Dinas Sumber Daya Air dan Bina Marga',
        murni: '265270000',
        revised: '265270000',
        realized: '120000000',
      },
    ]);
    expect(body.summaries.functions).toEqual([
      {
        bidang: '1.03',
        name: 'URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG',
        urusan: '1',
        urusanName: 'URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR',
        murni: '265270000',
        revised: '265270000',
        realized: '120000000',
      },
      expect.objectContaining({ bidang: '2.15', urusan: '2', murni: '25800000', realized: '0' }),
    ]);
    const patch = body.lines.find((x: { id: string }) => x.id === l.patch);
    expect(patch).toMatchObject({ total: '18500000', murni: '18500000', revised: '18500000', realized: '20000000' });
    expect(JSON.stringify(body)).not.toMatch(/officer-|tapd-1/);
  });

  it("a region's drafts never appear, and no other region's lines either", async () => {
    const palu = (await get('', PALU)).json();
    expect(palu).toMatchObject({ total: '0', lines: [], summaries: { units: [], functions: [] } });
    const csv = csvRecords((await get('/lines.csv', PALU)).body);
    expect(csv).toEqual([]);
  });
});

describe('the Fiscal Data Package', () => {
  it('is a valid Data Package whose columns carry FDP column types', async () => {
    const res = await get('/datapackage.json');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const dp = res.json();
    expect(descriptorErrors(dp)).toEqual([]);
    const [resource] = dp.resources;
    expect(resource).toMatchObject({ name: 'rincian-belanja', path: 'lines.csv?tenant=32.73', format: 'csv' });
    const types = Object.fromEntries(
      resource.schema.fields.map((f: { name: string; columnType: string }) => [f.name, f.columnType]),
    );
    expect(types).toMatchObject({
      budget_line_id: 'budget-line-id',
      fiscal_year: 'date:fiscal-year',
      unit: 'administrative-classification:generic:level1:code',
      urusan: 'functional-classification:generic:level1:code',
      bidang: 'functional-classification:generic:level2:code',
      program: 'functional-classification:generic:level3:code',
      sub_activity: 'functional-classification:generic:level5:code',
      account: 'economic-classification:generic:code',
      phase: 'phase:id',
      amount: 'value',
      currency: 'value-currency:code',
    });
    expect(resource.schema.fields.every((f: { columnType?: string }) => typeof f.columnType === 'string')).toBe(true);
  });

  it('its CSV resource conforms to the table schema, each line once per phase, summing to the published totals', async () => {
    const dp = (await get('/datapackage.json')).json();
    const res = await get(`/${dp.resources[0].path.split('?')[0]}`);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const header = res.body.split('\r\n')[0]!.split(',');
    expect(header).toEqual(dp.resources[0].schema.fields.map((f: { name: string }) => f.name));
    const rows = csvRecords(res.body);
    expect(rows).toHaveLength(4 * 3);
    expect(rowErrors(dp.resources[0].schema, rows)).toEqual([]);
    const sum = (phase: string) => rows.filter((r) => r.phase === phase).reduce((s, r) => s + BigInt(r.amount!), 0n);
    expect([sum('approved'), sum('adjusted'), sum('executed')]).toEqual([291070000n, 291070000n, 120000000n]);
    expect(rows.find((r) => r.budget_line_id === l.pens && r.phase === 'approved')).toMatchObject({
      unit: 'dsdabm',
      urusan: '1',
      bidang: '1.03',
      program: '1.03.10',
      program_name: 'PROGRAM PENYELENGGARAAN JALAN',
      kegiatan: '1.03.10.2.01',
      kegiatan_name: 'Penyelenggaraan Jalan Kabupaten/Kota',
      sub_activity: '1.03.10.2.01.0021',
      account: '5.1.02.01.01.0024',
      amount: '350000',
      currency: 'IDR',
      fiscal_year: String(YEAR),
    });
  });

  it('the validators do fail: a broken descriptor and rows that break the schema are caught', async () => {
    const dp = (await get('/datapackage.json')).json();
    const broken = structuredClone(dp);
    broken.resources[0].schema.fields[0].type = 'money';
    expect(descriptorErrors(broken).length).toBeGreaterThan(0);
    expect(descriptorErrors({ ...dp, resources: [] }).length).toBeGreaterThan(0);
    const rows = csvRecords((await get('/lines.csv')).body);
    const bad = [
      { ...rows[0]!, amount: '1.5' },
      { ...rows[1]!, phase: 'proposed' },
      { ...rows[2]!, currency: 'USD' },
      { ...rows[3]!, unit: '' },
      rows[4]!,
      rows[4]!,
    ];
    expect(rowErrors(dp.resources[0].schema, bad)).toEqual([
      expect.stringMatching(/^row 1: \/amount/),
      expect.stringMatching(/^row 2: \/phase/),
      expect.stringMatching(/^row 3: \/currency/),
      expect.stringMatching(/^row 4: \/unit/),
      expect.stringMatching(/^row 6: duplicate primary key/),
    ]);
  });
});
