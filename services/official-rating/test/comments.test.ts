import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterToken, rate, startRating, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating({ COMMENT_HOLD_DAYS: '3' });
});
afterAll(async () => {
  await h?.stop();
});

const GOOD = [4, 4, 3, 4, 3, 4, 4, 3, 4];
const POOR = [1, 2, 1, 2, 2, 1, 1, 2, 2];

async function comment(
  official: string | undefined,
  stars: number | undefined,
  text: string,
  answers = stars && stars <= 2 ? POOR : GOOD,
) {
  const t = await counterToken(h, {
    unit: 'kec-coblong',
    serviceType: 'surat-pengantar',
    ...(official ? { official } : {}),
  });
  const res = await rate(h, {
    token: t.token,
    answers,
    comment: text,
    ...(stars ? { official: { stars, reason: 'pengalaman di loket' } } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { ratingId: string; commentPublishedAt: string };
}

const publicComments = async (query = 'unit=kec-coblong') =>
  (await h.inject({ method: 'GET', url: `/v1/public/comments?${query}` })).json().items as {
    id: string;
    text: string;
    official: { jobTitle: string; name?: string } | null;
    reply: { text: string } | null;
  }[];

describe('comments', () => {
  it('a positive comment is public at once, on the official it rated; its text names officials by job title', async () => {
    const c = await comment(
      'camat-coblong',
      5,
      'Pak Bambang Sutisna sangat membantu, tapi Bu Wulan ketus. Email saya budi@mail.id',
    );
    const shown = (await publicComments()).find((x) => x.id === c.ratingId)!;
    expect(shown.official).toEqual({ jobTitle: 'Camat Coblong', name: 'Drs. H. Bambang Sutisna, M.Si.' });
    expect(shown.text).toBe(
      'Pak Camat Coblong sangat membantu, tapi Bu Sekretaris Kecamatan Coblong ketus. Email saya b***@m***.id',
    );
    // the day, not the minute: a desk could match the minute to its visitor
    expect(shown).toHaveProperty('submittedOn', new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10));
    expect(shown).not.toHaveProperty('submittedAt');
  });

  it('a negative comment names officials by job title only, and waits for the unit’s reply before it is public', async () => {
    const c = await comment(
      'camat-coblong',
      1,
      'Pak Bambang Sutisna menyuruh datang tiga kali, Bu Wulan juga tidak peduli. WA 081234567890',
    );
    expect(new Date(c.commentPublishedAt).getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect((await publicComments()).map((x) => x.id)).not.toContain(c.ratingId);

    // the unit sees it now, with the text it can act on (personal data still masked)
    const staff = (
      await h.inject({ method: 'GET', url: '/v1/staff/comments?state=held', headers: await h.as.head('kec-coblong') })
    ).json().items;
    const held = staff.find((x: { id: string }) => x.id === c.ratingId);
    expect(held).toMatchObject({
      negative: true,
      published: false,
      text: 'Pak Bambang Sutisna menyuruh datang tiga kali, Bu Wulan juga tidak peduli. WA +62*********90',
    });

    const reply = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.head('kec-coblong'),
      payload: { text: 'Mohon maaf, kami sudah menegur petugas dan membuka layanan daring.' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ published: true });

    const shown = (await publicComments()).find((x) => x.id === c.ratingId)!;
    expect(shown.official).toEqual({ jobTitle: 'Camat Coblong' });
    expect(shown.text).toBe(
      'Pak Camat Coblong menyuruh datang tiga kali, Bu Sekretaris Kecamatan Coblong juga tidak peduli. WA +62*********90',
    );
    expect(JSON.stringify(shown)).not.toMatch(/Bambang|Sutisna|Wulan/);
    expect(shown.reply!.text).toBe('Mohon maaf, kami sudah menegur petugas dan membuka layanan daring.');
    // the official's id leads to their name on their report card: negative comments stay off that filter
    const byOfficial = (await publicComments('official=camat-coblong')).map((x) => x.id);
    expect(byOfficial).not.toContain(c.ratingId);
    expect(byOfficial.length).toBeGreaterThan(0);
  });

  it('the unit replies once; other units and citizens cannot reply', async () => {
    const c = await comment(undefined, undefined, 'Ruang tunggu panas sekali');
    const other = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.officer('kec-andir'),
      payload: { text: 'Terima kasih' },
    });
    expect([other.statusCode, other.json().code]).toEqual([403, 'forbidden_unit']);
    const citizen = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.citizen(),
      payload: { text: 'Terima kasih' },
    });
    expect(citizen.statusCode).toBe(403);
    const auditor = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.auditor(),
      payload: { text: 'Terima kasih' },
    });
    expect(auditor.statusCode).toBe(403);
    const first = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.officer('kec-coblong'),
      payload: { text: 'Kipas angin sudah dipasang.' },
    });
    expect(first.statusCode).toBe(200);
    const second = await h.inject({
      method: 'POST',
      url: `/v1/staff/comments/${c.ratingId}/reply`,
      headers: await h.as.officer('kec-coblong'),
      payload: { text: 'Ralat' },
    });
    expect([second.statusCode, second.json().code]).toEqual([409, 'reply_exists']);
    expect((await publicComments()).find((x) => x.id === c.ratingId)!.reply!.text).toBe('Kipas angin sudah dipasang.');
  });

  it('an admin hides abusive content with a reason: kept, audited, gone from the public, shown again on unhide', async () => {
    const c = await comment(undefined, undefined, 'kata-kata kasar yang tidak pantas');
    const url = `/v1/admin/comments/${c.ratingId}`;
    expect(
      (
        await h.inject({
          method: 'POST',
          url: `${url}/hide`,
          headers: await h.as.head('kec-coblong'),
          payload: { reason: 'kasar' },
        })
      ).statusCode,
    ).toBe(403);
    const noReason = await h.inject({ method: 'POST', url: `${url}/hide`, headers: await h.as.admin(), payload: {} });
    expect(noReason.json().errors[0].field).toBe('reason');
    const hidden = await h.inject({
      method: 'POST',
      url: `${url}/hide`,
      headers: await h.as.admin(),
      payload: { reason: 'Bahasa kasar (pedoman moderasi 2.1)' },
    });
    expect(hidden.json()).toMatchObject({
      published: false,
      hidden: { reason: 'Bahasa kasar (pedoman moderasi 2.1)', by: 'admin-1' },
    });
    expect(
      (
        await h.inject({ method: 'POST', url: `${url}/hide`, headers: await h.as.admin(), payload: { reason: 'lagi' } })
      ).json().code,
    ).toBe('already_hidden');
    expect((await publicComments()).map((x) => x.id)).not.toContain(c.ratingId);
    const [row] = (await sql<{ text: string }>`select text from comment where rating_id = ${c.ratingId}`.execute(h.db))
      .rows;
    expect(row!.text).toBe('kata-kata kasar yang tidak pantas');

    await h.inject({
      method: 'POST',
      url: `${url}/unhide`,
      headers: await h.as.admin(),
      payload: { reason: 'Keberatan pelapor diterima' },
    });
    expect((await publicComments()).map((x) => x.id)).toContain(c.ratingId);
    const log = (await h.inject({ method: 'GET', url: `${url}/moderation`, headers: await h.as.auditor() })).json()
      .items;
    expect(log.map((l: { action: string; reason: string }) => [l.action, l.reason])).toEqual([
      ['hide', 'Bahasa kasar (pedoman moderasi 2.1)'],
      ['unhide', 'Keberatan pelapor diterima'],
    ]);
  });

  it('officers list only their own unit’s comments', async () => {
    await comment(undefined, undefined, 'Pelayanan di Coblong cepat');
    const andir = (
      await h.inject({ method: 'GET', url: '/v1/staff/comments', headers: await h.as.officer('kec-andir') })
    ).json().items;
    expect(andir).toEqual([]);
    const asked = await h.inject({
      method: 'GET',
      url: '/v1/staff/comments?unit=kec-coblong',
      headers: await h.as.officer('kec-andir'),
    });
    expect(asked.statusCode).toBe(403);
    const own = (
      await h.inject({ method: 'GET', url: '/v1/staff/comments', headers: await h.as.officer('kec-coblong') })
    ).json().items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c: { unit: { code: string } }) => c.unit.code === 'kec-coblong')).toBe(true);
  });
});
