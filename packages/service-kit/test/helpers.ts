import { applyDirectory, type TestEnvironment } from '@sinergi/testkit';
import { createService } from '../src/service.js';
import { sampleService } from './fixtures/sample-service.js';

export const putRegions = applyDirectory;

/** The sample service against this file's database and NATS namespace, started without a port. */
export async function startSample(env: TestEnvironment, extraEnv: Record<string, string> = {}) {
  await putRegions(env);
  const service = await createService(sampleService, { ...env.env, ...extraEnv });
  await service.start({ listen: false });
  return service;
}

/** Polls until `check` returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
