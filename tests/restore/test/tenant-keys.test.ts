/**
 * Sharding by region needs every unique key and foreign key to lead with tenant_id (Citus with
 * tenant_id as the distribution column, or tenants spread across servers): each service's schema,
 * migrated from its dist, is read with infra/scale/tenant-keys.sql. A key that does not is either on
 * the list below with its reason (docs/scale.md) or fails here.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeployment, type Deployment, SERVICES } from './deployment.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');
const CHECK = readFileSync(path.join(repo, 'infra/scale/tenant-keys.sql'), 'utf8');

/**
 * Keys on tenant tables that do not lead with tenant_id today, one `service: table.key (columns)` a
 * line: docs/scale.md ("Keys that do not lead with tenant_id") says why they are harmless for
 * tenants spread across servers and what moving to Citus needs. A new key that does not lead fails
 * here; a fixed one must leave the list. `TENANT_KEYS_WRITE=true` rewrites the list from the schema.
 */
const LIST = path.join(repo, 'infra/scale/tenant-key-exceptions.txt');
const EXCEPTIONS = readFileSync(LIST, 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

interface Row {
  table_name: string;
  key_name: string;
  kind: string;
  columns: string;
  referenced_table: string | null;
  verdict: string;
}

let d: Deployment;
const rows: Record<string, Row[]> = {};

beforeAll(async () => {
  d = await createDeployment('keys');
  for (const s of SERVICES) {
    await d.createDatabase(s);
    await run(process.execPath, [path.join(repo, `services/${s}/dist/migrate.js`)], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: d.databaseUrl(s), LOG_LEVEL: 'warn' },
    });
    rows[s] = await d.query<Row>(s, CHECK);
  }
});

afterAll(async () => {
  await d?.cleanup();
});

describe('keys lead with tenant_id', () => {
  it('finds every key of every service, and none on a tenant table outside the documented exceptions', () => {
    const all = Object.entries(rows).flatMap(([s, r]) => r.map((x) => ({ s, ...x })));
    const show = (x: (typeof all)[number]) => `${x.s}: ${x.table_name}.${x.key_name} (${x.columns})`;
    // the check sees the keys it must judge: each service has tenant tables whose keys lead
    for (const s of SERVICES) expect(rows[s]!.filter((x) => x.verdict === 'leads').length, s).toBeGreaterThan(0);
    const violations = all.filter((x) => x.verdict === 'violation').map(show);
    const summary = Object.fromEntries(
      SERVICES.map((s) => [
        s,
        Object.fromEntries(
          ['leads', 'violation', 'no-tenant-table', 'references-reference-table'].map((v) => [
            v,
            rows[s]!.filter((x) => x.verdict === v).length,
          ]),
        ),
      ]),
    );
    console.warn(`tenant keys: ${JSON.stringify(summary)}`);
    if (process.env.TENANT_KEYS_WRITE === 'true')
      writeFileSync(
        LIST,
        `${readFileSync(LIST, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('#'))
          .join('\n')}\n${violations.sort().join('\n')}\n`,
      );
    // only the migration bookkeeping lives outside the tenants
    const untenanted = new Set(all.filter((x) => x.verdict === 'no-tenant-table').map((x) => x.table_name));
    expect([...untenanted].sort()).toEqual([
      'kit_migration',
      'kit_migration_lock',
      'kysely_migration',
      'kysely_migration_lock',
    ]);
    expect(violations.sort()).toEqual([...EXCEPTIONS].sort());
  });
});
