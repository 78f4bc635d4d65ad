/**
 * The screened anomaly pass (src/review/screening.ts) against every rule over every line in memory,
 * on the planted year of `planted.ts` written into the database: the same anomalies, line for line,
 * and the planted ones found. Then beneficiaries per sub-activity through the drafting API, feeding the
 * quantity rule, and a stored result answered again only while nothing it was computed from changed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { lineAmounts, parseFactor, parseTaxPercent } from '../src/drafting/arithmetic.js';
import { plantedYear } from '../src/effectiveness/planted.js';
import { anomaliesOf, reviewInput, screenedAnomalies } from '../src/review/use-cases.js';
import { openUnit, seedReference, YEAR, type H } from './fixtures.js';
import { BANDUNG, OFFICE, pens, startReview } from './review-fixtures.js';

let h: H;
const year = plantedYear(2019);
/** A line needs a catalogue item in the database: a planted line without one gets one of its name. */
const itemOf = (l: (typeof year.lines)[number]) => l.catalogueItem ?? `LAIN-${l.name.toLowerCase()}`;
/** planted line id → the line's id in the database */
const ids = new Map<string, string>();

async function asTenant<T>(fn: (trx: never) => Promise<T>): Promise<T> {
  return (h.db as Kysely<unknown>).transaction().execute(async (trx) => {
    await sql`select set_config('role', 'sinergi_app', true), set_config('app.tenant', ${BANDUNG}, true)`.execute(trx);
    return fn(trx as never);
  });
}

/** The planted year's units, sub-activities, catalogue items and lines, written as the service would store them. */
async function writePlanted() {
  const tax0 = parseTaxPercent('0')!;
  await asTenant(async (trx: Kysely<unknown>) => {
    const items = new Map(year.lines.map((l) => [itemOf(l), l]));
    for (const [code, l] of items) {
      await sql`insert into catalogue_item (tenant_id, year, code, catalogue, name, specification, unit_of_measure,
          max_unit_price, accounts, annex, source)
        values (${BANDUNG}, ${YEAR}, ${code}, 'SSH', ${l.name}, '', ${l.factors[0]!.unit},
          ${(l.catalogueMax ?? 10_000_000n).toString()}::int8, ${JSON.stringify([l.account])}, ${l.annex}, 'planted')
        on conflict do nothing`.execute(trx);
    }
    for (const unit of new Set(year.lines.map((l) => l.unit))) {
      await sql`insert into unit_budget (tenant_id, year, unit, pagu, status)
        values (${BANDUNG}, ${YEAR}, ${unit}, 1000000000000000, 'submitted')`.execute(trx);
    }
    const subs = new Map<string, string>();
    for (const l of year.lines) {
      const key = `${l.unit}|${l.subActivity}`;
      if (subs.has(key)) continue;
      const { rows } = await sql<{
        id: string;
      }>`insert into sub_activity (tenant_id, year, unit, code, pagu, planning_source, indicators)
        values (${BANDUNG}, ${YEAR}, ${l.unit}, ${l.subActivity}, 1000000000000000, 'none', '[]') returning id`.execute(
        trx,
      );
      subs.set(key, rows[0]!.id);
    }
    for (const l of year.lines) {
      const id = randomUUID();
      ids.set(l.id, id);
      const { volume } = lineAmounts(
        l.factors.map((f) => parseFactor(f.quantity)!),
        l.unitPrice,
        tax0,
      );
      await sql`insert into line_item (id, tenant_id, year, unit, sub_activity_id, account, catalogue_item, component_name,
          specification, unit_of_measure, factors, volume, unit_price, tax_percent, amount, tax, total, funding_source,
          location, excess_reason, created_by, updated_by)
        values (${id}, ${BANDUNG}, ${YEAR}, ${l.unit}, ${subs.get(`${l.unit}|${l.subActivity}`)}, ${l.account},
          ${itemOf(l)}, ${l.name}, ${l.specification}, ${l.factors[0]!.unit}, ${JSON.stringify(l.factors)},
          ${volume}::numeric, ${l.unitPrice.toString()}::int8, 0, ${l.total.toString()}::int8, 0,
          ${l.total.toString()}::int8, 'PAD', 'test', ${l.excessReason}, 'test', 'test')`.execute(trx);
    }
  });
}

beforeAll(async () => {
  h = await startReview();
  await seedReference(h);
  await writePlanted();
  const settings = await h.inject({
    method: 'PUT',
    url: '/v1/admin/review-settings',
    headers: await h.as.admin(),
    payload: { unitStaff: Object.fromEntries(year.unitStaff) },
  });
  expect(settings.statusCode, settings.body).toBe(200);
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

describe('the screened anomaly pass', () => {
  it('finds exactly what every rule over every line finds, and the planted lines (precision, recall)', async () => {
    const { screened, all } = await asTenant(async (trx) => ({
      screened: await screenedAnomalies(trx, YEAR),
      all: anomaliesOf(await reviewInput(trx, YEAR)),
    }));
    expect(all.anomalies.length).toBeGreaterThan(year.planted.size);
    expect(screened.anomalies).toEqual(all.anomalies);
    expect(screened.reviewed).toBe(year.lines.length);
    // only the lines named come back from the database
    expect(screened.lines.size).toBe(new Set(all.anomalies.map((a) => a.lineId)).size);

    const loud = screened.anomalies.filter((a) => a.severity !== 'info');
    const flagged = new Set(loud.map((a) => a.lineId));
    const planted = [...year.planted].map(([id, kind]) => [ids.get(id)!, kind] as const);
    const hits = planted.filter(([id, kind]) => loud.some((a) => a.lineId === id && a.kind === kind));
    const precision = planted.filter(([id]) => flagged.has(id)).length / flagged.size;
    console.warn(
      `screened pass on the planted year in the database: ${screened.reviewed} lines, ${flagged.size} flagged at warning or above; precision ${precision.toFixed(3)}, recall ${(hits.length / planted.length).toFixed(3)}`,
    );
    expect(hits.length).toBe(planted.length);
    expect(precision).toBeGreaterThanOrEqual(0.9);

    const aibon = ids.get(year.lines.find((l) => l.total === 82_800_000_000n)!.id)!;
    const its = screened.anomalies.filter((a) => a.lineId === aibon);
    expect(its.filter((a) => a.severity === 'critical').map((a) => a.kind)).toEqual(
      expect.arrayContaining(['quantity_out_of_proportion', 'total_above_peers']),
    );
  });
});

describe('beneficiaries per sub-activity', () => {
  const unit = 'disdik';
  const base = `/v1/budgets/${YEAR}/units/${unit}`;
  const review = async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/review/anomalies?year=${YEAR}`,
      headers: await h.as.tapd(),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      flagged: { lineItemId: string; anomalies: { kind: string; severity: string; reason: string }[] }[];
    };
  };

  it('are set through the drafting API and weigh a consumable per beneficiary per month; the stored pass follows', async () => {
    await openUnit(h, unit, '1000000000');
    const officer = await h.as.officer(unit);
    const sub = await h.inject({
      method: 'POST',
      url: `${base}/sub-activities`,
      headers: officer,
      payload: { code: OFFICE, pagu: '500000000', planningSource: 'rpjmd', beneficiaries: 10 },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json().beneficiaries).toBe(10);
    const bad = await h.inject({
      method: 'PUT',
      url: `${base}/sub-activities/${OFFICE}/beneficiaries`,
      headers: officer,
      payload: { beneficiaries: -1 },
    });
    expect(bad.statusCode).toBe(400);
    const line = await h.inject({ method: 'POST', url: `${base}/line-items`, headers: officer, payload: pens('3000') });
    expect(line.statusCode, line.body).toBe(201);
    const lineId = line.json().id as string;

    const reasons = async () =>
      (await review()).flagged
        .find((f) => f.lineItemId === lineId)
        ?.anomalies.map((a) => `${a.severity}: ${a.reason}`) ?? [];
    expect(await reasons()).toContain(
      'critical: 3.000,0 buah per bulan untuk 10 penerima manfaat: 300,0 buah per penerima manfaat per bulan',
    );

    const cleared = await h.inject({
      method: 'PUT',
      url: `${base}/sub-activities/${OFFICE}/beneficiaries`,
      headers: officer,
      payload: { beneficiaries: null },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const unitView = await h.inject({ method: 'GET', url: `${base}`, headers: officer });
    expect(unitView.json().subActivities[0].beneficiaries).toBeNull();
    // the change is audited, so the stored pass is recomputed: no beneficiaries, no staff for disdik, no such reason
    expect((await reasons()).some((r) => r.includes('penerima manfaat'))).toBe(false);
  });
});
