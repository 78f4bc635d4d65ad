import pg from 'pg';

/** What the global setup hands to every test file (through vitest's provide/inject). */
export interface TestInfrastructure {
  /** A connection string to the maintenance database of the test server. */
  adminUrl: string;
  natsUrl: string;
  /** The migrated template each test file copies its database from. */
  template: string;
  /** Short name of the package under test; prefixes databases, streams and buckets. */
  name: string;
  /**
   * The package's PostgreSQL roles, made by the kit's set-up like a deployment's (`test_<package>_owner`
   * owns the template and its copies, services log in as `test_<package>_runtime`, a member of the
   * shared `sinergi_app`); a password only when the server asks for one (the admin's, testcontainers).
   */
  roles: TestRoles;
}

export interface TestRoles {
  owner: string;
  runtime: string;
  app: string;
  password?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sinergi: TestInfrastructure;
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'sinergi-testkit' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const dbIdent = (name: string) => pg.escapeIdentifier(name);

export const safeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
