import net from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import {
  chooseServer,
  LOCAL_DATABASE_URL,
  LOCAL_NATS_URL,
  natsAnswers,
  postgresAnswers,
  sinergiGlobalSetup,
} from '../src/global-setup.js';
import { withAdminClient, type TestInfrastructure } from '../src/infrastructure.js';

const adminUrl =
  process.env.DATABASE_URL ?? ((await postgresAnswers(LOCAL_DATABASE_URL)) ? LOCAL_DATABASE_URL : undefined);
const natsUrl = process.env.NATS_URL ?? ((await natsAnswers(LOCAL_NATS_URL)) ? LOCAL_NATS_URL : undefined);

/** A port nothing listens on: bound once by us, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('finding PostgreSQL and NATS', () => {
  it('says no for a port where nothing listens', async () => {
    const port = await closedPort();
    expect(await postgresAnswers(`postgres://root@127.0.0.1:${port}/postgres`)).toBe(false);
    expect(await natsAnswers(`nats://127.0.0.1:${port}`)).toBe(false);
  });

  it.skipIf(!adminUrl || !natsUrl)('says yes for the real servers', async () => {
    expect(await postgresAnswers(adminUrl!)).toBe(true);
    expect(await natsAnswers(natsUrl!)).toBe(true);
  });

  it('takes a set variable without probing, else the local server when it answers, else testcontainers', async () => {
    const never = vi.fn(async () => true);
    expect(await chooseServer('NATS_URL', 'nats://elsewhere:4222', LOCAL_NATS_URL, never)).toMatchObject({
      url: 'nats://elsewhere:4222',
    });
    expect(never).not.toHaveBeenCalled();
    expect(await chooseServer('NATS_URL', undefined, LOCAL_NATS_URL, async () => true)).toMatchObject({
      url: LOCAL_NATS_URL,
    });
    const none = await chooseServer('NATS_URL', undefined, LOCAL_NATS_URL, async () => false);
    expect(none.url).toBeUndefined();
    expect(none.how).toContain('testcontainers');
  });

  it('never prints a password', async () => {
    const { how } = await chooseServer(
      'DATABASE_URL',
      'postgres://me:s3cret@db:5432/x',
      LOCAL_DATABASE_URL,
      async () => true,
    );
    expect(how).not.toContain('s3cret');
  });
});

describe.skipIf(!(await postgresAnswers(LOCAL_DATABASE_URL)) || !(await natsAnswers(LOCAL_NATS_URL)))(
  'sinergiGlobalSetup with DATABASE_URL and NATS_URL unset',
  () => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, NATS_URL: process.env.NATS_URL };
    afterEach(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    it('uses the local servers that answer instead of testcontainers, and says so', async () => {
      delete process.env.DATABASE_URL;
      delete process.env.NATS_URL;
      const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      let provided: TestInfrastructure | undefined;
      const teardown = await sinergiGlobalSetup({ name: 'kitlocal', migrate: async () => {} })({
        provide: (_key: string, value: TestInfrastructure) => (provided = value),
      } as unknown as TestProject);
      await teardown();
      const lines = log.mock.calls.map((c) => String(c[0]));
      log.mockRestore();
      expect(provided).toMatchObject({ adminUrl: LOCAL_DATABASE_URL, natsUrl: LOCAL_NATS_URL });
      expect(lines).toContainEqual(
        expect.stringMatching(
          /PostgreSQL postgres:\/\/root@127\.0\.0\.1:5432\/postgres \(DATABASE_URL unset; the local server answered\), NATS nats:\/\/127\.0\.0\.1:4222/,
        ),
      );
    });
  },
);
const databases = async (like: string) =>
  withAdminClient(adminUrl!, async (c) =>
    (
      await c.query<{ datname: string }>('select datname from pg_database where datname like $1 order by 1', [like])
    ).rows.map((r) => r.datname),
  );

const dropKittest = () =>
  withAdminClient(adminUrl!, async (c) => {
    for (const d of await databases('%kittest%')) await c.query(`drop database if exists ${d} with (force)`);
  });

describe.skipIf(!adminUrl || !natsUrl)('sinergiGlobalSetup', () => {
  it('removes what ended runs left, never the databases of a run still going, and its own at the end', async () => {
    const create = (name: string) => withAdminClient(adminUrl!, (c) => c.query(`create database ${name}`));
    await dropKittest(); // what an interrupted earlier run of this test left
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
      expect(await databases('%kittest%')).toEqual(
        [`t_kittest_bbbbbb_00000001`, provided!.template, 'tpl_kittest_bbbbbb'].sort(),
      );
      await teardown();
      expect(await databases('%kittest%')).toEqual(['t_kittest_bbbbbb_00000001', 'tpl_kittest_bbbbbb']);
    } finally {
      await alive.end();
      await dropKittest();
    }
  });
});
