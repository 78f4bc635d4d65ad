import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every service under services/, found at run time: a service added later is swept without editing this suite. */
export function discoverServices(): string[] {
  return readdirSync(`${root}services`, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${root}services/${d.name}/package.json`))
    .map((d) => d.name)
    .sort();
}

/** A service's `development.defaults` (KEY=VALUE lines), read the way `sinergi up` reads them. */
export function developmentEnv(name: string): Record<string, string> {
  const file = `${root}services/${name}/development.defaults`;
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServiceProcess {
  url: string;
  /** Every line the process wrote to stdout and stderr, in order. */
  lines: string[];
  /** Stops the process (SIGTERM) and waits until its output is complete. */
  stop(): Promise<void>;
}

/** Starts `services/<name>/dist/main.js` as e2e does, keeping its whole output for the log checks. */
export async function startService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const main = `${root}services/${name}/dist/main.js`;
  if (!existsSync(main)) throw new Error(`services/${name} is not built (no dist/main.js): run npm run build`);
  const port = await freePort();
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
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${lines.join('\n')}`);
    if (await fetch(`${url}/health/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    lines,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      for (const rest of [partial.out, partial.err]) if (rest) lines.push(rest);
    },
  };
}
