/** The cycle: submission needs indicators, TAPD review (rationalization audited and announced, return), approval, lock, open data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLine, addSub, asphalt, openUnit, ROAD, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
let travelId: string;
const LLAJ = '2.15.02.2.01.0001';
const travel = (quantity: string, extra: Record<string, unknown> = {}) => ({
  subActivity: LLAJ,
  account: '5.1.02.04.01.0001',
  catalogueItem: 'SBU-UH-JB',
  factors: [
    { quantity, unit: 'orang' },
    { quantity: '3', unit: 'hari' },
  ],
  unitPrice: '430000',
  taxPercent: '0',
  fundingSource: 'PAD',
  location: 'Bandung',
  ...extra,
});
const move = async (
  unit: string,
  action: string,
  headers: Record<string, string>,
  payload: Record<string, unknown> = {},
) => h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/units/${unit}/${action}`, headers, payload });
const editLine = async (unit: string, id: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
  h.inject({ method: 'PUT', url: `/v1/budgets/${YEAR}/units/${unit}/line-items/${id}`, headers, payload });

beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '50000000');
  expect((await addSub(h, 'dsdabm', { indicators: [] })).statusCode).toBe(201);
  expect((await addLine(h, 'dsdabm', asphalt())).statusCode).toBe(201);
  expect((await addSub(h, 'dishub', { code: LLAJ, pagu: '50000000', planningSource: 'musrenbang' })).statusCode).toBe(
    201,
  );
  const line = await addLine(h, 'dishub', travel('20'));
  expect(line.statusCode, line.body).toBe(201);
  travelId = line.json().id;
});
afterAll(async () => h?.stop());

describe('submission', () => {
  it('needs every sub-activity to carry an indicator with a target', async () => {
    const res = await move('dsdabm', 'submit', await h.as.head('dsdabm'));
    expect(res.json()).toMatchObject({
      status: 422,
      code: 'indicators_missing',
      errors: [{ field: `subActivities.${ROAD}.indicators` }],
    });
  });

  it("is the unit's own act: TAPD or another unit cannot submit", async () => {
    expect((await move('dsdabm', 'submit', await h.as.tapd())).json()).toMatchObject({ status: 403 });
    expect((await move('dsdabm', 'submit', await h.as.officer('dishub'))).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
  });

  it('goes through once the indicators are there', async () => {
    const set = await h.inject({
      method: 'PUT',
      url: `/v1/budgets/${YEAR}/units/dsdabm/sub-activities/${ROAD}/indicators`,
      headers: await h.as.officer('dsdabm'),
      payload: { indicators: [{ text: 'Panjang jalan yang direhabilitasi', target: '12', unit: 'km' }] },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await move('dsdabm', 'submit', await h.as.head('dsdabm'))).json()).toMatchObject({
      status: 'submitted',
      total: '246420000',
    });
    expect((await move('dishub', 'submit', await h.as.head('dishub'))).json()).toMatchObject({
      status: 'submitted',
      total: '25800000',
    });
  });
});

describe('TAPD review', () => {
  it('the unit cannot edit a submitted budget; TAPD cuts a line only with a reason, audited and announced', async () => {
    const byUnit = await editLine('dishub', travelId, await h.as.officer('dishub'), travel('10'));
    expect(byUnit.json()).toMatchObject({ status: 409, code: 'budget_not_editable', currentStatus: 'submitted' });
    const tapd = await h.as.tapd();
    expect((await editLine('dishub', travelId, tapd, travel('10'))).json()).toMatchObject({
      status: 422,
      code: 'reason_required',
      errors: [{ field: 'reason' }],
    });
    const cut = await editLine(
      'dishub',
      travelId,
      tapd,
      travel('10', { reason: 'Efisiensi perjalanan dinas 50% (Inpres 1/2025)' }),
    );
    expect(cut.statusCode, cut.body).toBe(200);
    expect(cut.json()).toMatchObject({
      total: '12900000',
      updatedBy: 'tapd:tapd-1',
      createdBy: 'officer:officer-dishub',
    });
    const events = await h.events.published<Record<string, unknown>>('sinergi.budgeting.line-item.cut.v1');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      year: YEAR,
      unit: 'dishub',
      lineItemId: travelId,
      subActivity: LLAJ,
      before: '25800000',
      after: '12900000',
      reason: 'Efisiensi perjalanan dinas 50% (Inpres 1/2025)',
    });
  });

  it('TAPD notes a line under review; the note is audited and the unit reads it beside the line', async () => {
    const url = `/v1/budgets/${YEAR}/units/dishub/line-items/${travelId}/notes`;
    const noted = await h.inject({
      method: 'POST',
      url,
      headers: await h.as.tapd(),
      payload: { note: 'Jumlah peserta tidak sesuai KAK' },
    });
    expect(noted.statusCode, noted.body).toBe(201);
    expect(noted.json()).toMatchObject({ note: 'Jumlah peserta tidak sesuai KAK', author: 'tapd:tapd-1' });
    expect(
      (await h.inject({ method: 'POST', url, headers: await h.as.head('dishub'), payload: { note: 'x' } })).json(),
    ).toMatchObject({ status: 403, code: 'forbidden_role' });
    const budget = (
      await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dishub`, headers: await h.as.officer('dishub') })
    ).json();
    expect(budget.lineItems[0].notes).toEqual([
      expect.objectContaining({ note: 'Jumlah peserta tidak sesuai KAK', author: 'tapd:tapd-1' }),
    ]);
  });

  it('returns with a reason; the unit submits again; TAPD approves once', async () => {
    const tapd = await h.as.tapd();
    expect((await move('dishub', 'return', tapd)).json()).toMatchObject({ status: 422, code: 'reason_required' });
    expect((await move('dishub', 'return', tapd, { reason: 'Lengkapi lokasi kegiatan' })).json()).toMatchObject({
      status: 'returned',
    });
    expect((await move('dishub', 'submit', await h.as.officer('dishub'))).json()).toMatchObject({
      status: 'submitted',
    });
    expect((await move('dishub', 'approve', tapd)).json()).toMatchObject({ status: 'approved', total: '12900000' });
    expect((await move('dishub', 'approve', tapd)).json()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      currentStatus: 'approved',
    });
    expect((await move('dishub', 'lock', tapd)).json()).toMatchObject({ status: 409, code: 'invalid_transition' });
  });
});

describe('open data before the region approves', () => {
  it('shows approved budgets only: dishub, never dsdabm under review', async () => {
    const res = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}?tenant=32.73` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: YEAR, version: '2026', currency: 'IDR', total: '12900000' });
    expect(body.lines.map((l: { unit: string }) => l.unit)).toEqual(['dishub']);
    expect(body.lines[0]).toMatchObject({
      subActivityName: 'Penyusunan Rencana Induk Jaringan LLAJ Kabupaten/Kota',
      accountName: 'Belanja Perjalanan Dinas Biasa',
      volume: '30',
      total: '12900000',
    });
    expect(JSON.stringify(body)).not.toMatch(/officer-|tapd-1/);
  });

  it('as RFC 4180 CSV with a header row', async () => {
    const res = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}?tenant=32.73&format=csv` });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, first, ...rest] = res.body.trimEnd().split('\r\n');
    expect(header).toBe(
      'unit,status,sub_activity,sub_activity_name,account,account_name,component,specification,volume,unit_of_measure,unit_price,tax_percent,total,currency,funding_source,location',
    );
    expect(first).toContain(',12900000,IDR,PAD,Bandung');
    expect(rest).toEqual([]);
  });
});

describe('region approval and the locked DPA', () => {
  it('the region approves only when every unit is approved, and only an admin records it', async () => {
    const admin = await h.as.admin();
    expect(
      (await h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/approve-region`, headers: admin })).json(),
    ).toMatchObject({ status: 409, code: 'units_not_approved', pending: ['dsdabm'] });
    expect(
      (
        await h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/approve-region`, headers: await h.as.tapd() })
      ).json(),
    ).toMatchObject({ status: 403 });
    expect((await move('dsdabm', 'approve', await h.as.tapd())).json()).toMatchObject({ status: 'approved' });
    expect(
      (await h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/approve-region`, headers: admin })).json(),
    ).toMatchObject({ year: YEAR, units: 2, status: 'region-approved' });
  });

  it('TAPD locks each DPA; after that neither TAPD nor the unit edits a line', async () => {
    const tapd = await h.as.tapd();
    for (const unit of ['dsdabm', 'dishub'])
      expect((await move(unit, 'lock', tapd)).json()).toMatchObject({ status: 'locked' });
    expect((await editLine('dishub', travelId, tapd, travel('5', { reason: 'Pemotongan lagi' }))).json()).toMatchObject(
      { status: 409, code: 'budget_not_editable', currentStatus: 'locked' },
    );
    expect((await editLine('dishub', travelId, await h.as.officer('dishub'), travel('5'))).json()).toMatchObject({
      status: 409,
      code: 'budget_not_editable',
    });
    expect(
      (
        await h.inject({
          method: 'POST',
          url: `/v1/budgets/${YEAR}/units/dishub/line-items/${travelId}/notes`,
          headers: tapd,
          payload: { note: 'Terlambat' },
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'budget_not_editable' });
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: `/v1/budgets/${YEAR}/units/dishub/ceiling`,
          headers: tapd,
          payload: { pagu: '1' },
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'budget_not_editable' });
    const locked = await h.events.published<{ unit: string; total: string }>('sinergi.budgeting.budget.locked.v1');
    expect(locked.map((e) => [e.data.unit, e.data.total]).sort()).toEqual([
      ['dishub', '12900000'],
      ['dsdabm', '246420000'],
    ]);
    const pub = (await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}?tenant=32.73` })).json();
    expect(pub.total).toBe('259320000');
    expect(pub.units).toEqual([
      { unit: 'dishub', name: 'Dinas Perhubungan', total: '12900000' },
      { unit: 'dsdabm', name: 'Dinas Sumber Daya Air dan Bina Marga', total: '246420000' },
    ]);
  });

  it('announced each step through the outbox, with money as strings', async () => {
    const types = new Set((await h.events.published()).map((e) => e.type));
    for (const t of ['submitted', 'returned', 'approved', 'locked'])
      expect(types).toContain(`sinergi.budgeting.budget.${t}.v1`);
    const [returned] = await h.events.published<Record<string, unknown>>('sinergi.budgeting.budget.returned.v1');
    expect(returned!.data).toMatchObject({
      unit: 'dishub',
      reason: 'Lengkapi lokasi kegiatan',
      total: '12900000',
      pagu: '50000000',
    });
  });
});
