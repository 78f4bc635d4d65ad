import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// the preset's `extends: true` is typed as boolean by the testkit; vitest's type wants the literal
export default defineConfig(databaseTestConfig() as ViteUserConfig);
