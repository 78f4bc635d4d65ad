import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // test files share one PostgreSQL and one NATS; two at a time keeps a 2-core machine responsive
    maxWorkers: 2,
  },
});
