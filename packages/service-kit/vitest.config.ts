import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from '../testkit/src/vitest-preset.js';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/*
 * The kit's tests import the testkit by its package name, resolved to its source here (and in
 * tsconfig.json `paths`). It cannot be a dependency: the testkit depends on the kit, and turbo
 * refuses the cycle. The kit itself resolves to its source too, so tests, testkit and the code
 * under test share one copy of every class (ProblemError, the directory client).
 */
export default defineConfig({
  ...databaseTestConfig(),
  resolve: {
    alias: [
      { find: /^@sinergi\/testkit$/, replacement: source('../testkit/src/index.ts') },
      { find: /^@sinergi\/service-kit$/, replacement: source('./src/index.ts') },
    ],
  },
});
