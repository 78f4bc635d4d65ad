import type { Logger } from 'pino';
import type { DirectoryClient } from './directory.js';

export interface TenantJob {
  /** Named in log lines, e.g. `deadline sweep`. */
  name: string;
  intervalMs: number;
  /**
   * One pass over one region. Several replicas run it at the same time, so it must be safe to
   * (claim rows with SKIP LOCKED, insert-if-absent before acting). Counts it returns are logged
   * when any is non-zero.
   */
  run(tenant: string): Promise<Record<string, number> | void>;
}

/**
 * Runs a job for every region of the directory every `intervalMs`, one pass at a time (a slow pass
 * is not overlapped by the next tick); a failing region is logged and the others go on. Returns
 * the stopper for `background`, which waits for a running pass.
 */
export function startTenantJob(
  ctx: { directory: Pick<DirectoryClient, 'tenants'>; logger: Pick<Logger, 'info' | 'error'> },
  job: TenantJob,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      for (const tenant of ctx.directory.tenants()) {
        try {
          const counts = await job.run(tenant);
          if (counts && Object.values(counts).some((n) => n > 0)) ctx.logger.info({ tenant, ...counts }, job.name);
        } catch (err) {
          ctx.logger.error({ err, tenant }, `${job.name} failed`);
        }
      }
    })().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, job.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
