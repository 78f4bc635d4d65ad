import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterToken, rate, startRating, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

describe('retried creates with an Idempotency-Key', () => {
  it('when a counter link is requested twice with the same key, then one invitation exists and the retry gets the same link', async () => {
    const request = async () =>
      h.inject({
        method: 'POST',
        url: '/v1/staff/counter-tokens?tenant=32.73',
        headers: { ...(await h.as.officer('disdukcapil')), 'idempotency-key': 'loket-3-antrian-17' },
        payload: { unit: 'disdukcapil', serviceType: 'ktp-el', reference: 'A-LOKET3-17' },
      });
    const first = await request();
    const retry = await request();
    expect(first.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const invitations = await sql`select 1 from invitation where id = ${first.json().invitationId}`.execute(h.db);
    expect(invitations.rows).toHaveLength(1);
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from invitation where transaction_id = 'disdukcapil:A-LOKET3-17'`.execute(h.db)
      ).rows[0]!.n,
    ).toBe(1);
  });

  it('when a rating is retried with the same key after its answer was lost, then the retry gets the first answer, not "link used"', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const body = { token: t.token, answers: [4, 4, 3, 3, 4, 4, 4, 3, 4] };
    const send = () =>
      h.inject({
        method: 'POST',
        url: '/v1/public/ratings?tenant=32.73',
        headers: { 'idempotency-key': `rating-${t.invitationId}` },
        payload: body,
      });
    const first = await send();
    const retry = await send();
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    // without the key, the same retry is told the link was used
    expect((await rate(h, body)).statusCode).toBe(409);
  });
});
