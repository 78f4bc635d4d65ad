/**
 * Issue 14's signals across the wall: cost per output against other regions of the deployment as
 * aggregates only (quantiles over at least three regions, through the audited function, never a line
 * or a region's name), the wall itself (the application role reads no other region's rows, whatever it
 * sets), and complaints counted in a window of dates, a report announced twice counting once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDeadlineBreached, reportSubmitted } from '@sinergi/contracts';
import { createServiceHarness, TEST_REGIONS, waitFor } from '@sinergi/testkit';
import { sql, type Transaction } from 'kysely';
import { budgeting } from '../src/app.js';
import type { BudgetingDB } from '../src/db/schema.js';
import { asphalt, ROAD, seedReference, YEAR, type H } from './fixtures.js';
import { BANDUNG, draftAndSubmit, PALU } from './review-fixtures.js';

const SURABAYA = '35.78';
const SEMARANG = '33.74';
const region = (code: string, name: string) => ({
  code,
  name,
  timeZone: 'Asia/Jakarta',
  hostnames: [`${code.replace('.', '-')}.test`],
  units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
});
const REGIONS = [...TEST_REGIONS, region(SURABAYA, 'Kota Surabaya'), region(SEMARANG, 'Kota Semarang')];

let h: H;
const otherLines: string[] = [];

/** One road of 1,200 m² of asphalt (Rp 246,420,000) for `km` kilometres of output, submitted. */
const road = async (tenant: string, unit: string, km: string, planningSource: 'rpjmd' | 'none' = 'rpjmd') =>
  draftAndSubmit(h, {
    tenant,
    unit,
    pagu: '1000000000',
    subs: [{ code: ROAD, planningSource, target: km, lines: [asphalt()] }],
  });

beforeAll(async () => {
  h = await createServiceHarness(budgeting, { regions: REGIONS });
  for (const t of [BANDUNG, PALU, SURABAYA, SEMARANG]) await seedReference(h, t);
  // Bandung's road costs Rp 246,420,000 per km; Palu's and Surabaya's 20,535,000 and 24,642,000
  await road(BANDUNG, 'dsdabm', '1', 'none');
  otherLines.push(...(await road(PALU, 'dpupr', '12')), ...(await road(SURABAYA, 'dpupr', '10')));
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

interface Candidate {
  unit: string;
  subActivity: string;
  reasons: string[];
  components: Record<string, number>;
  costPerOutput: {
    cost: string;
    otherUnits: unknown;
    otherRegions: { regions: number; p25: string; median: string; p75: string } | null;
  } | null;
  citizens: { complaints: number; unresolved: number; overdue: number; overdueShare: string | null } | null;
}

const candidates = async (tenant = BANDUNG) => {
  const res = await h.inject({
    method: 'GET',
    url: `/v1/review/candidates?year=${YEAR}`,
    headers: await h.as.tapd({ tenant }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return { text: res.body, list: (res.json() as { candidates: Candidate[] }).candidates };
};

/** A transaction as the application role for `tenant`, as the kit opens them. */
const asApp = <T>(tenant: string | null, fn: (trx: Transaction<BudgetingDB>) => Promise<T>) =>
  h.db.transaction().execute(async (trx) => {
    await sql`set local role sinergi_app`.execute(trx);
    if (tenant) await sql`select set_config('app.tenant', ${tenant}, true)`.execute(trx);
    return fn(trx);
  });

describe('cost per output against other regions: aggregates of at least three regions', () => {
  it('shows nothing while fewer than three other regions have the code', async () => {
    const { list } = await candidates();
    const mine = list.find((c) => c.unit === 'dsdabm')!;
    expect(mine.costPerOutput).toBeNull();
    expect(mine.components.costPerOutput).toBeUndefined();
    const rows = await asApp(
      BANDUNG,
      async (trx) => (await sql`select * from peer_cost_per_output(${YEAR}, ${[ROAD]}::text[])`.execute(trx)).rows,
    );
    expect(rows).toEqual([]);
  });

  it('with a third region, compares with their quantiles and names no region, unit or line', async () => {
    otherLines.push(...(await road(SEMARANG, 'dpupr', '8')));
    const { list, text } = await candidates();
    const mine = list.find((c) => c.unit === 'dsdabm')!;
    expect(mine.costPerOutput).toEqual({
      quantity: '1',
      cost: '246420000',
      otherUnits: null,
      // 20,535,000 (Palu), 24,642,000 (Surabaya), 30,802,500 (Semarang): the regions are not named
      otherRegions: { regions: 3, p25: '20535000', median: '24642000', p75: '30802500' },
    });
    expect(mine.reasons).toContain('biaya per keluaran 10,0x median 3 daerah lain');
    expect(mine.components.costPerOutput).toBe(10_000);
    for (const leak of [PALU, SURABAYA, SEMARANG, 'Palu', 'Surabaya', 'Semarang', 'dpupr', ...otherLines]) {
      expect(text).not.toContain(leak);
    }
    // Palu sees Bandung, Surabaya and Semarang: its own road is not among its peers
    const palu = (await candidates(PALU)).list.find((c) => c.unit === 'dpupr')!;
    expect(palu.costPerOutput!.otherRegions).toEqual({
      regions: 3,
      p25: '24642000',
      median: '30802500',
      p75: '246420000',
    });
  });

  it('the function answers only aggregate columns, nothing outside a tenant transaction, and logs every call', async () => {
    const columns = await asApp(BANDUNG, async (trx) =>
      Object.keys((await sql`select * from peer_cost_per_output(${YEAR}, ${[ROAD]}::text[])`.execute(trx)).rows[0]!),
    );
    expect(columns).toEqual(['code', 'regions', 'p25', 'median', 'p75']);
    const untenanted = await asApp(
      null,
      async (trx) => (await sql`select * from peer_cost_per_output(${YEAR}, ${[ROAD]}::text[])`.execute(trx)).rows,
    );
    expect(untenanted).toEqual([]);
    const log = await sql<{ kind: string; asked: number; answered: number }>`
      select kind, asked, answered from peer_aggregate_access where tenant_id = ${BANDUNG} and kind = 'cost_per_output'
      order by id`.execute(h.db);
    expect(log.rows.length).toBeGreaterThanOrEqual(4);
    expect(log.rows[0]).toEqual({ kind: 'cost_per_output', asked: 1, answered: 0 });
    expect(log.rows.at(-1)).toEqual({ kind: 'cost_per_output', asked: 1, answered: 1 });
  });
});

describe('the tenant wall under the comparison', () => {
  it("the application role reads none of another region's lines, even with the old switch set", async () => {
    const counts = await asApp(BANDUNG, async (trx) => {
      // 0008 opened line_item to whoever set this; 0009 removed that policy
      await sql`select set_config('app.peer_aggregates', 'on', true)`.execute(trx);
      const n = async (table: string) =>
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from ${sql.table(table)} where tenant_id <> ${BANDUNG}`.execute(trx)
        ).rows[0]!.n;
      return [await n('line_item'), await n('sub_activity'), await n('indicator_result')];
    });
    expect(counts).toEqual([0, 0, 0]);
    const own = await asApp(
      BANDUNG,
      async (trx) => (await sql<{ n: number }>`select count(*)::int as n from line_item`.execute(trx)).rows[0]!.n,
    );
    expect(own).toBe(1);
  });

  it('cannot write the access log, nor change or erase it', async () => {
    await expect(
      asApp(BANDUNG, (trx) =>
        sql`insert into peer_aggregate_access (tenant_id, year, kind, asked, answered)
            values (${BANDUNG}, ${YEAR}, 'cost_per_output', 0, 0)`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await asApp(BANDUNG, async (trx) => {
      const u = await sql`update peer_aggregate_access set answered = 99`.execute(trx);
      const d = await sql`delete from peer_aggregate_access`.execute(trx);
      return [Number(u.numAffectedRows), Number(d.numAffectedRows)];
    });
    expect(changed).toEqual([0, 0]);
  });
});

describe('complaints in a window of dates', () => {
  const submit = (trackingId: string, at: string) =>
    h.events.publish(
      reportSubmitted,
      {
        trackingId,
        category: 'jalan-rusak',
        at,
        type: 'pengaduan',
        channel: 'web',
        suggestedUnit: 'dsdabm',
        location: null,
        districtCode: null,
        villageCode: null,
        anonim: false,
        rahasia: false,
        source: null,
        dispositionDue: at,
      },
      { tenant: BANDUNG },
    );
  const citizens = async () => (await candidates()).list.find((c) => c.unit === 'dsdabm')!.citizens;

  it('counts the fiscal year by default, a set window when given; a report announced twice counts once', async () => {
    const admin = await h.as.admin();
    const mapping = (window?: { from: string; to: string }) =>
      h.inject({
        method: 'PUT',
        url: `/v1/admin/years/${YEAR}/complaint-mapping`,
        headers: admin,
        payload: { mapping: [{ category: 'jalan-rusak', units: ['dsdabm'] }], ...(window ? { window } : {}) },
      });
    expect((await mapping()).json().window).toEqual({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });
    const march = await submit('LPR-WIN-0001', `${YEAR}-03-02T10:00:00+07:00`);
    await h.events.republish(march, `${march.id}-again`); // the same event delivered twice
    await submit('LPR-WIN-0001', `${YEAR}-03-02T10:00:00+07:00`); // the same report under a new event id
    await submit('LPR-WIN-0002', `${YEAR}-08-15T10:00:00+07:00`);
    await submit('LPR-WIN-0003', `${YEAR - 1}-12-31T23:30:00+07:00`); // the year before, in Bandung's time
    await h.events.publish(
      reportDeadlineBreached,
      {
        trackingId: 'LPR-WIN-0002',
        category: 'jalan-rusak',
        at: `${YEAR}-09-01T00:00:00+07:00`,
        kind: 'follow-up',
        unit: 'dsdabm',
        dueAt: `${YEAR}-09-01T00:00:00+07:00`,
      },
      { tenant: BANDUNG },
    );
    await waitFor(async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from citizen_report where tenant_id = ${BANDUNG} and overdue`.execute(h.db);
      return rows[0]!.n === 1 || undefined;
    }, 'the complaints to be folded');
    const held = await sql<{
      n: number;
    }>`select count(*)::int as n from citizen_report where tenant_id = ${BANDUNG}`.execute(h.db);
    expect(held.rows[0]!.n).toBe(3);
    expect(await citizens()).toEqual({ complaints: 2, unresolved: 2, overdue: 1, overdueShare: '50,0%', ikm: null });
    const firstHalf = await mapping({ from: `${YEAR}-01-01`, to: `${YEAR}-06-30` });
    expect(firstHalf.statusCode, firstHalf.body).toBe(200);
    expect(await citizens()).toEqual({ complaints: 1, unresolved: 1, overdue: 0, overdueShare: '0,0%', ikm: null });
    const setup = await h.inject({
      method: 'GET',
      url: `/v1/admin/years/${YEAR}/review-signals`,
      headers: await h.as.tapd(),
    });
    expect(setup.json().window).toEqual({ from: `${YEAR}-01-01`, to: `${YEAR}-06-30` });
    expect((await mapping({ from: `${YEAR - 1}-12-31`, to: `${YEAR - 1}-12-31` })).statusCode).toBe(200);
    expect((await citizens())!.complaints).toBe(1);
    const backwards = await mapping({ from: `${YEAR}-06-30`, to: `${YEAR}-01-01` });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors.map((e: { field: string }) => e.field)).toContain('window.to');
  });
});
