import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { sinergiGlobalSetup } from '../src/global-setup.js';
import { withAdminClient, type TestInfrastructure } from '../src/infrastructure.js';

const adminUrl = process.env.DATABASE_URL;
const databases = async (like: string) =>
  withAdminClient(adminUrl!, async (c) => (await c.query<{ datname: string }>('select datname from pg_database where datname like $1 order by 1', [like])).rows.map((r) => r.datname));

describe.skipIf(!adminUrl || !process.env.NATS_URL)('sinergiGlobalSetup', () => {
  it('removes what ended runs left, never the databases of a run still going, and its own at the end', async () => {
    const create = (name: string) => withAdminClient(adminUrl!, (c) => c.query(`create database ${name}`));
    await create('t_kittest_aaaaaa_00000001'); // a run that ended without cleaning up
    await create('tpl_kittest'); // an older version's template
    await create('t_kittest_bbbbbb_00000001'); // a run still going, beside this one
    await create('tpl_kittest_bbbbbb');
    const alive = new pg.Client({ connectionString: adminUrl });
    await alive.connect();
    await alive.query("select pg_advisory_lock(hashtext('sinergi-test-run'), hashtext('bbbbbb'))");
    try {
      let provided: TestInfrastructure | undefined;
      const migrated: string[] = [];
      const teardown = await sinergiGlobalSetup({ name: 'kittest', migrate: async (url) => void migrated.push(url) })({
        provide: (_key: string, value: TestInfrastructure) => (provided = value),
      } as unknown as TestProject);
      expect(provided!.name).toMatch(/^kittest_[0-9a-f]{6}$/);
      expect(migrated).toEqual([expect.stringContaining(`/${provided!.template}`)]);
      expect(await databases('%kittest%')).toEqual([`t_kittest_bbbbbb_00000001`, provided!.template, 'tpl_kittest_bbbbbb'].sort());
      await teardown();
      expect(await databases('%kittest%')).toEqual(['t_kittest_bbbbbb_00000001', 'tpl_kittest_bbbbbb']);
    } finally {
      await alive.end();
      await withAdminClient(adminUrl!, async (c) => {
        for (const d of await databases('%kittest%')) await c.query(`drop database if exists ${d} with (force)`);
      });
    }
  });
});
