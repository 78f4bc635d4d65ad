/**
 * Short ways to drive reports through the HTTP API and to look at what a transition left behind
 * (the report row, its timeline, its outbox events) with the owner connection. Used by the
 * workflow, privacy, duplicates and isolation tests.
 */
import { expect } from 'vitest';
import { sql } from 'kysely';
import { aReport, type Harness } from './fixtures.js';

export type { Harness };
export type Headers = Record<string, string>;
export interface SubmittedBody {
  trackingId: string;
  secret: string;
  status: string;
  supporting: string | null;
  dispositionDue: string;
}
export interface OutboxEvent {
  type: string;
  created_at: Date;
  text: string;
  event: { id: string; subject: string; tenant: string; data: Record<string, unknown> };
}

/** Many tests submit from the same address: lift the public rate limit for them. */
export const TEST_SERVICE_ENV = { SUBMIT_RATE_PER_MINUTE: '100000' };

export const type = (name: string) => `sinergi.complaints.report.${name}.v1`;

/** The reporter from fixtures.ts's aReport, in every form it may take in a row, event or response. */
export const REPORTER_TRACES = [
  'Siti',
  'Rahmawati',
  '0812-3456-7890',
  '81234567890',
  'siti.r@example.com',
  '3273024507900001',
];

export function reportsApi(c: Harness) {
  const api = {
    async submitRaw(payload: Record<string, unknown>, headers: Headers = {}, query = '') {
      return c.app.inject({ method: 'POST', url: `/v1/reports${query}`, payload, headers });
    },
    async submit(overrides: Record<string, unknown> = {}, headers: Headers = {}, query = ''): Promise<SubmittedBody> {
      const res = await api.submitRaw(aReport(overrides), headers, query);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as SubmittedBody;
    },
    act(trackingId: string, path: string, headers: Headers, payload: Record<string, unknown> = {}) {
      return c.app.inject({
        method: 'POST',
        url: `/v1/staff/reports/${encodeURIComponent(trackingId)}/${path}`,
        headers,
        payload,
      });
    },
    /** Acts and expects success; returns the staff view. */
    async actOk(trackingId: string, path: string, headers: Headers, payload: Record<string, unknown> = {}) {
      const res = await api.act(trackingId, path, headers, payload);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    asReporter(r: { trackingId: string; secret: string }, path: string, payload: Record<string, unknown> = {}) {
      return c.app.inject({
        method: 'POST',
        url: `/v1/reports/${encodeURIComponent(r.trackingId)}/${path}`,
        headers: { 'x-report-secret': r.secret },
        payload,
      });
    },
    staffGet(trackingId: string, headers: Headers) {
      return c.app.inject({ method: 'GET', url: `/v1/staff/reports/${encodeURIComponent(trackingId)}`, headers });
    },
    async staffView(trackingId: string, headers: Headers) {
      const res = await api.staffGet(trackingId, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    publicGet(trackingId: string, opts: { secret?: string; query?: string; headers?: Headers } = {}) {
      return c.app.inject({
        method: 'GET',
        url: `/v1/reports/${encodeURIComponent(trackingId)}${opts.query ?? ''}`,
        headers: { ...(opts.secret ? { 'x-report-secret': opts.secret } : {}), ...opts.headers },
      });
    },
    patchPrivacy(trackingId: string, headers: Headers, payload: Record<string, unknown>) {
      return c.app.inject({
        method: 'PATCH',
        url: `/v1/staff/reports/${encodeURIComponent(trackingId)}/privacy`,
        headers,
        payload,
      });
    },
    /** The events written for one report (the outbox relay must be stopped so rows stay). */
    async events(trackingId: string): Promise<OutboxEvent[]> {
      const r = await sql<OutboxEvent>`
        select type, created_at, event, event::text as text from outbox where event->>'subject' = ${trackingId} order by created_at, type`.execute(
        c.db,
      );
      return r.rows;
    },
    async eventTypes(trackingId: string) {
      return (await api.events(trackingId)).map((e) => e.type).sort();
    },
    async row(trackingId: string) {
      const r = await sql<
        Record<string, unknown> & { text: string }
      >`select r.*, row_to_json(r)::text as text from report r where tracking_id = ${trackingId}`.execute(c.db);
      return r.rows[0]!;
    },
    async timelineRows(trackingId: string) {
      const r = await sql<{
        action: string;
        actor: string;
        actor_role: string;
        at: Date;
        note: string | null;
        from_status: string | null;
        to_status: string;
        unit: string | null;
      }>`
        select t.* from report_timeline t join report r on r.id = t.report_id where r.tracking_id = ${trackingId} order by t.at, t.id`.execute(
        c.db,
      );
      return r.rows;
    },
  };
  return api;
}

/** Keeps outbox rows in place so tests can read them: the relay deletes what it published. */
export async function holdOutbox(c: Harness) {
  await c.service.relay.stop();
}

/** A test file's complaints with the outbox held (events stay readable), its reports API and an admin. */
export async function startHeld(start: (env: Record<string, string>) => Promise<Harness>) {
  const c = await start(TEST_SERVICE_ENV);
  await holdOutbox(c);
  return { c, api: reportsApi(c), admin: await c.as.admin() };
}
