/** Drafting by units: the price lock, the account lock, exact arithmetic and both ceilings, on every write. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addLine, addSub, asphalt, openUnit, ROAD, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
});
afterAll(async () => h?.stop());

const problem = (res: { json(): unknown }) =>
  res.json() as { status: number; code: string; errors?: Array<{ field: string }> };

describe('a line item', () => {
  it('is computed exactly and answered with money as strings: 1200 m2 x Rp 185,000 + 11% tax', async () => {
    const res = await addLine(h, 'dsdabm', asphalt());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      volume: '1200',
      unitPrice: '185000',
      amount: '222000000',
      tax: '24420000',
      total: '246420000',
      componentName: 'Lapis aspal AC-WC',
      unitOfMeasure: 'm2',
      specification: 'Tebal 4 cm',
      createdBy: 'officer:officer-dsdabm',
    });
    const row = await sql<{
      total: string;
      volume: string;
    }>`select total::text, volume::text from line_item where id = ${res.json().id}`.execute(h.db);
    expect(row.rows[0]).toEqual({ total: '246420000', volume: '1200' });
  });

  it('keeps a decimal volume of up to four factors exact, rounding once (half-up) on the line total', async () => {
    const res = await addLine(
      h,
      'dsdabm',
      asphalt({
        factors: [
          { quantity: '0.5', unit: 'm2' },
          { quantity: '3', unit: 'lapis' },
        ],
        unitPrice: '333',
        taxPercent: '0',
      }),
    );
    expect(res.json()).toMatchObject({ volume: '1.5', amount: '500', tax: '0', total: '500' });
  });

  it('is refused above the catalogue maximum, naming unitPrice (a local HSPK item is a hard ceiling)', async () => {
    const res = await addLine(h, 'dsdabm', asphalt({ unitPrice: '185001' }));
    expect(problem(res)).toMatchObject({ status: 422, code: 'price_above_ceiling', errors: [{ field: 'unitPrice' }] });
  });

  it('an Annex I item is a hard ceiling even with a reason; an Annex II estimate is exceeded only with one', async () => {
    const sub = { subActivity: ROAD, fundingSource: 'PAD', location: 'Balai Kota', taxPercent: '0' };
    const honor = {
      ...sub,
      account: '5.1.02.02.01.0003',
      catalogueItem: 'SBU-HON-01',
      factors: [
        { quantity: '2', unit: 'orang' },
        { quantity: '3', unit: 'jam' },
      ],
      unitPrice: '900001',
      excessReason: 'Narasumber tingkat nasional',
    };
    expect(problem(await addLine(h, 'dsdabm', honor))).toMatchObject({ status: 422, code: 'price_above_ceiling' });
    const upkeep = {
      ...sub,
      account: '5.1.02.01.01.0024',
      catalogueItem: 'SBU-PML-01',
      factors: [{ quantity: '100', unit: 'm2' }],
      unitPrice: '65000',
    };
    expect(problem(await addLine(h, 'dsdabm', upkeep))).toMatchObject({
      status: 422,
      code: 'excess_reason_required',
      errors: [{ field: 'excessReason' }],
    });
    const ok = await addLine(h, 'dsdabm', { ...upkeep, excessReason: 'Gedung cagar budaya, bahan khusus' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ excessReason: 'Gedung cagar budaya, bahan khusus', total: '6500000' });
  });

  it('is refused under an account its catalogue item is not mapped to, naming account', async () => {
    const res = await addLine(h, 'dsdabm', asphalt({ account: '5.1.02.01.01.0024' }));
    expect(problem(res)).toMatchObject({ status: 422, code: 'account_not_allowed', errors: [{ field: 'account' }] });
  });

  it('is refused for a sub-activity the unit does not budget, an unknown item or a bad volume', async () => {
    expect(problem(await addLine(h, 'dsdabm', asphalt({ subActivity: '2.15.02.2.01.0001' })))).toMatchObject({
      code: 'unknown_code',
      errors: [{ field: 'subActivity' }],
    });
    expect(problem(await addLine(h, 'dsdabm', asphalt({ catalogueItem: 'NOPE-1' })))).toMatchObject({
      code: 'unknown_code',
      errors: [{ field: 'catalogueItem' }],
    });
    expect(problem(await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '0', unit: 'm2' }] })))).toMatchObject({
      code: 'invalid_quantity',
      errors: [{ field: 'factors.0.quantity' }],
    });
    expect(problem(await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: 1.5, unit: 'm2' }] })))).toMatchObject({
      status: 400,
    });
    expect(problem(await addLine(h, 'dsdabm', asphalt({ unitPrice: 185000 })))).toMatchObject({ status: 400 });
  });

  it('is refused past the sub-activity ceiling and past the unit ceiling, naming what is left', async () => {
    // the sub-activity has Rp 500,000,000; Rp 252,920,500 is used
    const big = await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '1400', unit: 'm2' }], taxPercent: '0' }));
    expect(problem(big)).toMatchObject({ status: 409, code: 'ceiling_exceeded', errors: [{ field: 'factors' }] });
    expect(big.json()).toMatchObject({ ceiling: 'sub-activity', pagu: '500000000' });
    // a second sub-activity's ceiling cannot take the unit past its own
    const sub2 = await addSub(h, 'dsdabm', { code: '7.01.01.2.06.0002', pagu: '500000001' });
    expect(problem(sub2)).toMatchObject({ status: 409, code: 'ceiling_exceeded', errors: [{ field: 'pagu' }] });
  });

  it('under concurrency: of ten lines that each fit but not all together, exactly those that fit are kept', async () => {
    await openUnit(h, 'dishub', '100000000');
    expect((await addSub(h, 'dishub', { code: '2.15.02.2.01.0001', pagu: '100000000' })).statusCode).toBe(201);
    const line = {
      subActivity: '2.15.02.2.01.0001',
      account: '5.1.02.04.01.0001',
      catalogueItem: 'SBU-UH-JB',
      factors: [{ quantity: '50', unit: 'OH' }],
      unitPrice: '430000',
      taxPercent: '0',
      fundingSource: 'PAD',
      location: 'Bandung',
    };
    const headers = await h.as.officer('dishub');
    const results = await Promise.all(Array.from({ length: 10 }, () => addLine(h, 'dishub', line, headers)));
    // Rp 21,500,000 each: four fit under Rp 100,000,000
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'ceiling_exceeded')).toBe(true);
    const sum = await sql<{
      total: string;
    }>`select sum(total)::text as total from line_item where unit = 'dishub'`.execute(h.db);
    expect(sum.rows[0]!.total).toBe('86000000');
  });

  it("another unit's officer cannot touch the budget; a unit unknown to the region is 404", async () => {
    const res = await addLine(h, 'dsdabm', asphalt(), await h.as.officer('dishub'));
    expect(problem(res)).toMatchObject({ status: 403, code: 'forbidden_unit' });
    expect(
      problem(
        await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dsdabm`, headers: await h.as.head('dishub') }),
      ),
    ).toMatchObject({ status: 403 });
    expect(problem(await addLine(h, 'nope', asphalt()))).toMatchObject({ status: 404, code: 'unit_not_found' });
  });

  it('the unit removes a line while drafting: the room under the ceiling comes back, the audit keeps the line', async () => {
    const added = await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '100', unit: 'm2' }], taxPercent: '0' }));
    expect(added.json()).toMatchObject({ total: '18500000' });
    const url = `/v1/budgets/${YEAR}/units/dsdabm/line-items/${added.json().id}`;
    expect((await h.inject({ method: 'DELETE', url, headers: await h.as.officer('dishub') })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
    expect((await h.inject({ method: 'DELETE', url, headers: await h.as.tapd() })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_role',
    });
    expect((await h.inject({ method: 'DELETE', url, headers: await h.as.officer('dsdabm') })).statusCode).toBe(204);
    expect((await h.inject({ method: 'DELETE', url, headers: await h.as.officer('dsdabm') })).json()).toMatchObject({
      status: 404,
      code: 'line_item_not_found',
    });
    const audit = await sql<{
      action: string;
      data: { before: { total: string } };
    }>`select action, data from audit_entry where entity_id = ${added.json().id} order by seq`.execute(h.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['line_item.created', 'line_item.removed']);
    expect(audit.rows[1]!.data.before.total).toBe('18500000');
  });

  it("TAPD closes the unit's editing: the unit can no longer add lines until TAPD opens it again", async () => {
    const tapd = await h.as.tapd();
    const close = await h.inject({
      method: 'POST',
      url: `/v1/budgets/${YEAR}/units/dsdabm/close`,
      headers: tapd,
      payload: {},
    });
    expect(close.json()).toMatchObject({ status: 'closed' });
    expect((await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '1', unit: 'm2' }] }))).json()).toMatchObject({
      status: 409,
      code: 'budget_not_editable',
      currentStatus: 'closed',
    });
    expect(
      (
        await h.inject({
          method: 'POST',
          url: `/v1/budgets/${YEAR}/units/dsdabm/close`,
          headers: await h.as.head('dsdabm'),
          payload: {},
        })
      ).json(),
    ).toMatchObject({ status: 403 });
    expect(
      (
        await h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/units/dsdabm/open`, headers: tapd, payload: {} })
      ).json(),
    ).toMatchObject({ status: 'drafting' });
  });

  it('the unit reads its budget with totals per sub-activity', async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/budgets/${YEAR}/units/dsdabm`,
      headers: await h.as.head('dsdabm'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ status: 'drafting', pagu: '1000000000', total: '252920500' });
    expect(b.subActivities).toEqual([
      expect.objectContaining({ code: ROAD, total: '252920500', planningSource: 'rpjmd' }),
    ]);
    expect(b.lineItems).toHaveLength(3);
  });
});
