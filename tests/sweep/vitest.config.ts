import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// one service process at a time, each swept in one long test
export default defineConfig(databaseTestConfig({ testTimeout: 120_000, hookTimeout: 90_000, maxWorkers: 1 }));
