/**
 * A PostgreSQL server the drill owns: a fresh cluster made with Debian's initdb in the drill's
 * temporary directory, on a free loopback port, trust authentication for `root`. The drill stops
 * and starts it under load; the shared server on 5432 is never touched. As root (CI, this
 * machine) the tools run as the `postgres` user, since PostgreSQL refuses to run as root.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { freePort, withAdminClient } from '@sinergi/testkit';

const run = promisify(execFile);
/** Debian's tools of the newest PostgreSQL installed (15 on this machine), or DRILL_PG_BIN. */
export const PG_BIN =
  process.env.DRILL_PG_BIN ??
  (existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v) && existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)[0]
    : undefined) ??
  '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  port: number;
  /** A superuser URL of the given database. */
  url(database: string): string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    database: string,
    text: string,
    values?: unknown[],
  ): Promise<T[]>;
  /** `pg_ctl stop -m fast`: every connection is terminated, as in a restart or a failover. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnPostgres(dir: string): Promise<OwnPostgres> {
  const data = join(dir, 'pgdata');
  const socket = join(dir, 'pgsocket');
  mkdirSync(data, { recursive: true, mode: 0o700 });
  mkdirSync(socket, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    for (const d of [dir, data, socket]) chownSync(d, uid, gid);
  }
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, name), ...args]) : run(join(PG_BIN, name), args);
  const port = await freePort();
  await tool('initdb', ['-D', data, '-U', 'root', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = [
    `-p ${port}`,
    `-k ${socket}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    '-c fsync=off',
    '-c shared_buffers=64MB',
  ].join(' ');
  let running = false;
  const server: OwnPostgres = {
    port,
    url: (database) => `postgres://root@127.0.0.1:${port}/${database}`,
    query: (database, text, values) =>
      withAdminClient(server.url(database), async (c) => (await c.query(text, values)).rows),
    async start() {
      await tool('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop() {
      await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async close() {
      if (running) await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      running = false;
    },
  };
  await server.start();
  return server;
}
