import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localDate } from '@sinergi/service-kit';
import { counterToken, failingFields, rate, startRating, type RatingHarness } from './fixtures.js';
import { minimumSample } from '../src/skm/sample.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating({ PAPER_BATCH_MAX_FORMS: '500' });
});
afterAll(async () => {
  await h?.stop();
});

const today = localDate(new Date(), 'Asia/Jakarta');
const MONTH = today.slice(0, 7);
// a fixed mix of answers, so the expected index can be worked out by hand
const PATTERNS = [
  [4, 4, 3, 4, 3, 3, 4, 4, 3],
  [3, 3, 3, 2, 3, 4, 4, 3, 3],
  [2, 3, 2, 3, 3, 3, 3, 2, 2],
];
const forms = (n: number) => Array.from({ length: n }, (_, i) => ({ answers: PATTERNS[i % 3]! }));
const paperCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from rating where system = 'paper'`.execute(h.db)).rows[0]!.n);

async function batch(body: Record<string, unknown>, headers?: Record<string, string>) {
  return h.inject({
    method: 'POST',
    url: '/v1/staff/paper-batches',
    headers: headers ?? (await h.as.officer('dishub', { sub: 'petugas-arsip' })),
    payload: { serviceType: 'uji-kir', period: MONTH, archiveReference: `BOX-${Math.random()}`, ...body },
  });
}
const ikmOf = async (unit: string) =>
  (await h.inject({ method: 'GET', url: `/v1/public/units/${unit}/ikm?period=${MONTH}` })).json();

describe('paper questionnaires entered in batches', () => {
  it('counts each paper form exactly like an online answer in the IKM', async () => {
    for (const answers of PATTERNS) {
      const t = await counterToken(h, { unit: 'dlh', serviceType: 'uji-kir' });
      expect((await rate(h, { token: t.token, answers })).statusCode).toBe(201);
    }
    const res = await batch({ forms: forms(3) }, await h.as.officer('dinkes'));
    expect(res.statusCode).toBe(201);
    const [online, paper] = [await ikmOf('dlh'), await ikmOf('dinkes')];
    expect(paper.respondents).toBe(3);
    expect(paper.ikm).toBe(online.ikm);
    expect(paper.band).toBe(online.band);
    expect(paper.elements).toEqual(online.elements);
    expect(paper.respondentsByKind).toEqual({ complaints: 0, licensing: 0, counter: 0, paper: 3 });
  });

  it('takes 431 forms in one request; they count as respondents and as service users of the period', async () => {
    // five walk-ins got a link and did not answer; 431 others filled in paper
    for (let i = 0; i < 5; i++) await counterToken(h, { unit: 'dishub', serviceType: 'uji-kir' });
    const res = await batch({ forms: forms(431), archiveReference: 'ARSIP-UJIKIR-2026-11-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ forms: 431, unit: 'dishub', enteredBy: 'petugas-arsip', period: MONTH });
    const r = await ikmOf('dishub');
    expect(r.respondents).toBe(431);
    expect(r.respondentsByKind.paper).toBe(431);
    // N = the 5 invited + 431 on paper, not the larger of the two
    expect(r.serviceUsers).toBe(436);
    expect(r.minimumSample).toBe(minimumSample(436));
    expect(r.belowMinimumSample).toBe(false);
    // the quarter and the year containing the month count them too
    const year = (
      await h.inject({ method: 'GET', url: `/v1/public/units/dishub/ikm?period=${MONTH.slice(0, 4)}` })
    ).json();
    expect(year.respondents).toBe(431);
  });

  it('refuses the whole batch when any form is bad, naming every row, and records nothing', async () => {
    const before = await paperCount();
    const bad = forms(20);
    bad[2] = { answers: [4, 4, 4, 4, 5, 4, 4, 4, 4] };
    bad[7] = { answers: [4, 4, 4] };
    const schema = await batch({ forms: bad });
    expect([schema.statusCode, schema.json().code]).toEqual([400, 'validation_failed']);
    expect(failingFields(schema)).toEqual(['forms.2.answers.4', 'forms.7.answers']);
    const dated = forms(10).map((f, i) => (i === 4 ? { ...f, filledOn: '2001-01-05' } : { ...f, filledOn: today }));
    const wrongDay = await batch({ forms: dated });
    expect([wrongDay.statusCode, wrongDay.json().code]).toEqual([422, 'paper_batch_invalid']);
    expect(failingFields(wrongDay)).toEqual(['forms.4.filledOn']);
    const tooMany = await batch({ forms: forms(501) });
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([422, 'paper_batch_invalid']);
    expect(await paperCount()).toBe(before);
  });

  it('takes a CSV file, all or nothing, with a report of each bad line', async () => {
    const post = async (csv: string, query: string) =>
      h.inject({
        method: 'POST',
        url: `/v1/staff/paper-batches/csv?${query}`,
        headers: { ...(await h.as.head('dsdabm', { sub: 'kabid-dsdabm' })), 'content-type': 'text/csv' },
        payload: csv,
      });
    const header = 'a1,a2,a3,a4,a5,a6,a7,a8,a9,sex,ageBand,education,occupation,filledOn';
    const query = `serviceType=izin-galian&period=${MONTH}&archiveReference=${encodeURIComponent('Lemari 2, map "B"')}`;
    const before = await paperCount();
    const bad = await post(
      [header, `4,4,4,4,4,4,4,4,4,P,30-39,s1,pns,${today}`, '4,4,x,4,4,4,4,4,4,,,,,', '3,3,3,3,3,3,3,3,3,Q,,,,'].join(
        '\r\n',
      ),
      query,
    );
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'paper_batch_invalid']);
    expect(failingFields(bad)).toEqual(['line 3: a3', 'line 4: sex']);
    expect(bad.json().rejectedRows).toBe(2);
    expect(await paperCount()).toBe(before);

    const ok = await post(
      [header, `4,4,4,4,4,4,4,4,4,P,30-39,s1,pns,${today}`, '3,3,3,3,3,3,3,3,3,,,,,', '2,2,2,2,2,2,2,2,2,L,,,,'].join(
        '\n',
      ),
      query,
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ forms: 3, unit: 'dsdabm', archiveReference: 'Lemari 2, map "B"' });
    const r = await ikmOf('dsdabm');
    // 27 + 36 + 18 = 81 answer points over 3 respondents and 9 elements: 25 × 81 / 27 = 75.00
    expect([r.respondents, r.ikm, r.respondentsByKind.paper]).toEqual([3, 75, 3]);
    const rows = (
      await sql<{ sex: string | null; age_band: string | null }>`
        select sex, age_band from rating where unit = 'dsdabm' order by a1 desc`.execute(h.db)
    ).rows;
    expect(rows).toEqual([
      { sex: 'P', age_band: '30-39' },
      { sex: null, age_band: null },
      { sex: 'L', age_band: null },
    ]);
    const header2 = await post(
      'a1,a2,a3,a4,a5,a6,a7,a8,nama\n1,1,1,1,1,1,1,1,Budi',
      'serviceType=x&period=' + MONTH + '&archiveReference=z',
    );
    expect(failingFields(header2)).toEqual(['header']);
  });

  it('is limited to the caller’s unit, an open month and one batch per archive reference', async () => {
    const other = await batch({ unit: 'dlh', forms: forms(2) });
    expect([other.statusCode, other.json().code]).toEqual([403, 'forbidden_unit']);
    const next = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5)), 15));
    const future = await batch({ forms: forms(2), period: next.toISOString().slice(0, 7) });
    expect([future.statusCode, future.json().code]).toEqual([422, 'paper_period_closed']);
    const old = await batch({ forms: forms(2), period: '2024-01' });
    expect([old.statusCode, old.json().code]).toEqual([422, 'paper_period_closed']);
    const first = await batch({ forms: forms(2), archiveReference: 'BOX-7' });
    expect(first.statusCode).toBe(201);
    const again = await batch({ forms: forms(2), archiveReference: 'BOX-7' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'paper_batch_exists']);
    const citizen = await batch({ forms: forms(2) }, await h.as.citizen());
    expect(citizen.statusCode).toBe(403);
  });

  it('keeps who entered each batch, when and from which archive; officers see their own unit’s', async () => {
    const mine = (
      await h.inject({ method: 'GET', url: '/v1/staff/paper-batches', headers: await h.as.officer('dishub') })
    ).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((b: { unit: string }) => b.unit === 'dishub')).toBe(true);
    expect(
      mine.find((b: { archiveReference: string }) => b.archiveReference === 'ARSIP-UJIKIR-2026-11-01'),
    ).toMatchObject({
      forms: 431,
      enteredBy: 'petugas-arsip',
      serviceType: 'uji-kir',
    });
    const all = (
      await h.inject({ method: 'GET', url: '/v1/staff/paper-batches', headers: await h.as.auditor() })
    ).json().items;
    expect(new Set(all.map((b: { unit: string }) => b.unit))).toEqual(new Set(['dishub', 'dinkes', 'dsdabm']));
    const peek = await h.inject({
      method: 'GET',
      url: '/v1/staff/paper-batches?unit=dishub',
      headers: await h.as.officer('dlh'),
    });
    expect([peek.statusCode, peek.json().code]).toEqual([403, 'forbidden_unit']);
  });
});
