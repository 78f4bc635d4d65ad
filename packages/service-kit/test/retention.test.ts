/**
 * Retention: personal data past its period is erased in every region, the rest stays, tenants stay
 * walled off, periods come from the environment, and a bad period stops the start.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { enableTenantRls } from '../src/db/migrate.js';
import {
  applyRetention,
  retentionDays,
  retentionVariable,
  startRetention,
  type RetentionRule,
} from '../src/retention.js';
import { ratedService } from './fixtures/rated-service.js';

interface ProbeDB {
  retention_probe: { id: number; tenant_id: string; received_at: Date; phone: string | null; body: string };
}

const harness = () => createServiceHarness(ratedService, { env: { MIGRATE_ON_START: 'true' } });
let s: Awaited<ReturnType<typeof harness>>;
const DAY = 86_400_000;
const now = new Date('2026-12-07T05:00:00Z');

// a contact number kept 30 days by default: the row stays, the number goes
const contacts: RetentionRule<ProbeDB> = {
  kind: 'reporter-contact',
  description: 'reporter phone numbers',
  defaultDays: 30,
  async erase(trx, before, limit) {
    const r = await sql`
      update retention_probe set phone = null
      where id in (select id from retention_probe where phone is not null and received_at < ${before}
                   order by id limit ${limit} for update skip locked)`.execute(trx);
    return Number(r.numAffectedRows ?? 0n);
  },
};

const admin = () => s.db as unknown as Kysely<ProbeDB>;
const rows = async (tenant: string) =>
  (
    await sql<{ phone: string | null; age: number }>`
      select phone, round(extract(epoch from (${now}::timestamptz - received_at)) / 86400)::int as age
      from retention_probe where tenant_id = ${tenant} order by id`.execute(admin())
  ).rows;

beforeAll(async () => {
  s = await harness();
  await sql`drop table if exists retention_probe`.execute(admin());
  await sql`create table retention_probe (id serial primary key, tenant_id text not null, received_at timestamptz not null, phone text, body text not null)`.execute(
    admin(),
  );
  await enableTenantRls(admin() as never, 'retention_probe');
  await sql`grant select, insert, update, delete on retention_probe to sinergi_app`.execute(admin());
  await sql`grant usage on sequence retention_probe_id_seq to sinergi_app`.execute(admin());
  for (const tenant of ['32.73', '72.71']) {
    for (const days of [1, 29, 31, 400]) {
      await sql`insert into retention_probe (tenant_id, received_at, phone, body)
                values (${tenant}, ${new Date(now.getTime() - days * DAY)}, '081234567890', 'jalan rusak')`.execute(
        admin(),
      );
    }
  }
  // 1,200 old rows in Bandung, 60-64 days old: more than two batches
  await sql`insert into retention_probe (tenant_id, received_at, phone, body)
            select '32.73', ${now}::timestamptz - make_interval(days => 60 + i % 5), '081234567890', 'jalan rusak'
            from generate_series(0, 1199) as i`.execute(admin());
});
afterAll(async () => {
  await sql`drop table if exists retention_probe`.execute(admin()).catch(() => undefined);
  await s?.stop();
});

describe('retention of personal data', () => {
  it('reads a period from its variable, and refuses a bad one', () => {
    expect(retentionVariable('reporter-contact')).toBe('RETENTION_REPORTER_CONTACT_DAYS');
    expect(retentionDays(contacts, {})).toBe(30);
    expect(retentionDays(contacts, { RETENTION_REPORTER_CONTACT_DAYS: '90' })).toBe(90);
    for (const bad of ['0', '-1', '1.5', 'thirty']) {
      expect(() => retentionDays(contacts, { RETENTION_REPORTER_CONTACT_DAYS: bad })).toThrow(/whole number of days/);
    }
    expect(() => retentionDays({ ...contacts, kind: 'Reporter Contact' }, {})).toThrow(/kebab-case/);
  });

  it('erases what is past its period in one region, in batches, and leaves the rest and the other region', async () => {
    const counts = await applyRetention(s.ctx.db as never, '32.73', [contacts], { now, env: {} });
    expect(counts).toEqual({ 'reporter-contact': 1202 });
    const bandung = await rows('32.73');
    expect(bandung.filter((r) => r.phone !== null).map((r) => r.age)).toEqual([1, 29]);
    expect(bandung).toHaveLength(1204); // the records stay; only the number went
    expect((await rows('72.71')).every((r) => r.phone !== null)).toBe(true);
  });

  it('follows a longer period from the environment, and a second pass erases nothing more', async () => {
    const env = { RETENTION_REPORTER_CONTACT_DAYS: '365' };
    expect(await applyRetention(s.ctx.db as never, '72.71', [contacts], { now, env })).toEqual({
      'reporter-contact': 1,
    });
    expect((await rows('72.71')).filter((r) => r.phone === null).map((r) => r.age)).toEqual([400]);
    expect(await applyRetention(s.ctx.db as never, '72.71', [contacts], { now, env })).toEqual({
      'reporter-contact': 0,
    });
  });

  it('will not start with a bad period', () => {
    expect(() =>
      startRetention(s.ctx as never, [contacts], { env: { RETENTION_REPORTER_CONTACT_DAYS: 'never' } }),
    ).toThrow(/RETENTION_REPORTER_CONTACT_DAYS/);
  });
});
