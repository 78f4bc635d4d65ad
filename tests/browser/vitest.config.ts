import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// one service process and one browser at a time
export default defineConfig(databaseTestConfig({ testTimeout: 120_000, hookTimeout: 90_000, maxWorkers: 1 }));
