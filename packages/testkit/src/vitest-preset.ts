/**
 * The vitest settings of every package whose tests use PostgreSQL and NATS. Its own entry point
 * (`@sinergi/testkit/vitest-preset`): a config file must not load the test-time helpers.
 */
export interface DatabaseTestOptions {
  testTimeout?: number;
  hookTimeout?: number;
  /** Test files share one PostgreSQL and one NATS; two at a time keeps a 2-core machine responsive. */
  maxWorkers?: number;
}

export function databaseTestConfig(o: DatabaseTestOptions = {}) {
  return {
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      testTimeout: o.testTimeout ?? 30_000,
      hookTimeout: o.hookTimeout ?? 60_000,
      maxWorkers: o.maxWorkers ?? 2,
    },
  };
}
