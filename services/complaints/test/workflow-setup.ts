/**
 * The workflow tests' shared set-up: one complaints per test file (live bindings: read them inside
 * tests and hooks), callers of each role, and what a transition leaves behind.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startComplaints, type Harness } from './fixtures.js';
import {
  holdOutbox,
  REPORTER_TRACES,
  reportsApi,
  TEST_SERVICE_ENV,
  type,
  type Headers,
  type OutboxEvent,
} from './report-helpers.js';

export let c: Harness;
export let api: ReturnType<typeof reportsApi>;
export let admin: Headers;
export let auditor: Headers;
export let citizen: Headers;
export let integrator: Headers;
export let dsdabm: Headers;
export let dishub: Headers;

/** Starts complaints for the calling test file (the outbox held, so events stay readable). */
export function useWorkflowHarness(): void {
  beforeAll(async () => {
    c = await startComplaints(TEST_SERVICE_ENV);
    await holdOutbox(c);
    api = reportsApi(c);
    [admin, auditor, citizen, integrator, dsdabm, dishub] = await Promise.all([
      c.as.admin(),
      c.as.auditor(),
      c.as.citizen(),
      c.as.integrator(),
      c.as.officer('dsdabm'),
      c.as.officer('dishub'),
    ]);
  });
  afterAll(async () => c?.stop());
}

// every report in this file gets its own spot, so none is taken for a duplicate of another
let spot = 0;
export const somewhere = () => {
  spot += 1;
  return { lat: -6.95 + spot * 0.01, lon: 107.55 + (spot % 7) * 0.01 };
};
export const submit = (overrides: Record<string, unknown> = {}, headers: Headers = {}) =>
  api.submit({ location: somewhere(), ...overrides }, headers);

export const calendar = () => c.service.ctx.calendar('32.73');

export interface TimelineEntry {
  at: string;
  action: string;
  from: string | null;
  to: string;
  unit: string | null;
  note: string | null;
  actor: string;
}
export const timelineOf = async (trackingId: string): Promise<TimelineEntry[]> =>
  (await api.staffView(trackingId, admin)).timeline;
export const last = <T>(xs: T[]) => xs[xs.length - 1]!;

export const statusChanges = (events: OutboxEvent[]) =>
  events
    .filter((e) => e.type === type('status-changed'))
    .map((e) => ({ action: e.event.data.action, from: e.event.data.from, to: e.event.data.to }));

/** No event of a report may carry the reporter's name, phone, e-mail or NIK. */
export const expectNoReporterInEvents = (events: OutboxEvent[]) => {
  for (const e of events)
    for (const trace of REPORTER_TRACES) expect(e.text, `${e.type} carries ${trace}`).not.toContain(trace);
};

/** A refused request changes nothing: same status, no timeline entry, no event. */
export const expectUnchanged = async (
  trackingId: string,
  status: string,
  before: { timeline: number; events: number },
) => {
  const view = await api.staffView(trackingId, admin);
  expect(view.status).toBe(status);
  expect(view.timeline).toHaveLength(before.timeline);
  expect(await api.events(trackingId)).toHaveLength(before.events);
};
export const counts = async (trackingId: string) => ({
  timeline: (await timelineOf(trackingId)).length,
  events: (await api.events(trackingId)).length,
});
