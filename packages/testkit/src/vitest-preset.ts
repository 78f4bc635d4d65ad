/**
 * The vitest settings of every package whose tests use PostgreSQL and NATS. Its own entry point
 * (`@sinergi/testkit/vitest-preset`): a config file must not load the test-time helpers.
 *
 * Two projects: `unit` runs the pure tests under `test/unit/` (workflow tables, formulas, parsers)
 * with no global setup, so `npx vitest run test/unit/x.test.ts` works on a laptop with neither
 * PostgreSQL nor NATS; `integration` runs every other test file against the real servers.
 */
export interface DatabaseTestOptions {
  testTimeout?: number;
  hookTimeout?: number;
  /** Test files share one PostgreSQL and one NATS; two at a time keeps a 2-core machine responsive. */
  maxWorkers?: number;
}

export const UNIT_TESTS = 'test/unit/**/*.test.ts';

export function databaseTestConfig(o: DatabaseTestOptions = {}) {
  return {
    test: {
      testTimeout: o.testTimeout ?? 30_000,
      hookTimeout: o.hookTimeout ?? 60_000,
      maxWorkers: o.maxWorkers ?? 2,
      projects: [
        { extends: true as const, test: { name: 'unit', include: [UNIT_TESTS] } },
        {
          extends: true as const,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            exclude: [UNIT_TESTS, '**/node_modules/**'],
            globalSetup: ['test/global-setup.ts'],
          },
        },
      ],
    },
  };
}
