/** Realization against the locked DPA: monthly figures per line, corrections audited, the account ceiling, roles, CSV all or nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { start, YEAR, type H } from './fixtures.js';
import { approvedYear, lockBoth, postCsv, record, type Lines } from './realization-setup.js';

let h: H;
let l: Lines;
beforeAll(async () => {
  h = await start();
  l = await approvedYear(h, { lock: false });
});
afterAll(async () => h?.stop());

const unitView = async (unit: string, headers?: Record<string, string>) =>
  h.inject({
    method: 'GET',
    url: `/v1/budgets/${YEAR}/units/${unit}/realization`,
    headers: headers ?? (await h.as.officer(unit)),
  });
const stored = async () =>
  (
    await sql<{ n: string }>`select count(*)::text as n, coalesce(sum(amount), 0)::text as s from realization`.execute(
      h.db,
    )
  ).rows[0]!;

describe('before the DPA is locked', () => {
  it('nothing is recorded against an approved but unlocked budget', async () => {
    const res = await record(h, 'dsdabm', [{ lineItem: l.asphalt, month: `${YEAR}-01`, amount: '1' }]);
    expect(res.json()).toMatchObject({ status: 409, code: 'budget_not_locked', currentStatus: 'region-approved' });
    await lockBoth(h);
  });
});

describe('monthly spending per line', () => {
  it('the unit records months of its lines; a line above its own budget is allowed and flagged', async () => {
    const res = await record(h, 'dsdabm', [
      { lineItem: l.asphalt, month: `${YEAR}-01`, amount: '100000000' },
      { lineItem: l.patch, month: `${YEAR}-01`, amount: '20000000' },
      { lineItem: l.pens, month: `${YEAR}-02`, amount: '350000' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ recorded: 3, corrected: 0, unchanged: 0 });
    const view = (await unitView('dsdabm')).json();
    expect(view).toMatchObject({ budget: '265270000', realized: '120350000', absorption: '45.37' });
    const byId = new Map(view.lines.map((x: { id: string }) => [x.id, x]));
    expect(byId.get(l.patch)).toMatchObject({
      budget: '18500000',
      realized: '20000000',
      absorption: '108.11',
      overBudget: true,
    });
    expect(byId.get(l.asphalt)).toMatchObject({
      realized: '100000000',
      overBudget: false,
      months: [{ month: `${YEAR}-01`, amount: '100000000', revision: 1, recordedBy: 'officer:officer-dsdabm' }],
    });
  });

  it('refuses what would take the account (within the sub-activity) over its budget, to the rupiah', async () => {
    // 5.2.04.01.01.0001 under the road sub-activity: 246,420,000 + 18,500,000 budgeted, 120,000,000 realized
    const over = await record(h, 'dsdabm', [{ lineItem: l.asphalt, month: `${YEAR}-02`, amount: '144920001' }]);
    expect(over.json()).toMatchObject({
      status: 409,
      code: 'realization_exceeds_budget',
      errors: [{ field: 'entries.0.amount', message: expect.stringContaining('264920001') }],
    });
    const exact = await record(h, 'dsdabm', [{ lineItem: l.asphalt, month: `${YEAR}-02`, amount: '144920000' }]);
    expect(exact.json()).toEqual({ recorded: 1, corrected: 0, unchanged: 0 });
  });

  it('a correction replaces a month only with a reason, and the chain keeps the figure it replaced', async () => {
    const entry = { lineItem: l.asphalt, month: `${YEAR}-01`, amount: '90000000' };
    expect((await record(h, 'dsdabm', [entry])).json()).toMatchObject({
      status: 422,
      code: 'correction_reason_required',
      errors: [{ field: 'entries.0.reason' }],
    });
    const fixed = await record(h, 'dsdabm', [{ ...entry, reason: 'SP2D 0042 dibatalkan sebagian' }]);
    expect(fixed.json()).toEqual({ recorded: 0, corrected: 1, unchanged: 0 });
    expect((await record(h, 'dsdabm', [entry])).json()).toEqual({ recorded: 0, corrected: 0, unchanged: 1 });
    const audit = await sql<{ action: string; data: Record<string, unknown> }>`
      select action, data from audit_entry where entity_id = ${l.asphalt} and action like 'realization.%' order by seq`.execute(
      h.db,
    );
    expect(audit.rows.map((r) => [r.action, r.data.month, r.data.amount, r.data.before])).toEqual([
      ['realization.recorded', `${YEAR}-01`, '100000000', null],
      ['realization.recorded', `${YEAR}-02`, '144920000', null],
      ['realization.corrected', `${YEAR}-01`, '90000000', '100000000'],
    ]);
    expect(audit.rows[2]!.data.reason).toBe('SP2D 0042 dibatalkan sebagian');
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
    const row = await sql<{
      revision: number;
    }>`select revision from realization where line_item_id = ${l.asphalt} and month = 1`.execute(h.db);
    expect(row.rows[0]!.revision).toBe(2);
  });

  it('refuses a whole batch naming every bad entry, applying none', async () => {
    const before = await stored();
    const res = await record(h, 'dsdabm', [
      { lineItem: l.pens, month: `${YEAR}-03`, amount: '1000' },
      { lineItem: l.travel, month: `${YEAR}-03`, amount: '1000' },
      { lineItem: l.pens, month: `${YEAR + 1}-01`, amount: '1000' },
      { lineItem: l.pens, month: `${YEAR}-04`, amount: '12.5' },
    ]);
    expect(res.json()).toMatchObject({ code: 'line_item_not_found', rejectedRows: 3 });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'entries.1.lineItem',
      'entries.2.month',
      'entries.3.amount',
    ]);
    expect(await stored()).toEqual(before);
  });
});

describe('who records', () => {
  it('a unit records only its own lines; TAPD and auditors read, and never record', async () => {
    const entry = { lineItem: l.asphalt, month: `${YEAR}-03`, amount: '1' };
    expect((await record(h, 'dsdabm', [entry], await h.as.officer('dishub'))).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
    expect((await record(h, 'dsdabm', [entry], await h.as.tapd())).json()).toMatchObject({
      status: 403,
      code: 'forbidden_role',
    });
    expect((await record(h, 'dishub', [entry])).json()).toMatchObject({ code: 'line_item_not_found' });
    expect((await unitView('dsdabm', await h.as.officer('dishub'))).json()).toMatchObject({ code: 'forbidden_unit' });
    expect((await unitView('dsdabm', await h.as.auditor())).statusCode).toBe(200);
    const head = await record(
      h,
      'dishub',
      [{ lineItem: l.travel, month: `${YEAR}-03`, amount: '12900000' }],
      await h.as.head('dishub'),
    );
    expect(head.json()).toEqual({ recorded: 1, corrected: 0, unchanged: 0 });
  });
});

describe('CSV upload', () => {
  const url = `/v1/budgets/${YEAR}/units/dsdabm/realization/csv`;
  it('is all or nothing, with a report of every bad row', async () => {
    const before = await stored();
    const csv = [
      'line_item,month,amount,reason',
      `${l.pens},${YEAR}-05,0,`,
      `${l.patch},${YEAR}-05,0,`,
      `${l.pens},${YEAR + 1}-01,5,`,
      `${l.patch},${YEAR}-01,1,`,
    ].join('\n');
    const res = await postCsv(h, url, csv, await h.as.officer('dsdabm'));
    expect(res.json()).toMatchObject({ status: 422, code: 'csv_invalid', rejectedRows: 2 });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['line 4: month', 'line 5: reason']);
    expect(await stored()).toEqual(before);
    const good = await postCsv(h, url, csv.split('\n').slice(0, 3).join('\n'), await h.as.head('dsdabm'));
    expect(good.json()).toEqual({ recorded: 2, corrected: 0, unchanged: 0 });
  });

  it('refuses a wrong header and a body that is not CSV', async () => {
    const bad = await postCsv(h, url, 'line,month,amount\nx,2026-01,1', await h.as.officer('dsdabm'));
    expect(bad.json()).toMatchObject({ code: 'csv_invalid', errors: [{ field: 'header' }] });
    const json = await h.inject({ method: 'POST', url, headers: await h.as.officer('dsdabm'), payload: { a: 1 } });
    expect(json.json()).toMatchObject({ status: 415 });
  });
});

describe('concurrent batches', () => {
  it('queue on the unit: of ten batches that each fit alone, only those within the account budget land', async () => {
    // the road account has 264,920,000 budgeted and 254,920,000 realized: room for five of 2,000,000
    const months = Array.from({ length: 10 }, (_, i) => `${YEAR}-${String(i + 3).padStart(2, '0')}`);
    const answers = await Promise.all(
      months.map(async (month) => record(h, 'dsdabm', [{ lineItem: l.asphalt, month, amount: '2000000' }])),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 200, 200, 409, 409, 409, 409, 409]);
    const account = await sql<{ s: string }>`
      select sum(r.amount)::text as s from realization r join line_item l on l.id = r.line_item_id
      where l.account = '5.2.04.01.01.0001' and l.unit = 'dsdabm'`.execute(h.db);
    expect(account.rows[0]!.s).toBe('264920000');
  });
});

describe('reading', () => {
  it('a year that is not open has no realization to show', async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/budgets/${YEAR + 1}/units/dsdabm/realization`,
      headers: await h.as.tapd(),
    });
    expect(res.json()).toMatchObject({ status: 404, code: 'fiscal_year_not_found' });
  });
});
