/**
 * Services run as real processes from their built `dist/main.js`, the way a region runs them: for the
 * tests that cross services (tests/e2e) or read what a process logs (tests/sweep).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root, seen from this package's `dist/`. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServiceProcess {
  url: string;
  /** The process id (memory measurements read /proc/<pid>/status). */
  pid: number;
  /** Every line the process wrote to stdout and stderr, in order. */
  lines: string[];
  /** The output so far, as one text (for failure messages). */
  output(): string;
  /** SIGTERM, SIGKILL after 15 s; resolves once the process is gone and its output is complete. */
  stop(): Promise<void>;
  /** SIGKILL now, as a crash or the OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `services/<name>/dist/main.js` with `env` (plus PATH, a free PORT on 127.0.0.1 unless `env`
 * names one, as a redirect URI known in advance needs, and MIGRATE_ON_START) and waits until `/health/ready` answers 200, or fails with the process's output.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  root = repositoryRoot,
): Promise<ServiceProcess> {
  const main = `${root}services/${name}/dist/main.js`;
  if (!existsSync(main)) throw new Error(`services/${name} is not built (no dist/main.js): run npm run build`);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: `${root}services/${name}`,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', MIGRATE_ON_START: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const partial = { out: '', err: '' };
  const collect = (key: 'out' | 'err') => (d: Buffer) => {
    const parts = (partial[key] + d.toString('utf8')).split('\n');
    partial[key] = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.length > 0));
  };
  child.stdout.on('data', collect('out'));
  child.stderr.on('data', collect('err'));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const output = () => [...lines, partial.out, partial.err].filter(Boolean).join('\n');
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    lines,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      for (const rest of [partial.out, partial.err]) if (rest) lines.push(rest);
      partial.out = partial.err = '';
    },
  };
}
