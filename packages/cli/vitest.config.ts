import { defineConfig } from 'vitest/config';

// the command tests start the CLI as processes, slow when the two cores are busy
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
