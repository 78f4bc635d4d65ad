import { defineConfig } from 'vitest/config';

// one file: it starts its own NATS cluster and PostgreSQL, so it needs no global setup; the drills run in order
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 180_000 } });
