/** The demo year of Kota Bandung: loaded once (also by two replicas at once), through the use cases, and every rule holds. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createServiceHarness, waitFor } from '@sinergi/testkit';
import { budgetApproved, budgetReturned, budgetSubmitted, lineItemCut } from '@sinergi/contracts';
import { budgeting } from '../src/app.js';
import { DEMO, seedDemoBudget, type DemoSeedResult } from '../src/demo/seed.js';
import { planDemoYear } from '../src/demo/plan.js';

const bandung = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as { code: string; units: Array<{ code: string; kind: string }> };

const start = (env: Record<string, string> = {}) => createServiceHarness(budgeting, { regions: [bandung], env });
let h: Awaited<ReturnType<typeof start>>;
let first: DemoSeedResult;
beforeAll(async () => {
  h = await start();
  // two replicas starting at once: each unit is loaded by exactly one of them
  const runs = (await Promise.all([seedDemoBudget(h.ctx), seedDemoBudget(h.ctx)])).filter((r) => r !== undefined);
  const sum = (key: 'units' | 'subActivities' | 'lineItems' | 'statements') => runs.reduce((n, r) => n + r[key], 0);
  first = {
    ...runs[0]!,
    units: sum('units'),
    subActivities: sum('subActivities'),
    lineItems: sum('lineItems'),
    statements: sum('statements'),
    ms: Math.max(...runs.map((r) => r.ms)),
  };
  console.warn(
    `demo seed: ${first.units} units, ${first.subActivities} sub-activities, ${first.lineItems} line items: ` +
      `${first.statements} statements in ${first.ms} ms; a raw round trip in this run: ${first.rawRoundTripMs} ms ` +
      `(x statements = ${Math.round(first.statements * first.rawRoundTripMs)} ms)`,
  );
}, 400_000);
afterAll(async () => h?.stop());

const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n);

describe('the demo year', () => {
  it('holds every unit of the directory with its ceiling, sub-activities and a few thousand lines', async () => {
    expect(first).toMatchObject({ tenant: '32.73', units: bandung.units.length });
    expect(first.lineItems).toBeGreaterThan(2000);
    expect(await count('unit_budget')).toBe(bandung.units.length);
    expect(await count('line_item')).toBe(first.lineItems);
    expect(await count('sub_activity')).toBe(first.subActivities);
  });

  it('is the plan the seed gives, and the same plan every time', () => {
    const text = (seed: number) =>
      JSON.stringify(planDemoYear(bandung.units, seed), (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    const a = planDemoYear(bandung.units, DEMO.seed);
    expect(text(DEMO.seed)).toBe(text(DEMO.seed));
    expect(text(DEMO.seed + 1)).not.toBe(text(DEMO.seed));
    expect(a.reduce((n, u) => n + u.lines.length, 0)).toBe(first.lineItems);
    expect(a.reduce((n, u) => n + u.subs.length, 0)).toBe(first.subActivities);
  });

  it('loading again changes nothing: no new rows, no new audit entries', async () => {
    const before = await Promise.all(['line_item', 'sub_activity', 'audit_entry', 'catalogue_item'].map(count));
    expect(await seedDemoBudget(h.ctx)).toBeUndefined();
    expect(await Promise.all(['line_item', 'sub_activity', 'audit_entry', 'catalogue_item'].map(count))).toEqual(
      before,
    );
  });

  it('leaves an intact audit chain for the year and for the reference data', async () => {
    for (const year of [DEMO.year, 0]) {
      const res = await h.inject({
        method: 'GET',
        url: `/v1/audit/verify?year=${year}`,
        headers: await h.as.auditor(),
      });
      expect(res.json()).toMatchObject({ intact: true });
    }
    const created = await sql<{
      n: string;
    }>`select count(*)::text as n from audit_entry where year = ${DEMO.year} and action = 'line_item.created'`.execute(
      h.db,
    );
    expect(Number(created.rows[0]!.n)).toBe(first.lineItems);
  });

  it('every line keeps the price lock and the account lock', async () => {
    const broken = await sql<{ id: string }>`
      select l.id from line_item l join catalogue_item c on c.year = l.year and c.code = l.catalogue_item
      where l.unit_price > c.max_unit_price and (c.annex is distinct from 'II' or l.excess_reason is null)
         or not (c.accounts ? l.account)`.execute(h.db);
    expect(broken.rows).toEqual([]);
    const excess = await sql<{
      n: string;
    }>`select count(*)::text as n from line_item where excess_reason is not null`.execute(h.db);
    expect(Number(excess.rows[0]!.n)).toBeGreaterThan(0);
  });

  it("every sub-activity's lines fit its ceiling, and the sub-activities fit the unit's", async () => {
    const overSub = await sql<{ id: string }>`
      select s.id from sub_activity s join line_item l on l.sub_activity_id = s.id
      group by s.id, s.pagu having sum(l.total) > s.pagu`.execute(h.db);
    expect(overSub.rows).toEqual([]);
    const overUnit = await sql<{ unit: string }>`
      select b.unit from unit_budget b join sub_activity s on s.year = b.year and s.unit = b.unit
      group by b.unit, b.pagu having sum(s.pagu) > b.pagu`.execute(h.db);
    expect(overUnit.rows).toEqual([]);
    const noIndicator = await sql<{ id: string }>`
      select id from sub_activity where jsonb_array_length(indicators) = 0`.execute(h.db);
    expect(noIndicator.rows).toEqual([]);
  });

  it('ends units in every stage of review, and the public sees the approved ones only', async () => {
    const statuses = await sql<{ status: string; n: string }>`
      select status, count(*)::text as n from unit_budget group by status order by status`.execute(h.db);
    expect(statuses.rows.map((r) => r.status)).toEqual(['approved', 'drafting', 'returned', 'submitted']);
    const approved = Number(statuses.rows.find((r) => r.status === 'approved')!.n);
    const pub = (await h.inject({ method: 'GET', url: `/v1/public/budgets/${DEMO.year}?tenant=32.73` })).json() as {
      units: unknown[];
      total: string;
    };
    expect(pub.units).toHaveLength(approved);
    expect(BigInt(pub.total)).toBeGreaterThan(1_000_000_000_000n);
  });

  it('announced the cycle through the outbox: submissions, approvals, returns and the TAPD cut', async () => {
    const types = (await h.events.published()).map((e) => e.type);
    for (const def of [budgetSubmitted, budgetApproved, budgetReturned, lineItemCut]) expect(types).toContain(def.type);
  });
});

describe('SEED_DEMO_BUDGET', () => {
  it('is off unless set; `npm start` sets it in development.defaults', async () => {
    expect(h.ctx.config).toMatchObject({ SEED_DEMO_BUDGET: false });
    const defaults = readFileSync(new URL('../development.defaults', import.meta.url), 'utf8');
    expect(defaults).toMatch(/^SEED_DEMO_BUDGET=true$/m);
  });

  it('when set, loads the year at start, beside readiness', async () => {
    const started = await start({ SEED_DEMO_BUDGET: 'true' });
    try {
      const lines = async () =>
        Number((await sql<{ n: string }>`select count(*)::text as n from line_item`.execute(started.db)).rows[0]!.n);
      await waitFor(async () => ((await lines()) === first.lineItems ? true : undefined), 'the demo year', 400_000);
      const approved = await sql<{
        n: string;
      }>`select count(*)::text as n from unit_budget where status = 'approved'`.execute(started.db);
      expect(Number(approved.rows[0]!.n)).toBeGreaterThan(30);
    } finally {
      await started.stop();
    }
  }, 450_000);
});
