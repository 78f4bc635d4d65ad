import { defineConfig } from 'vitest/config';

// the global setup's tests create and drop databases on a machine other work shares: seconds, not milliseconds
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
