import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// every service runs as a process under `sinergi up`: one file at a time
export default defineConfig(databaseTestConfig({ testTimeout: 60_000, hookTimeout: 120_000, maxWorkers: 1 }));
