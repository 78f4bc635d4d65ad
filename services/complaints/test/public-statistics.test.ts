/**
 * The public statistics against the real service, PostgreSQL and NATS: numbers for reports moved
 * through the workflow with the staff endpoints and then set to known instants, per unit and
 * category, load evenness, periods, and no per-report detail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BANDUNG } from './fixtures.js';
import {
  asReporter,
  c,
  expectNoReporter,
  get,
  staff,
  submit,
  usePublicHarness,
  type Submitted,
} from './public-setup.js';

usePublicHarness();

describe('public statistics', () => {
  const admin = () => c.as.admin();
  const officer = (unit: string) => c.as.officer(unit);
  const at = (iso: string) => new Date(iso);
  /** Moves a report's milestones to known instants (the API has no clock to set). */
  const setTimes = (r: Submitted, t: Record<string, string>) =>
    sql`update report set ${sql.join(Object.entries(t).map(([col, v]) => sql`${sql.ref(col)} = ${at(v)}`))} where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );

  let rahasia: Submitted;
  beforeAll(async () => {
    const spot = (i: number) => ({ lat: -6.9 - i * 0.01, lon: 107.58 + i * 0.01 });
    const due = '2024-03-11T17:00:00Z';
    // S1: dsdabm, followed up in 24 h (met), accepted and closed
    const s1 = await submit({ location: spot(1) });
    // S9: a duplicate of S1: supports it, counts nowhere
    const s9 = await submit({ location: { lat: spot(1).lat + 0.0001, lon: spot(1).lon } });
    expect(s9.status).toBe('supporting');
    await staff(s1.trackingId, 'dispose', await admin());
    await staff(s1.trackingId, 'respond', await officer('dsdabm'), { note: 'Tim survei' });
    await staff(s1.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Lubang sudah ditambal.' });
    await asReporter(s1, 'accept', { note: 'Terima kasih' });
    await setTimes(s1, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-05T03:00:00Z',
      closed_at: '2024-03-06T03:00:00Z',
    });
    await setTimes(s9, { submitted_at: '2024-03-04T02:00:00Z' });
    // S2: dsdabm, followed up in 48 h (met)
    const s2 = await submit({ location: spot(2) });
    await staff(s2.trackingId, 'dispose', await admin());
    await staff(s2.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Sudah diperbaiki tim.' });
    await setTimes(s2, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-06T03:00:00Z',
    });
    // S3: dishub (lampu jalan), followed up after 240 h: past the deadline
    const s3 = await submit({ category: 'lampu-jalan-mati', location: spot(3) });
    await staff(s3.trackingId, 'dispose', await admin());
    await staff(s3.trackingId, 'follow-up', await officer('dishub'), { resolution: 'Lampu sudah diganti.' });
    await setTimes(s3, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-14T03:00:00Z',
    });
    // S4: rahasia, disposed to dsdabm, waiting: real workload, counted
    rahasia = await submit({ rahasia: true, title: 'Laporan rahasia soal proyek jalan', location: spot(4) });
    await staff(rahasia.trackingId, 'dispose', await admin());
    await setTimes(rahasia, {
      submitted_at: '2024-03-10T01:00:00Z',
      disposed_at: '2024-03-10T03:00:00Z',
      followup_due: '2024-03-15T17:00:00Z',
    });
    // S5: sampah, waiting for verification
    const s5 = await submit({ category: 'sampah', location: spot(5) });
    await setTimes(s5, { submitted_at: '2024-03-20T01:00:00Z' });
    // S6: disposed to dsdabm, re-disposed to dishub: counts once, for dishub
    const s6 = await submit({ location: spot(6) });
    await staff(s6.trackingId, 'dispose', await admin());
    await staff(s6.trackingId, 'redispose', await admin(), { unit: 'dishub' });
    await setTimes(s6, {
      submitted_at: '2024-03-12T01:00:00Z',
      disposed_at: '2024-03-13T03:00:00Z',
      followup_due: '2024-03-20T17:00:00Z',
    });
    // S7: followed up, then disputed by the reporter: the follow-up no longer stands
    const s7 = await submit({ location: spot(7) });
    await staff(s7.trackingId, 'dispose', await admin());
    await staff(s7.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Sudah ditangani.' });
    await asReporter(s7, 'dispute', { note: 'Belum diperbaiki' });
    await setTimes(s7, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followed_up_at: '2024-03-05T03:00:00Z',
      followup_due: '2024-03-12T17:00:00Z',
    });
    // S8: received and disposed in February, followed up (late, 480 h) in March
    const s8 = await submit({ location: spot(8) });
    await staff(s8.trackingId, 'dispose', await admin());
    await staff(s8.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Akhirnya diperbaiki.' });
    await setTimes(s8, {
      submitted_at: '2024-02-10T01:00:00Z',
      disposed_at: '2024-02-10T03:00:00Z',
      followup_due: '2024-02-16T17:00:00Z',
      followed_up_at: '2024-03-02T03:00:00Z',
    });
    // S10: received today and left there, so the default period (the last 30 days) has a report to count
    await submit({ location: spot(9) });
  });

  const march = async () => {
    const res = await get('/v1/public/statistics?from=2024-03-01&to=2024-03-31');
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('counts received, disposed, followed up and closed, with the median time to follow-up and the share within the deadline', async () => {
    const s = (await march()).json();
    expect(s.region).toEqual({ code: '32.73', name: 'Kota Bandung' });
    expect(s.period).toEqual({ from: '2024-03-01', to: '2024-03-31', timeZone: 'Asia/Jakarta', days: 31 });
    // received S1-S7; disposed S1,S2,S3,S4,S6,S7; standing follow-ups S1,S2,S3,S8; closed S1; met S1,S2
    expect(s.totals).toEqual({
      received: 7,
      disposed: 6,
      followedUp: 4,
      closed: 1,
      withinDeadline: 2,
      shareWithinDeadline: 0.5,
      medianHoursToFollowUp: 144,
      escalated: 0,
      escalatedToOversight: 0,
    });
  });

  it('breaks the numbers down per unit (including the rahasia report’s workload) and per category', async () => {
    const s = (await march()).json();
    const unit = (code: string) => s.units.find((u: { unit: string }) => u.unit === code);
    expect(unit('dsdabm')).toEqual({
      unit: 'dsdabm',
      name: 'Dinas Sumber Daya Air dan Bina Marga',
      received: 4,
      disposed: 4,
      followedUp: 3,
      closed: 1,
      withinDeadline: 2,
      shareWithinDeadline: 0.6667,
      medianHoursToFollowUp: 48,
      loadShare: 0.6667,
      escalated: 0,
      escalatedToOversight: 0,
    });
    expect(unit('dishub')).toMatchObject({
      received: 2,
      disposed: 2,
      followedUp: 1,
      closed: 0,
      withinDeadline: 0,
      shareWithinDeadline: 0,
      medianHoursToFollowUp: 240,
      loadShare: 0.3333,
    });
    expect(unit('dinkes')).toMatchObject({
      received: 0,
      disposed: 0,
      followedUp: 0,
      medianHoursToFollowUp: null,
      shareWithinDeadline: null,
      loadShare: 0,
    });
    expect(s.units).toHaveLength(BANDUNG.units.length);
    const category = (code: string) => s.categories.find((x: { category: string }) => x.category === code);
    expect(category('jalan-rusak')).toMatchObject({
      received: 5,
      disposed: 5,
      followedUp: 3,
      closed: 1,
      withinDeadline: 2,
      medianHoursToFollowUp: 48,
    });
    expect(category('lampu-jalan-mati')).toMatchObject({ received: 1, disposed: 1, followedUp: 1, withinDeadline: 0 });
    expect(category('sampah')).toMatchObject({ received: 1, disposed: 0 });
    expect(s.categories).toHaveLength(BANDUNG.complaintCategories.length);
  });

  it('measures how evenly the load spreads as a Gini coefficient over every unit of the directory', async () => {
    const s = (await march()).json();
    const n = BANDUNG.units.length;
    // loads 4 and 2 and n-2 idle units: sum over ordered pairs of |xi-xj| = 2*(2 + 6(n-2)); 2 n^2 mean = 12 n
    const expected = (2 * (2 + 6 * (n - 2))) / (12 * n);
    expect(s.evenness.units).toBe(n);
    expect(s.evenness.unitsWithLoad).toBe(2);
    expect(s.evenness.gini).toBeCloseTo(expected, 4);
  });

  it('shows no per-report detail, so the rahasia report is nowhere in it', async () => {
    const res = await march();
    expect(res.body).not.toContain(rahasia.trackingId);
    expect(res.body).not.toContain('Laporan rahasia');
    expect(res.body).not.toMatch(/LPR-/);
    expectNoReporter(res.body);
  });

  it('counts a period by its own instants: February sees S8 received and disposed, not followed up', async () => {
    const feb = (await get('/v1/public/statistics?from=2024-02-01&to=2024-02-29')).json();
    expect(feb.totals).toMatchObject({
      received: 1,
      disposed: 1,
      followedUp: 0,
      closed: 0,
      medianHoursToFollowUp: null,
    });
    expect(feb.evenness.gini).toBeCloseTo((BANDUNG.units.length - 1) / BANDUNG.units.length, 4);
  });

  it('defaults to the last 30 days in the region and refuses periods over 366 days or reversed', async () => {
    const res = await get('/v1/public/statistics');
    expect(res.statusCode, res.body).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    expect(res.json().period).toMatchObject({ to: today, days: 30, timeZone: 'Asia/Jakarta' });
    expect(res.json().totals.received).toBeGreaterThan(0);
    const long = await get('/v1/public/statistics?from=2023-01-01&to=2024-01-02');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'period_too_long', errors: [{ in: 'querystring', field: 'to' }] });
    expect((await get('/v1/public/statistics?from=2024-01-01&to=2024-12-31')).statusCode).toBe(200);
    expect((await get('/v1/public/statistics?from=2024-03-02&to=2024-03-01')).json()).toMatchObject({
      code: 'period_reversed',
    });
    expect((await get('/v1/public/statistics?from=2024-13-01')).statusCode).toBe(400);
  });
});
