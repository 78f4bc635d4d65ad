import { inject } from 'vitest';
import { createScratchEnvironment, type ScratchEnvironment } from './scratch.js';
import { testAuthEnv } from './tokens.js';

export type TestEnvironment = ScratchEnvironment;

/**
 * Gives the calling test file a fresh database (copied from the migrated template) and its own
 * NATS namespace. Call it in `beforeAll` and `cleanup()` in `afterAll`.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const infra = inject('sinergi');
  const scratch = await createScratchEnvironment({
    adminUrl: infra.adminUrl,
    natsUrl: infra.natsUrl,
    name: infra.name,
    template: infra.template,
    roles: infra.roles,
  });
  return {
    ...scratch,
    env: {
      ...scratch.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_MS: '200',
      // two cores running several test files lag now and then; shedding is tested on its own
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
      ...testAuthEnv(),
    },
  };
}
