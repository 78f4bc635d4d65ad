/** Changing a sub-activity's ceiling and removing a sub-activity while the unit drafts: the rules, the refusals, the audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addLine, addSub, asphalt, openUnit, ROAD, seedReference, start, YEAR, type H } from './fixtures.js';

const PLAN = '2.15.02.2.01.0001';
let h: H;
beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '300000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  // 246,420,000 in the road sub-activity (ceiling 500,000,000)
  expect((await addLine(h, 'dsdabm', asphalt())).statusCode).toBe(201);
});
afterAll(async () => h?.stop());

const problem = (res: { json(): unknown }) =>
  res.json() as { status: number; code: string; errors?: Array<{ field: string; message: string }> };
const ceiling = async (unit: string, code: string, pagu: string, headers?: Record<string, string>) =>
  h.inject({
    method: 'PUT',
    url: `/v1/budgets/${YEAR}/units/${unit}/sub-activities/${code}/ceiling`,
    headers: headers ?? (await h.as.officer(unit)),
    payload: { pagu },
  });
const remove = async (unit: string, code: string, query = '', headers?: Record<string, string>) =>
  h.inject({
    method: 'DELETE',
    url: `/v1/budgets/${YEAR}/units/${unit}/sub-activities/${code}${query}`,
    headers: headers ?? (await h.as.officer(unit)),
  });
const budget = async (unit: string) =>
  (await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/${unit}`, headers: await h.as.tapd() })).json() as {
    subActivities: Array<{ code: string; pagu: string; total: string }>;
    lineItems: unknown[];
  };
const actions = async () =>
  (
    await sql<{ action: string }>`select action from audit_entry where year = ${YEAR} order by seq`.execute(h.db)
  ).rows.map((r) => r.action);

describe("a sub-activity's ceiling", () => {
  it('changes down to exactly the total of its lines, audited with the value before', async () => {
    const res = await ceiling('dsdabm', ROAD, '246420000');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ code: ROAD, pagu: '246420000', total: '246420000' });
    expect((await budget('dsdabm')).subActivities[0]).toMatchObject({ pagu: '246420000', total: '246420000' });
    const last = await sql<{
      action: string;
      data: Record<string, string>;
    }>`select action, data from audit_entry where year = ${YEAR} order by seq desc limit 1`.execute(h.db);
    expect(last.rows[0]).toMatchObject({
      action: 'sub_activity.ceiling',
      data: { code: ROAD, pagu: '246420000', before: '500000000' },
    });
  });

  it('is refused one rupiah below its lines, naming pagu, and nothing changes', async () => {
    const res = await ceiling('dsdabm', ROAD, '246419999');
    expect(problem(res)).toMatchObject({ status: 409, code: 'ceiling_below_lines', errors: [{ field: 'pagu' }] });
    expect((await budget('dsdabm')).subActivities[0]!.pagu).toBe('246420000');
    // a line that would no longer fit proves the lower ceiling holds for later writes too
    expect(problem(await addLine(h, 'dsdabm', asphalt({ factors: [{ quantity: '1', unit: 'm2' }] })))).toMatchObject({
      code: 'ceiling_exceeded',
    });
  });

  it("rises up to the unit's ceiling with the others' ceilings counted, never above", async () => {
    expect((await addSub(h, 'dsdabm', { code: PLAN, pagu: '100000000' })).statusCode).toBe(201);
    expect(problem(await ceiling('dsdabm', ROAD, '900000001'))).toMatchObject({
      status: 409,
      code: 'ceiling_exceeded',
      errors: [{ field: 'pagu', message: "at most 900000000 fits under the unit's ceiling" }],
    });
    expect((await ceiling('dsdabm', ROAD, '900000000')).statusCode).toBe(200);
  });

  it('is for the unit itself, on its own sub-activities, only while it drafts', async () => {
    expect(problem(await ceiling('dsdabm', ROAD, '300000000', await h.as.officer('dishub')))).toMatchObject({
      status: 403,
    });
    expect(problem(await ceiling('dsdabm', ROAD, '300000000', await h.as.tapd()))).toMatchObject({ status: 403 });
    expect(problem(await ceiling('dsdabm', '1.03.10.2.01.0099', '1'))).toMatchObject({
      status: 404,
      code: 'sub_activity_not_found',
    });
  });
});

describe('removing a sub-activity', () => {
  it('without lines removes it and audits what it was', async () => {
    const res = await remove('dsdabm', PLAN);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ code: PLAN, removedLineItems: 0 });
    expect((await budget('dsdabm')).subActivities.map((s) => s.code)).toEqual([ROAD]);
    expect((await actions()).at(-1)).toBe('sub_activity.removed');
  });

  it('with lines is refused unless asked for with withLines=true, and nothing is removed', async () => {
    const res = await remove('dsdabm', ROAD);
    expect(problem(res)).toMatchObject({
      status: 409,
      code: 'sub_activity_has_lines',
      errors: [{ field: 'withLines' }],
    });
    expect((await budget('dsdabm')).lineItems).toHaveLength(1);
  });

  it('with its lines removes each line with its own audit entry, then the sub-activity; the chain verifies', async () => {
    const before = (await actions()).length;
    const res = await remove('dsdabm', ROAD, '?withLines=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ code: ROAD, removedLineItems: 1 });
    expect((await actions()).slice(before)).toEqual(['line_item.removed', 'sub_activity.removed']);
    const left = await sql<{ n: string }>`select count(*)::text as n from line_item where unit = 'dsdabm'`.execute(
      h.db,
    );
    expect(left.rows[0]!.n).toBe('0');
    expect(await budget('dsdabm')).toMatchObject({ subActivities: [], lineItems: [] });
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
  });

  it('is refused once the budget is submitted', async () => {
    expect((await addSub(h, 'dishub', { code: PLAN, pagu: '1000' })).statusCode).toBe(201);
    const submit = await h.inject({
      method: 'POST',
      url: `/v1/budgets/${YEAR}/units/dishub/submit`,
      headers: await h.as.head('dishub'),
      payload: {},
    });
    expect(submit.statusCode, submit.body).toBe(200);
    expect(problem(await remove('dishub', PLAN))).toMatchObject({ status: 409, code: 'budget_not_editable' });
    expect(problem(await ceiling('dishub', PLAN, '2000'))).toMatchObject({ status: 409, code: 'budget_not_editable' });
  });
});
