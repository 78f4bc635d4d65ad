import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// nginx and two services run as processes: slower, and one file at a time
export default defineConfig(databaseTestConfig({ testTimeout: 60_000, hookTimeout: 90_000, maxWorkers: 1 }));
