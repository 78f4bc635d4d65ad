import { createService, type BaseConfig, type Service, type ServiceDefinition } from '@sinergi/service-kit';
import type { TestEnvironment } from './environment.js';
import { applyDirectory, TEST_REGIONS } from './regions.js';

/**
 * Builds and starts a service against the test file's database and NATS namespace, without
 * opening a port: tests call `service.app.inject()`.
 */
export async function startTestService<DB, Cfg extends BaseConfig, Deps>(
  def: ServiceDefinition<DB, Cfg, Deps>,
  env: TestEnvironment,
  opts: { env?: Record<string, string>; regions?: unknown[] } = {},
): Promise<Service<DB, Cfg, Deps>> {
  await applyDirectory(env, opts.regions ?? TEST_REGIONS);
  const service = await createService(def, { ...env.env, ...opts.env });
  try {
    await service.start({ listen: false });
  } catch (err) {
    await service.stop().catch(() => undefined);
    throw err;
  }
  return service;
}
