/**
 * The public-surface tests' shared set-up: one complaints per test file with the submission rate
 * lifted (live binding: read `c` inside tests and hooks), short ways to submit and move reports, and
 * the check that no reporter shows in a public response.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { aReport, startComplaints, type Harness } from './fixtures.js';

export let c: Harness;

/** Starts complaints for the calling test file. */
export function usePublicHarness(): void {
  beforeAll(async () => {
    c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '100000' });
  });
  afterAll(async () => c?.stop());
}

export type Submitted = { trackingId: string; secret: string; status: string };
export const submit = async (overrides: Record<string, unknown> = {}, query = ''): Promise<Submitted> => {
  const res = await c.app.inject({ method: 'POST', url: `/v1/reports${query}`, payload: aReport(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
export const staff = async (
  trackingId: string,
  path: string,
  headers: Record<string, string>,
  payload: Record<string, unknown> = {},
) => {
  const res = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${trackingId}/${path}`, headers, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
export const asReporter = async (r: Submitted, path: string, payload: Record<string, unknown> = {}) => {
  const res = await c.app.inject({
    method: 'POST',
    url: `/v1/reports/${r.trackingId}/${path}`,
    headers: { 'x-report-secret': r.secret },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
};
export const get = (url: string) => c.app.inject({ method: 'GET', url });
export const ids = (items: { trackingId: string }[]) => items.map((i) => i.trackingId).sort();

/** Every form the two reporters' identities could take in a response body. */
export const REPORTER_TRACES = [
  'Siti',
  'Rahmawati',
  '0812-3456-7890',
  '81234567890',
  'siti.r@example.com',
  '3273024507900001',
  'Budi',
  'Santoso',
  '0813-9999-1111',
  '81399991111',
  'budi.s@example.com',
];
export const expectNoReporter = (body: string) => {
  for (const trace of REPORTER_TRACES) expect(body, `found ${trace}`).not.toContain(trace);
  expect(body).not.toMatch(/"reporter"|"reporter_|"nik"|"phone"|"email"/);
};
