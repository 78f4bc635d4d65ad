/** The APBD-P: once a year over locked DPAs, drafted under the drafting rules, reviewed, approved, the DPPA locked with murni kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { asphalt, start, YEAR, type H } from './fixtures.js';
import { approvedYear, dishubLine, OFFICE, post, type Lines } from './revision-fixtures.js';

let h: H;
let ids: Lines;
let newRoad: string;
let murniRows: unknown[];
beforeAll(async () => {
  h = await start();
  ids = await approvedYear(h, ['dishub']);
});
afterAll(async () => h?.stop());

const put = async (url: string, headers: Record<string, string>, payload: unknown) =>
  h.inject({ method: 'PUT', url: `/v1/budgets/${YEAR}/${url}`, headers, payload: payload as object });
const lineRows = async () =>
  (
    await sql`select id, factors, volume, unit_price, tax_percent, total from line_item order by id`.execute(h.db)
  ).rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))));
const dpa = async (unit: string) =>
  (
    await h.inject({
      method: 'GET',
      url: `/v1/budgets/${YEAR}/units/${unit}/revised-dpa`,
      headers: await h.as.officer(unit),
    })
  ).json();

describe('opening the APBD-P', () => {
  it('needs every DPA locked, and TAPD or an admin', async () => {
    murniRows = await lineRows();
    expect((await post(h, 'revision', await h.as.officer('dishub'))).json()).toMatchObject({ status: 403 });
    expect((await post(h, 'revision', await h.as.tapd())).json()).toMatchObject({
      status: 409,
      code: 'budget_not_locked',
      pending: ['dsdabm'],
    });
    expect((await sql`select 1 from apbd_revision`.execute(h.db)).rows).toEqual([]);
    expect((await put('units/dishub/revision/ceiling', await h.as.tapd(), { pagu: '60000000' })).json()).toMatchObject({
      status: 409,
      code: 'revision_not_open',
    });
  });

  it('opens once a year: a second is refused', async () => {
    expect((await post(h, 'units/dsdabm/lock', await h.as.tapd())).json()).toMatchObject({ status: 'locked' });
    const opened = await post(h, 'revision', await h.as.tapd());
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ units: ['dishub', 'dsdabm'], status: 'drafting' });
    expect((await post(h, 'revision', await h.as.admin())).json()).toMatchObject({
      status: 409,
      code: 'revision_exists',
    });
  });

  it('holds shifts back while the revision is drafted', async () => {
    const res = await post(h, 'units/dishub/shifts', await h.as.officer('dishub'), {
      kind: 'within-account',
      reason: 'Geser ATK',
      changes: [
        { lineItemId: ids.pens, line: dishubLine.pens('880') },
        { lineItemId: ids.upkeep, line: dishubLine.upkeep('97') },
      ],
    });
    expect(res.json()).toMatchObject({ status: 409, code: 'revision_in_progress', currentStatus: 'drafting' });
  });
});

describe('drafting the APBD-P', () => {
  it('TAPD revises the unit ceiling; the unit its sub-activity ceilings within it', async () => {
    expect(
      (await put('units/dsdabm/revision/ceiling', await h.as.officer('dsdabm'), { pagu: '1' })).json(),
    ).toMatchObject({ status: 403 });
    expect(
      (await put('units/dsdabm/revision/ceiling', await h.as.tapd(), { pagu: '1200000000' })).json(),
    ).toMatchObject({
      pagu: '1200000000',
    });
    const sub = (pagu: string) =>
      h.as
        .officer('dsdabm')
        .then((o) => put(`units/dsdabm/revision/sub-activities/1.03.10.2.01.0021/ceiling`, o, { pagu }));
    expect((await sub('1300000000')).json()).toMatchObject({
      status: 409,
      code: 'ceiling_exceeded',
      errors: [{ field: 'pagu' }],
    });
    expect((await sub('800000000')).json()).toMatchObject({ pagu: '800000000' });
  });

  it('line changes obey the price lock and the revised ceilings, naming the field', async () => {
    const officer = await h.as.officer('dsdabm');
    const url = `units/dsdabm/revision/line-items/${ids.asphalt}`;
    expect((await put(url, officer, asphalt({ unitPrice: '190000' }))).json()).toMatchObject({
      status: 422,
      code: 'price_above_ceiling',
      errors: [{ field: 'unitPrice' }],
    });
    expect((await put(url, officer, asphalt({ factors: [{ quantity: '4000', unit: 'm2' }] }))).json()).toMatchObject({
      status: 409,
      code: 'ceiling_exceeded',
      ceiling: 'sub-activity',
      pagu: '800000000',
    });
    const res = await put(url, officer, asphalt({ factors: [{ quantity: '2000', unit: 'm2' }] }));
    expect(res.json()).toMatchObject({ total: '410700000' });
    const added = await post(
      h,
      'units/dsdabm/revision/line-items',
      officer,
      asphalt({ factors: [{ quantity: '500', unit: 'm2' }], location: 'Jl. Cibaduyut' }),
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ total: '102675000' });
    newRoad = added.json().id;
    expect(
      (
        await post(
          h,
          'units/dsdabm/revision/line-items',
          officer,
          asphalt({ factors: [{ quantity: '1600', unit: 'm2' }] }),
        )
      ).json(),
    ).toMatchObject({
      status: 409,
      code: 'ceiling_exceeded',
    });
  });

  it("a unit cannot touch another unit's APBD-P", async () => {
    const other = await h.as.officer('dishub');
    expect((await put(`units/dsdabm/revision/line-items/${ids.asphalt}`, other, asphalt())).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
    expect(
      (await post(h, `units/dsdabm/revision/line-items/${ids.asphalt}/cut`, other, { reason: 'x' })).json(),
    ).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
  });

  it('dishub cuts its travel and adds pens; the DPA in force does not move while drafting', async () => {
    const officer = await h.as.officer('dishub');
    expect(
      (
        await post(h, `units/dishub/revision/line-items/${ids.travel}/cut`, officer, {
          reason: 'Efisiensi Inpres 1/2025',
        })
      ).json(),
    ).toMatchObject({
      cut: true,
    });
    expect(
      (await post(h, 'units/dishub/revision/line-items', officer, dishubLine.pens('100', OFFICE))).statusCode,
    ).toBe(201);
    const draft = (
      await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dishub/revision`, headers: officer })
    ).json();
    expect(draft).toMatchObject({ status: 'drafting', total: '20000000' });
    expect(await lineRows()).toEqual(murniRows);
  });
});

describe('review, region approval and the DPPA', () => {
  it('the unit submits, TAPD approves, the region approves only with every unit approved', async () => {
    const tapd = await h.as.tapd();
    expect((await post(h, 'units/dsdabm/revision/lock', tapd)).json()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
    expect((await post(h, 'units/dsdabm/revision/submit', await h.as.head('dsdabm'))).json()).toMatchObject({
      status: 'submitted',
    });
    expect(
      (await put(`units/dsdabm/revision/line-items/${ids.asphalt}`, await h.as.officer('dsdabm'), asphalt())).json(),
    ).toMatchObject({
      status: 409,
      code: 'budget_not_editable',
    });
    const url = `units/dsdabm/revision/line-items/${ids.asphalt}`;
    const same = asphalt({ factors: [{ quantity: '2000', unit: 'm2' }] });
    expect((await put(url, tapd, same)).json()).toMatchObject({ status: 422, code: 'reason_required' });
    expect((await put(url, tapd, { ...same, reason: 'Sesuai hasil evaluasi TAPD' })).json()).toMatchObject({
      total: '410700000',
      updatedBy: 'tapd:tapd-1',
    });
    const lower = asphalt({ factors: [{ quantity: '1990', unit: 'm2' }], reason: 'Rasionalisasi volume' });
    expect((await put(url, tapd, lower)).json()).toMatchObject({ total: '408646500' });
    expect((await put(url, tapd, { ...same, reason: 'Dikembalikan setelah klarifikasi' })).statusCode).toBe(200);
    const cuts = await h.events.published<Record<string, unknown>>('sinergi.budgeting.line-item.cut.v1');
    expect(cuts.map((e) => e.data)).toEqual([
      expect.objectContaining({
        lineItemId: ids.asphalt,
        before: '410700000',
        after: '408646500',
        reason: 'Rasionalisasi volume',
      }),
    ]);
    expect((await post(h, 'units/dsdabm/revision/approve', tapd)).json()).toMatchObject({ status: 'approved' });
    const admin = await h.as.admin();
    expect((await post(h, 'revision/approve-region', admin)).json()).toMatchObject({
      status: 409,
      code: 'units_not_approved',
      pending: ['dishub'],
    });
    expect((await post(h, 'units/dishub/revision/submit', await h.as.officer('dishub'))).json()).toMatchObject({
      status: 'submitted',
    });
    expect((await post(h, 'units/dishub/revision/approve', tapd)).json()).toMatchObject({ status: 'approved' });
    expect((await post(h, 'revision/approve-region', tapd)).json()).toMatchObject({ status: 403 });
    expect((await post(h, 'revision/approve-region', admin)).json()).toMatchObject({
      status: 'region-approved',
      units: 2,
    });
  });

  it('TAPD locks each DPPA once: the changes take effect, announced once per unit', async () => {
    const tapd = await h.as.tapd();
    for (const unit of ['dsdabm', 'dishub'])
      expect((await post(h, `units/${unit}/revision/lock`, tapd)).json()).toMatchObject({ status: 'locked' });
    expect((await post(h, 'units/dishub/revision/lock', tapd)).json()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
    const revised = await h.events.published<Record<string, string>>('sinergi.budgeting.budget.revised.v1');
    expect(
      revised.map((e) => [e.data.unit, e.data.kind, e.data.murniTotal, e.data.revisedTotal, e.data.revisedPagu]),
    ).toEqual([
      ['dsdabm', 'apbd-p', '246420000', '513375000', '1200000000'],
      ['dishub', 'apbd-p', '45450000', '20000000', '50000000'],
    ]);
    expect((await post(h, 'revision', tapd)).json()).toMatchObject({ status: 409, code: 'revision_exists' });
  });

  it('the revised DPA keeps murni beside revised: changed, new (murni 0) and cut (revised 0) lines', async () => {
    const roads = await dpa('dsdabm');
    expect(roads).toMatchObject({
      revised: true,
      apbdP: 'locked',
      pagu: { murni: '1000000000', revised: '1200000000', difference: '200000000' },
      total: { murni: '246420000', revised: '513375000', difference: '266955000' },
      subActivities: [{ pagu: { murni: '500000000', revised: '800000000' } }],
    });
    const line = (d: { lineItems: Array<{ id: string }> }, id: string) => d.lineItems.find((l) => l.id === id);
    expect(line(roads, ids.asphalt)).toMatchObject({
      murni: { volume: '1200', unitPrice: '185000', total: '246420000' },
      revised: { volume: '2000', total: '410700000' },
      difference: '164280000',
    });
    const added = roads.lineItems.find((l: { id: string }) => l.id !== ids.asphalt);
    expect(added).toMatchObject({ murni: { total: '0' }, revised: { total: '102675000' } });
    newRoad = added.id;
    const transport = await dpa('dishub');
    expect(line(transport, ids.travel)).toMatchObject({
      murni: { volume: '60', total: '25800000' },
      revised: { volume: '0', total: '0' },
      difference: '-25800000',
    });
    expect(transport.total).toEqual({ murni: '45450000', revised: '20000000', difference: '-25450000' });
  });

  it('murni is preserved exactly: every snapshot row equals the line as the DPA locked it', async () => {
    const snap = (
      await sql`select line_item_id as id, factors, volume, unit_price, tax_percent, total from line_murni where total > 0 order by line_item_id`.execute(
        h.db,
      )
    ).rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))));
    expect(snap).toEqual(murniRows);
  });

  it('a shift after the DPPA moves revised values only; murni stays the first DPA', async () => {
    const res = await post(h, 'units/dsdabm/shifts', await h.as.officer('dsdabm'), {
      kind: 'within-account',
      reason: 'Volume disesuaikan hasil survei',
      changes: [
        { lineItemId: ids.asphalt, line: asphalt({ factors: [{ quantity: '1990', unit: 'm2' }] }) },
        {
          lineItemId: newRoad,
          line: asphalt({ factors: [{ quantity: '510', unit: 'm2' }], location: 'Jl. Cibaduyut' }),
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await post(h, `units/dsdabm/shifts/${res.json().id}/approve`, await h.as.head('dsdabm'))).json(),
    ).toMatchObject({
      status: 'approved',
    });
    const roads = await dpa('dsdabm');
    expect(roads.total).toEqual({ murni: '246420000', revised: '513375000', difference: '266955000' });
    expect(roads.lineItems.find((l: { id: string }) => l.id === ids.asphalt)).toMatchObject({
      murni: { total: '246420000' },
      revised: { volume: '1990', total: '408646500' },
    });
  });

  it('the audit chain holds every APBD-P step and stays intact', async () => {
    const actions = (
      await sql<{ action: string }>`select action from audit_entry where year = ${YEAR}`.execute(h.db)
    ).rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['revision.opened', 'revision_line.saved', 'revision_line.cut', 'revision.lock']),
    );
    expect(actions.filter((a) => a === 'line_item.revised')).toHaveLength(4);
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
  });

  it('another region sees none of it (forced RLS on the revision tables)', async () => {
    for (const table of [
      'unit_murni',
      'line_murni',
      'budget_shift',
      'apbd_revision',
      'unit_revision',
      'revision_line',
    ] as const) {
      expect((await sql`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows).not.toEqual([
        { n: 0 },
      ]);
      const seen = await h.ctx.db.withTenant('72.71', (trx) => trx.selectFrom(table).selectAll().execute());
      expect(seen, table).toEqual([]);
    }
  });
});
