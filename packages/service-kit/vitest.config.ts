import { defineConfig } from 'vitest/config';
// from source: the kit cannot depend on the testkit package, which depends on it
import { databaseTestConfig } from '../testkit/src/vitest-preset.js';

export default defineConfig(databaseTestConfig());
