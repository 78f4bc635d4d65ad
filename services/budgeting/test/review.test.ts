/**
 * Issue 14 through the API, on planted budgets in two regions: anomalies with reasons (and the wall
 * between regions: aggregates only), ranked candidates with signals from events (a duplicate counts
 * once), TAPD's cut and keep with the audit chain and line-item.cut, and the public savings report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDeadlineBreached, reportDisposed, reportSubmitted, unitIndexUpdated } from '@sinergi/contracts';
import { waitFor } from '@sinergi/testkit';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { ROAD, YEAR, type H } from './fixtures.js';
import { descriptorErrors, rowErrors } from './public-fdp-validate.js';
import { BANDUNG, OFFICE, PALU, plantRegions, startReview, type PlantedRegions } from './review-fixtures.js';

let h: H;
let planted: PlantedRegions;

beforeAll(async () => {
  h = await startReview();
  planted = await plantRegions(h);
  const admin = await h.as.admin();
  const tags = await h.inject({
    method: 'PUT',
    url: `/v1/admin/years/${YEAR}/efficiency-tags`,
    headers: admin,
    payload: {
      tags: [{ code: 'perjalanan-dinas', label: 'perjalanan dinas', accounts: ['5.1.02.04'], basis: 'Inpres 1/2025' }],
    },
  });
  expect(tags.statusCode, tags.body).toBe(200);
  const mapping = await h.inject({
    method: 'PUT',
    url: `/v1/admin/years/${YEAR}/complaint-mapping`,
    headers: admin,
    payload: { mapping: [{ category: 'jalan-rusak', units: ['dinkes', 'dsdabm'], programs: ['1.03'] }] },
  });
  expect(mapping.statusCode, mapping.body).toBe(200);
  const settings = await h.inject({
    method: 'PUT',
    url: '/v1/admin/review-settings',
    headers: admin,
    payload: { unitStaff: { disdik: 120 } },
  });
  expect(settings.statusCode, settings.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

interface Flagged {
  lineItemId: string;
  unit: string;
  severity: string;
  anomalies: { kind: string; severity: string; reason: string }[];
}

const anomalies = async (tenant: string) => {
  const res = await h.inject({
    method: 'GET',
    url: `/v1/review/anomalies?year=${YEAR}`,
    headers: await h.as.tapd({ tenant }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { lines: number; flagged: Flagged[] };
};

interface Candidate {
  rank: number;
  unit: string;
  subActivity: string;
  score: number;
  components: Record<string, number>;
  reasons: string[];
  decision: { decision: string; saved: string } | null;
}

const candidates = async () => {
  const res = await h.inject({
    method: 'GET',
    url: `/v1/review/candidates?year=${YEAR}`,
    headers: await h.as.tapd(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { candidates: Candidate[] }).candidates;
};

describe('anomalies for TAPD', () => {
  it('flags the planted line at the highest severity with its reasons, and no normal line', async () => {
    const body = await anomalies(BANDUNG);
    expect(body.lines).toBe(planted.bandungLines.length);
    const abuse = body.flagged.find((f) => f.lineItemId === planted.pensAbuse)!;
    expect(abuse.severity).toBe('critical');
    const kinds = abuse.anomalies.map((a) => `${a.kind}:${a.severity}`);
    expect(kinds).toContain('total_above_peers:critical');
    expect(kinds).toContain('quantity_out_of_proportion:critical');
    const perStaff = abuse.anomalies.find((a) => a.reason.includes('pegawai'))!;
    expect(perStaff.reason).toContain('37.500,0 buah per bulan untuk 120 pegawai');
    // the normal lines, ballpoints and asphalt alike, raise nothing at warning or above
    const loud = body.flagged.filter((f) => f.lineItemId !== planted.pensAbuse && f.severity !== 'info');
    expect(loud).toEqual([]);
  });

  it('compares with other regions through aggregates only: no line of one region in the answer of another', async () => {
    const palu = await anomalies(PALU);
    const bandung = await anomalies(BANDUNG);
    // Palu's own units give two peers (fewer than three): Bandung's aggregates make the comparison possible
    const dinsos = palu.flagged.find((f) => f.lineItemId === planted.paluPens)!;
    const total = dinsos.anomalies.find((a) => a.kind === 'total_above_peers')!;
    expect(total.reason).toContain('di unit lain dan daerah lain');
    expect(total.severity).toBe('high');
    const paluText = JSON.stringify(palu);
    for (const id of planted.bandungLines) expect(paluText).not.toContain(id);
    const bandungText = JSON.stringify(bandung);
    for (const id of planted.paluLines) expect(bandungText).not.toContain(id);
    expect(palu.flagged.every((f) => f.unit !== 'disdik')).toBe(true);
  });

  it('answers nothing for an item fewer than three lines of other regions hold', async () => {
    // the asphalt exists only in Bandung: Palu asks for it and gets no row; Bandung asks and gets Palu's ballpoints
    const ask = (tenant: string) =>
      h.db.transaction().execute(async (trx) => {
        await sql`set local role sinergi_app`.execute(trx);
        await sql`select set_config('app.tenant', ${tenant}, true)`.execute(trx);
        return (
          await sql<{ item: string; n: number }>`select item, n from peer_item_aggregates(${YEAR}, ${[
            'HSPK-JLN-01',
            '1.1.12.01.01.0001',
          ]}::text[])`.execute(trx)
        ).rows;
      });
    expect(await ask(PALU)).toEqual([
      { item: '1.1.12.01.01.0001', n: 5 },
      { item: 'HSPK-JLN-01', n: 4 },
    ]);
    expect(await ask(BANDUNG)).toEqual([{ item: '1.1.12.01.01.0001', n: 3 }]);
    // and the application role reads no other region's line directly
    const direct = await h.db.transaction().execute(async (trx) => {
      await sql`set local role sinergi_app`.execute(trx);
      await sql`select set_config('app.tenant', ${BANDUNG}, true)`.execute(trx);
      return (await sql<{ n: number }>`select count(*)::int as n from line_item where tenant_id = ${PALU}`.execute(trx))
        .rows[0]!.n;
    });
    expect(direct).toBe(0);
  });
});

describe('candidates from signals', () => {
  it('ranks the ineffective sub-activity on top with its reasons; a signal delivered twice counts once', async () => {
    const submitted = await h.events.publish(reportSubmitted, {
      trackingId: 'LPR-TEST-0001',
      category: 'jalan-rusak',
      at: new Date().toISOString(),
      type: 'pengaduan',
      channel: 'web',
      suggestedUnit: 'dinkes',
      location: null,
      districtCode: null,
      villageCode: null,
      anonim: false,
      rahasia: false,
      source: null,
      dispositionDue: new Date().toISOString(),
    });
    await h.events.republish(submitted, `${submitted.id}-again`);
    await h.events.publish(reportDisposed, {
      trackingId: 'LPR-TEST-0001',
      category: 'jalan-rusak',
      at: new Date().toISOString(),
      unit: 'dinkes',
      previousUnit: null,
      followUpDue: new Date().toISOString(),
    });
    const breached = await h.events.publish(reportDeadlineBreached, {
      trackingId: 'LPR-TEST-0001',
      category: 'jalan-rusak',
      at: new Date().toISOString(),
      kind: 'follow-up',
      unit: 'dinkes',
      dueAt: new Date().toISOString(),
    });
    await h.events.republish(breached, `${breached.id}-again`);
    // a complaint in an unmapped category does not count
    await h.events.publish(reportSubmitted, {
      ...submitted.data,
      trackingId: 'LPR-TEST-0002',
      category: 'sampah',
    });
    const ikm = (value: number, at: string) => ({
      unit: 'dinkes',
      period: '2026',
      ikm: value,
      band: null,
      elements: null,
      respondents: 100,
      serviceUsers: 1000,
      minimumSample: 278,
      belowMinimumSample: true,
      at,
    });
    await h.events.publish(unitIndexUpdated, ikm(60, '2026-03-01T00:00:00Z'));
    // an older computation delivered later never replaces the newer one
    await h.events.publish(unitIndexUpdated, ikm(95, '2026-02-01T00:00:00Z'));

    const ranked = await waitFor(async () => {
      const list = await candidates();
      const top = list[0]!;
      return top.reasons.some((r) => r.includes('IKM')) && top.reasons.some((r) => r.includes('pengaduan'))
        ? list
        : undefined;
    }, 'the citizen signals to reach the scores');
    const top = ranked[0]!;
    expect([top.unit, top.subActivity]).toEqual(['dinkes', ROAD]);
    expect(top.reasons).toEqual([
      'tidak terkait RPJMD maupun Musrenbang',
      'biaya per keluaran 13,3x median unit lain',
      '1 pengaduan terlambat; IKM unit 60,00 (tidak baik)',
    ]);
    expect(top.components.efficiency).toBe(947);
    expect([ranked[1]!.unit, ranked[1]!.subActivity]).toEqual(['disdik', OFFICE]);
    expect(ranked[1]!.reasons[0]).toMatch(/^biaya per keluaran .*x median unit lain$/);
    // the well-planned roads of the other units are at the bottom with nothing against them
    for (const c of ranked.filter((x) => x.subActivity === ROAD && x.unit !== 'dinkes')) {
      expect(c.score).toBe(0);
      expect(c.reasons).toEqual([]);
    }
    const reports = await waitFor(async () => {
      const { rows } = await sql<{ n: number; overdue: number }>`
        select count(*)::int as n, count(*) filter (where overdue)::int as overdue from citizen_report
        where tenant_id = ${BANDUNG}`.execute(h.db);
      return rows[0]!.n === 2 ? rows[0] : undefined;
    }, 'the unmapped report to be held too');
    expect(reports).toEqual({ n: 2, overdue: 1 });
    // the kit's inbox saw each event id once, though two were delivered twice
    const inbox = await sql<{ n: number }>`
      select count(*)::int as n from inbox where consumer = 'budgeting-complaint-signals'`.execute(h.db);
    expect(inbox.rows[0]!.n).toBe(4);
    const held = await sql<{ ikm: string }>`select ikm::text from unit_ikm where unit = 'dinkes'`.execute(h.db);
    expect(held.rows).toEqual([{ ikm: '60.00' }]);
  });
});

describe('decisions and savings', () => {
  const decide = async (
    unit: string,
    code: string,
    payload: Record<string, unknown>,
    headers?: Record<string, string>,
  ) =>
    h.inject({
      method: 'PUT',
      url: `/v1/budgets/${YEAR}/units/${unit}/sub-activities/${code}/decision`,
      headers: headers ?? (await h.as.tapd()),
      payload,
    });

  it('refuses a cut without a reason, by a unit, or outside the review', async () => {
    const bare = await decide('dinkes', ROAD, { decision: 'cut' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors.map((e: { field: string }) => e.field)).toContain('reason');
    expect((await decide('dinkes', ROAD, { decision: 'cut', reason: 'x' }, await h.as.head('dinkes'))).statusCode).toBe(
      403,
    );
    const approve = await h.inject({
      method: 'POST',
      url: `/v1/budgets/${YEAR}/units/dsdabm/approve`,
      headers: await h.as.tapd(),
      payload: {},
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const late = await decide('dsdabm', ROAD, { decision: 'cut', reason: 'terlambat' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'budget_not_editable', currentStatus: 'approved' });
    expect((await decide('dinkes', '9.99.99.2.01.0001', { decision: 'keep' })).statusCode).toBe(404);
  });

  it('cuts a candidate: every line zeroed, audited and announced; a keep is recorded; the savings are public', async () => {
    const reason = 'tidak terkait RPJMD maupun Musrenbang';
    const cut = await decide('dinkes', ROAD, { decision: 'cut', reason });
    expect(cut.statusCode, cut.body).toBe(200);
    expect(cut.json()).toMatchObject({ decision: 'cut', lines: 2, saved: '272220000' });
    expect((await decide('dinkes', ROAD, { decision: 'keep' })).json().code).toBe('decision_final');
    const keep = await decide('disdik', OFFICE, { decision: 'keep', reason: 'diperiksa: akan dirasionalisasi' });
    expect(keep.statusCode, keep.body).toBe(200);

    const unit = await h.inject({
      method: 'GET',
      url: `/v1/budgets/${YEAR}/units/dinkes`,
      headers: await h.as.tapd(),
    });
    const lines = unit.json().lineItems as { subActivity: string; total: string }[];
    expect(lines.filter((l) => l.subActivity === ROAD).map((l) => l.total)).toEqual(['0', '0']);
    expect(lines.find((l) => l.subActivity === OFFICE)!.total).toBe('5040000');

    const events = await h.events.published<{ before: string; after: string; reason: string }>(
      'sinergi.budgeting.line-item.cut.v1',
    );
    expect(events.map((e) => [e.data.before, e.data.after, e.data.reason]).sort()).toEqual([
      ['246420000', '0', reason],
      ['25800000', '0', reason],
    ]);
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
    const actions = await sql<{ action: string }>`
      select action from audit_entry where tenant_id = ${BANDUNG} and year = ${YEAR}
      and action in ('line_item.cut', 'sub_activity.cut', 'sub_activity.keep') order by seq`.execute(h.db);
    expect(actions.rows.map((r) => r.action)).toEqual([
      'line_item.cut',
      'line_item.cut',
      'sub_activity.cut',
      'sub_activity.keep',
    ]);

    const ranked = await candidates();
    expect(ranked.find((c) => c.unit === 'dinkes' && c.subActivity === ROAD)!.decision).toMatchObject({
      decision: 'cut',
      saved: '272220000',
    });
    expect((await anomalies(BANDUNG)).lines).toBe(planted.bandungLines.length - 2);

    const savings = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}/savings?tenant=${BANDUNG}` });
    expect(savings.statusCode, savings.body).toBe(200);
    expect(savings.json()).toMatchObject({
      activities: 1,
      saved: '272220000',
      summary: '1 sub kegiatan dihapus, Rp 272.220.000 dihemat',
      units: [{ unit: 'dinkes', unitName: 'Dinas Kesehatan', reason, activities: 1, lines: 2, saved: '272220000' }],
    });
    const csv = await h.inject({
      method: 'GET',
      url: `/v1/public/budgets/${YEAR}/savings?tenant=${BANDUNG}&format=csv`,
    });
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      'fiscal_year,unit,unit_name,reason,activities,lines,saved,currency',
      `${YEAR},dinkes,Dinas Kesehatan,${reason},1,2,272220000,IDR`,
    ]);
    // the same table is the Fiscal Data Package's second resource, valid against the Data Package profile
    const dp = (
      await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}/datapackage.json?tenant=${BANDUNG}` })
    ).json();
    expect(descriptorErrors(dp)).toEqual([]);
    const resource = dp.resources.find((r: { name: string }) => r.name === 'penghematan');
    expect(resource.path).toBe(`savings?format=csv&tenant=${BANDUNG}`);
    const fromPackage = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}/${resource.path}` });
    expect(fromPackage.body).toBe(csv.body);
    expect(fromPackage.body.split('\r\n')[0]).toBe(
      resource.schema.fields.map((f: { name: string }) => f.name).join(','),
    );
    const rows = parse(fromPackage.body, { columns: true }) as Record<string, string>[];
    expect(rowErrors(resource.schema, rows)).toEqual([]);
    expect(rowErrors(resource.schema, [{ ...rows[0]!, saved: '-1' }, rows[0]!])).toEqual([
      expect.stringMatching(/^row 1: \/saved/),
      expect.stringMatching(/^row 2: duplicate primary key/),
    ]);
    // and it adds up to the report: N activities removed, Rp X saved
    expect(rows.reduce((n, r) => n + BigInt(r.saved!), 0n).toString()).toBe(savings.json().saved);
    expect(rows.reduce((n, r) => n + Number(r.activities), 0)).toBe(savings.json().activities);
    const palu = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}/savings?tenant=${PALU}` });
    expect(palu.json()).toMatchObject({ activities: 0, saved: '0', units: [] });
  });
});
