import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// whole services start as processes, are stopped, destroyed and restarted: one file at a time, and a
// drill is one long test (its steps depend on each other) on a machine other suites share
export default defineConfig(databaseTestConfig({ testTimeout: 300_000, hookTimeout: 120_000, maxWorkers: 1 }));
