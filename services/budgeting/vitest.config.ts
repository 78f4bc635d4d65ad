import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

export default defineConfig(databaseTestConfig());
