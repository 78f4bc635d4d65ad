import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { databaseTestConfig } from '@sinergi/testkit/vitest-preset';

// the preset types its projects' `extends: true` as boolean, which vitest's types refuse; the
// cast goes once the testkit's preset says `true as const` (a testkit fix, outside this service)
export default defineConfig(databaseTestConfig() as ViteUserConfig);
