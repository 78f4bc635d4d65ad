import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { aReport, startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
beforeAll(async () => {
  c = await startComplaints();
});
afterAll(async () => {
  await c?.stop();
});

describe('a retried report submission', () => {
  it('when POST /v1/reports is retried with the same Idempotency-Key, then one report and one event exist and the retry gets the first answer', async () => {
    // events stay in the outbox, where they can be counted
    await c.service.relay.stop();
    try {
      const submit = () =>
        c.app.inject({
          method: 'POST',
          url: '/v1/reports',
          headers: { 'idempotency-key': 'b6f1c1d4-retry-1' },
          payload: aReport({ title: 'Dikirim ulang setelah sinyal putus' }),
        });
      const first = await submit();
      const retry = await submit();
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      const reports = await sql<{
        tracking_id: string;
      }>`select tracking_id from report where title = 'Dikirim ulang setelah sinyal putus'`.execute(c.db);
      expect(reports.rows).toHaveLength(1);
      const events =
        await sql`select 1 from outbox where subject like '%.report.%' and event->>'subject' = ${reports.rows[0]!.tracking_id}`.execute(
          c.db,
        );
      expect(events.rows).toHaveLength(1);

      const other = await c.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: { 'idempotency-key': 'b6f1c1d4-retry-1' },
        payload: aReport({ title: 'Laporan lain dengan kunci yang sama' }),
      });
      expect(other.statusCode).toBe(422);
      expect(other.json().code).toBe('idempotency_key_reused');
    } finally {
      c.service.relay.start();
    }
  });

  it('when an Open311 request is retried with the same Idempotency-Key, then one report exists and the retry gets the same answer', async () => {
    const keyRes = await c.app.inject({
      method: 'POST',
      url: '/v1/open311-keys',
      headers: await c.as.admin(),
      payload: { name: 'Aplikasi Warga' },
    });
    const fields = {
      api_key: keyRes.json().key as string,
      service_code: 'jalan-rusak',
      lat: '-6.95000',
      long: '107.70000',
      description: 'Lampu jalan mati di ujung gang, dikirim ulang oleh aplikasi.',
    };
    const send = () =>
      c.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'open311-retry-1' },
        payload: new URLSearchParams(fields).toString(),
      });
    const first = await send();
    const retry = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const reports = await sql`select 1 from report where description = ${fields.description}`.execute(c.db);
    expect(reports.rows).toHaveLength(1);
  });
});
