import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { instagramComment, metaSignature, startIntake, type Intake } from './fixtures.js';

let c: Intake;
beforeAll(async () => {
  c = await startIntake();
  await c.service.relay.stop();
});
afterAll(async () => c?.stop());

const send = async (id: string, text: string) => {
  const body = JSON.stringify(instagramComment(id, text));
  const res = await c.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body) },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
};
const post = async (externalId: string) =>
  (
    await sql<{
      id: string;
      status: string;
      attached_to: string | null;
      category: string | null;
    }>`select id, status, attached_to, category from post where external_id = ${externalId}`.execute(c.db)
  ).rows[0]!;
const handedOver = async (postId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where type = 'sinergi.social-intake.post.complaint-detected.v1' and event->'data'->>'postId' = ${postId}`.execute(
      c.db,
    )
  ).rows[0]!.n;

describe('the triage inbox', () => {
  it('when the model is unsure, then the post waits; a correction hands it over once and is kept as labelled data', async () => {
    await send('18000000000000001', 'min kapan ya jadwal posyandu bulan ini di kelurahan kami');
    const p = await post('18000000000000001');
    // whatever the model thought, an unsure or dismissed post is not handed over on its own
    expect(['pending', 'not-complaint']).toContain(p.status);
    expect(await handedOver(p.id)).toBe(0);

    const admin = await c.as.admin();
    if (p.status === 'pending') {
      const inbox = await c.app.inject({ method: 'GET', url: '/v1/triage', headers: admin });
      expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(p.id);
    }
    const decided = await c.app.inject({
      method: 'POST',
      url: `/v1/posts/${p.id}/decision`,
      headers: admin,
      payload: { complaint: true, category: 'layanan-kesehatan' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'complaint', category: 'layanan-kesehatan' });
    expect(await handedOver(p.id)).toBe(1);
    // deciding again (a category correction) records the label but never hands over twice
    await c.app.inject({
      method: 'POST',
      url: `/v1/posts/${p.id}/decision`,
      headers: admin,
      payload: { complaint: true, category: 'lainnya' },
    });
    expect(await handedOver(p.id)).toBe(1);
    const labels = await sql<{
      label: string;
      labeled_by: string;
    }>`select label, labeled_by from label where post_id = ${p.id} order by labeled_at`.execute(c.db);
    expect(labels.rows).toEqual([
      { label: 'layanan-kesehatan', labeled_by: 'admin-1' },
      { label: 'lainnya', labeled_by: 'admin-1' },
    ]);
    // a handed-over post cannot be taken back here
    const back = await c.app.inject({
      method: 'POST',
      url: `/v1/posts/${p.id}/decision`,
      headers: admin,
      payload: { complaint: false },
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe('already_handed_over');
  });

  it('refuses unknown categories (422) and other units’ posts (404)', async () => {
    await send('18000000000000002', 'halo min, boleh tanya alamat kantor dinas?');
    const p = await post('18000000000000002');
    const bad = await c.app.inject({
      method: 'POST',
      url: `/v1/posts/${p.id}/decision`,
      headers: await c.as.admin(),
      payload: { complaint: true, category: 'tidak-ada' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'unknown_category', errors: [{ in: 'body', field: 'category' }] });
    const otherUnit = await c.app.inject({
      method: 'GET',
      url: `/v1/posts/${p.id}`,
      headers: await c.as.officer('dishub'),
    });
    expect(otherUnit.statusCode).toBe(404);
    expect(otherUnit.json().code).toBe('post_not_found');
    const ownUnit = await c.app.inject({
      method: 'GET',
      url: `/v1/posts/${p.id}`,
      headers: await c.as.officer('dsdabm'),
    });
    expect(ownUnit.statusCode).toBe(200);
    expect(ownUnit.json()).toMatchObject({ externalId: '18000000000000002', author: { displayName: 'warga_bdg' } });
    expect(ownUnit.json().raw).toMatchObject({ id: '18000000000000002' });
  });
});

describe('near-duplicates', () => {
  it('when the same complaint is reposted with small edits nearby, then it attaches to the first instead of a second hand-over', async () => {
    await send(
      '18000000000000010',
      'Tolong jalan di Jl. Dipatiukur Kec. Coblong rusak parah banyak lubang besar, motor sering jatuh di situ',
    );
    await send(
      '18000000000000011',
      'Tolong pak, jalan di Jl. Dipatiukur Kec. Coblong rusak parah banyak lubang besar, motor sering jatuh di situ!!',
    );
    const first = await post('18000000000000010');
    const second = await post('18000000000000011');
    expect(first.status).toBe('complaint');
    expect(second).toMatchObject({ status: 'attached', attached_to: first.id });
    expect(await handedOver(second.id)).toBe(0);

    // the same kind of problem on another street is another complaint
    await send(
      '18000000000000012',
      'Jalan di Jl. Tubagus Ismail Kec. Coblong juga rusak, lubangnya dalam dan sudah ada pengendara yang celaka',
    );
    const other = await post('18000000000000012');
    expect(other.attached_to).toBeNull();
    expect(other.status).not.toBe('attached');
  });
});

describe('volume over departments', () => {
  it('counts posts and complaints per unit per day in the region’s time zone', async () => {
    // the test posts state 28 Nov 2025, more than 30 days ago: they count on the day they were received
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const res = await c.app.inject({
      method: 'GET',
      url: `/v1/statistics/volume?by=unit&from=${day(-1)}&to=${day(1)}`,
      headers: await c.as.admin(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const total = await sql<{ n: number }>`select count(*)::int as n from post where unit = 'dsdabm'`.execute(c.db);
    const dsdabm = res.json().rows.filter((r: { key: string }) => r.key === 'dsdabm');
    expect(dsdabm.reduce((s: number, r: { posts: number }) => s + r.posts, 0)).toBe(total.rows[0]!.n);
    const tooLong = await c.app.inject({
      method: 'GET',
      url: '/v1/statistics/volume?from=2026-01-01&to=2027-06-01',
      headers: await c.as.admin(),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().code).toBe('bad_period');
  });
});
