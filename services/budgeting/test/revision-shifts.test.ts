/** Budget shifts (pergeseran) in a locked DPA: balance, kinds and approvers, price lock, roles, murni kept, audited, announced once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { murniRevisedTotals } from '../src/revision/murni.js';
import { start, YEAR, type H } from './fixtures.js';
import { approvedYear, dishubLine, LLAJ, OFFICE, post, type Lines } from './revision-fixtures.js';

let h: H;
let ids: Lines;
beforeAll(async () => {
  h = await start();
  ids = await approvedYear(h, ['dishub']);
});
afterAll(async () => h?.stop());

const propose = async (unit: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  post(h, `units/${unit}/shifts`, headers ?? (await h.as.officer(unit)), {
    reason: 'Kebutuhan lapangan berubah',
    ...body,
  });
/** `step` is `<shift id>/approve` or `<shift id>/reject`. */
const decide = async (unit: string, step: string, headers: Record<string, string>, payload = {}) =>
  post(h, `units/${unit}/shifts/${step}`, headers, payload);
const lineTotals = async (unit: string) =>
  Object.fromEntries(
    (
      await sql<{ id: string; total: bigint }>`select id, total from line_item where unit = ${unit}`.execute(h.db)
    ).rows.map((r) => [r.id, r.total.toString()]),
  );
/** Pens -120 (-420,000) and upkeep +7 m2 (+420,000): one sub-activity, one account. */
const withinAccount = () => ({
  kind: 'within-account',
  changes: [
    { lineItemId: ids.pens, line: dishubLine.pens('880') },
    { lineItemId: ids.upkeep, line: dishubLine.upkeep('97') },
  ],
});
let murniLines: Record<string, string>;

describe('a shift is refused', () => {
  it('in a budget not locked yet', async () => {
    const res = await propose('dsdabm', withinAccount());
    expect(res.json()).toMatchObject({ status: 409, code: 'budget_not_locked', currentStatus: 'region-approved' });
  });

  it('when it does not balance, naming the difference', async () => {
    murniLines = await lineTotals('dishub');
    const res = await propose('dishub', {
      kind: 'within-account',
      changes: [
        { lineItemId: ids.pens, line: dishubLine.pens('880') },
        { lineItemId: ids.upkeep, line: dishubLine.upkeep('98') },
      ],
    });
    expect(res.json()).toMatchObject({ status: 422, code: 'shift_unbalanced', difference: '60000' });
  });

  it('when its kind is not what its changes make', async () => {
    const res = await propose('dishub', {
      kind: 'within-account',
      changes: [
        { lineItemId: ids.travel, line: dishubLine.travel('11') },
        { lineItemId: ids.honorarium, line: dishubLine.honorarium('22.9') },
      ],
    });
    expect(res.json()).toMatchObject({ status: 422, code: 'shift_invalid', errors: [{ field: 'kind' }] });
  });

  it('when a shifted line breaks the price lock, naming the change and field', async () => {
    const res = await propose('dishub', {
      kind: 'between-accounts',
      changes: [
        { lineItemId: ids.travel, line: dishubLine.travel('11') },
        { lineItemId: ids.honorarium, line: dishubLine.honorarium('12.9', '1800000') },
      ],
    });
    expect(res.json()).toMatchObject({
      status: 422,
      code: 'price_above_ceiling',
      errors: [{ field: 'changes.1.unitPrice' }],
    });
  });

  it("when a unit touches another unit's budget, or TAPD proposes", async () => {
    expect((await propose('dishub', withinAccount(), await h.as.officer('dsdabm'))).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
    expect((await propose('dishub', withinAccount(), await h.as.tapd())).json()).toMatchObject({
      status: 403,
      code: 'forbidden_role',
    });
  });

  it('and nothing was stored, changed or announced by any refusal', async () => {
    expect(await lineTotals('dishub')).toEqual(murniLines);
    expect((await sql`select 1 from budget_shift`.execute(h.db)).rows).toEqual([]);
    expect(await h.events.published('sinergi.budgeting.shift.proposed.v1')).toEqual([]);
  });
});

describe('a within-account shift', () => {
  let id: string;
  it('is proposed by the unit and decided by its head, not TAPD nor another head', async () => {
    const res = await propose('dishub', withinAccount());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'within-account',
      approver: 'unit-head',
      status: 'proposed',
      moved: '420000',
    });
    id = res.json().id;
    expect(await lineTotals('dishub')).toEqual(murniLines);
    expect((await decide('dishub', `${id}/approve`, await h.as.tapd())).json()).toMatchObject({
      status: 403,
      code: 'forbidden_action',
    });
    expect((await decide('dishub', `${id}/approve`, await h.as.head('dsdabm'))).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
  });

  it('applies on approval: the lines move, the total stays, murni is kept', async () => {
    const res = await decide('dishub', `${id}/approve`, await h.as.head('dishub'));
    expect(res.json()).toMatchObject({ status: 'approved', decidedBy: 'unit-head:unit-head-dishub' });
    const now = await lineTotals('dishub');
    expect(now[ids.pens]).toBe('3080000');
    expect(now[ids.upkeep]).toBe('5820000');
    expect(Object.values(now).reduce((s, t) => s + BigInt(t), 0n)).toBe(45_450_000n);
    expect((await decide('dishub', `${id}/approve`, await h.as.head('dishub'))).json()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
  });
});

describe('shifts TAPD approves', () => {
  it('between accounts: travel to honorarium, 11,610,000 to the rupiah', async () => {
    const res = await propose('dishub', {
      kind: 'between-accounts',
      changes: [
        { lineItemId: ids.travel, line: dishubLine.travel('11') },
        { lineItemId: ids.honorarium, line: dishubLine.honorarium('22.9') },
      ],
    });
    expect(res.json()).toMatchObject({ approver: 'tapd', moved: '11610000' });
    expect((await decide('dishub', `${res.json().id}/approve`, await h.as.head('dishub'))).json()).toMatchObject({
      status: 403,
    });
    expect((await decide('dishub', `${res.json().id}/approve`, await h.as.tapd())).json()).toMatchObject({
      status: 'approved',
    });
    const now = await lineTotals('dishub');
    expect([now[ids.travel], now[ids.honorarium]]).toEqual(['14190000', '20610000']);
  });

  it('between sub-activities, with a new line (murni 0): the ceilings move with the money, their sum does not', async () => {
    const res = await propose('dishub', {
      kind: 'between-sub-activities',
      changes: [{ lineItemId: ids.upkeep, line: dishubLine.upkeep('90') }, { line: dishubLine.pens('120', OFFICE) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await decide('dishub', `${res.json().id}/approve`, await h.as.tapd())).json()).toMatchObject({
      status: 'approved',
    });
    const subs = await sql<{
      code: string;
      pagu: bigint;
    }>`select code, pagu from sub_activity where unit = 'dishub' order by code`.execute(h.db);
    expect(subs.rows.map((s) => [s.code, s.pagu])).toEqual([
      [LLAJ, 43_580_000n],
      [OFFICE, 6_420_000n],
    ]);
  });

  it('a stale shift (its line changed since) is refused on approval; a rejection needs a reason and changes nothing', async () => {
    const shift = (pens: string, upkeep: string) =>
      propose('dishub', {
        kind: 'within-account',
        changes: [
          { lineItemId: ids.pens, line: dishubLine.pens(pens) },
          { lineItemId: ids.upkeep, line: dishubLine.upkeep(upkeep) },
        ],
      });
    const stale = await shift('760', '97');
    expect(stale.statusCode, stale.body).toBe(201);
    const other = await shift('640', '104');
    const head = await h.as.head('dishub');
    expect((await decide('dishub', `${other.json().id}/approve`, head)).json()).toMatchObject({ status: 'approved' });
    const before = await lineTotals('dishub');
    expect((await decide('dishub', `${stale.json().id}/approve`, head)).json()).toMatchObject({
      status: 409,
      code: 'shift_stale',
    });
    expect((await decide('dishub', `${stale.json().id}/reject`, head)).json()).toMatchObject({
      status: 422,
      code: 'reason_required',
    });
    expect(
      (await decide('dishub', `${stale.json().id}/reject`, head, { reason: 'Sudah digeser lewat usulan lain' })).json(),
    ).toMatchObject({ status: 'rejected', decisionReason: 'Sudah digeser lewat usulan lain' });
    expect(await lineTotals('dishub')).toEqual(before);
  });
});

describe('two approvals at once', () => {
  it('a cut and an increase proposed twice: one approval applies, the other finds its lines changed', async () => {
    const added = (
      await sql<{
        id: string;
      }>`select id from line_item where unit = 'dishub' and id <> all(${Object.values(ids)}::uuid[])`.execute(h.db)
    ).rows[0]!.id;
    const body = {
      kind: 'within-account',
      changes: [
        { lineItemId: ids.officePens, cut: true },
        { lineItemId: added, line: dishubLine.pens('620', OFFICE) },
      ],
    };
    const [a, b] = [await propose('dishub', body), await propose('dishub', body)];
    expect(a.json()).toMatchObject({ moved: '1750000', approver: 'unit-head' });
    const head = await h.as.head('dishub');
    const results = await Promise.all([a, b].map((p) => decide('dishub', `${p.json().id}/approve`, head)));
    expect(results.map((r) => r.json().status ?? r.json().code).sort()).toEqual([409, 'approved'].sort());
    expect(results.map((r) => r.json().code).filter(Boolean)).toEqual(['shift_stale']);
    const now = await lineTotals('dishub');
    expect([now[ids.officePens], now[added]]).toEqual(['0', '2170000']);
  });
});

describe('after the shifts', () => {
  it('murni is exactly the locked DPA, line by line, and the revised DPA shows both', async () => {
    const dpa = (
      await h.inject({
        method: 'GET',
        url: `/v1/budgets/${YEAR}/units/dishub/revised-dpa`,
        headers: await h.as.auditor(),
      })
    ).json();
    expect(dpa).toMatchObject({
      revised: true,
      apbdP: null,
      pagu: { murni: '50000000', revised: '50000000', difference: '0' },
      total: { murni: '45450000', revised: '45450000', difference: '0' },
    });
    for (const [id, total] of Object.entries(murniLines))
      expect(dpa.lineItems.find((l: { id: string }) => l.id === id).murni.total).toBe(total);
    const added = dpa.lineItems.find((l: { id: string }) => !(l.id in murniLines));
    expect(added).toMatchObject({ subActivity: OFFICE, murni: { total: '0' }, revised: { total: '2170000' } });
    expect(dpa.lineItems.find((l: { id: string }) => l.id === ids.officePens)).toMatchObject({
      murni: { volume: '500', total: '1750000' },
      revised: { volume: '0', total: '0' },
      difference: '-1750000',
    });
    expect(dpa.subActivities).toEqual([
      expect.objectContaining({ code: LLAJ, pagu: { murni: '44000000', revised: '43580000', difference: '-420000' } }),
      expect.objectContaining({ code: OFFICE, total: { murni: '1750000', revised: '2170000', difference: '420000' } }),
    ]);
  });

  it('murniRevisedTotals gives the same per unit and line; a unit never revised has murni = revised', async () => {
    const totals = await h.ctx.db.withTenant('32.73', (trx) => murniRevisedTotals(trx, YEAR));
    const dishub = totals.units.find((u) => u.unit === 'dishub')!;
    expect(dishub).toMatchObject({ revised: true, murniTotal: 45_450_000n, revisedTotal: 45_450_000n });
    expect(dishub.lines.find((l) => l.lineItemId === ids.travel)).toMatchObject({
      murni: 25_800_000n,
      revised: 14_190_000n,
    });
    expect(totals.units.find((u) => u.unit === 'dsdabm')).toMatchObject({
      revised: false,
      murniTotal: 246_420_000n,
      revisedTotal: 246_420_000n,
    });
  });

  it('the public budget shows murni beside revised, line by line and per unit', async () => {
    const pub = (await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}?tenant=32.73` })).json();
    expect(pub.lines.find((l: { id: string }) => l.id === ids.travel)).toMatchObject({
      murni: '25800000',
      revised: '14190000',
    });
    expect(pub.summaries.units.find((u: { unit: string }) => u.unit === 'dishub')).toMatchObject({
      murni: '45450000',
      revised: '45450000',
    });
  });

  it('announced each approved shift once as budget.revised, each proposal once, the rejection once', async () => {
    const revised = await h.events.published<Record<string, string>>('sinergi.budgeting.budget.revised.v1');
    expect(revised.map((e) => e.data.shiftKind)).toEqual([
      'within-account',
      'between-accounts',
      'between-sub-activities',
      'within-account',
      'within-account',
    ]);
    expect(new Set(revised.map((e) => e.data.revisionId)).size).toBe(5);
    expect(revised[0]!.data).toMatchObject({
      kind: 'shift',
      murniTotal: '45450000',
      revisedTotal: '45450000',
      murniPagu: '50000000',
    });
    expect(await h.events.published('sinergi.budgeting.shift.proposed.v1')).toHaveLength(7);
    expect(await h.events.published('sinergi.budgeting.shift.rejected.v1')).toHaveLength(1);
  });

  it('the unit and TAPD read the shifts with their decisions; another unit cannot', async () => {
    const url = `/v1/budgets/${YEAR}/units/dishub/shifts`;
    const list = (await h.inject({ method: 'GET', url, headers: await h.as.officer('dishub') })).json();
    // which of the two concurrent approvals won is not fixed: compare the statuses as a multiset
    expect(list.shifts.map((s: { status: string }) => s.status).sort()).toEqual(
      [...Array(5).fill('approved'), 'proposed', 'rejected'].sort(),
    );
    expect((await h.inject({ method: 'GET', url, headers: await h.as.officer('dsdabm') })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
  });

  it('every step is in the audit chain, which stays intact', async () => {
    const actions = (
      await sql<{ action: string }>`select action from audit_entry where year = ${YEAR}`.execute(h.db)
    ).rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'shift.approved')).toHaveLength(5);
    expect(actions.filter((a) => a === 'line_item.shifted')).toHaveLength(10);
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
  });
});
