/**
 * The `sinergi` command as a user runs it: the committed bin that npm links at `npm ci`, run as a
 * process, with the real NATS and with a closed port. Mistakes end in one clear message, never a stack.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/sinergi.js', import.meta.url));
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const bucket = `cli-command-${process.pid}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: root, env: { ...process.env, NATS_URL: natsUrl, DIRECTORY_BUCKET: bucket, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
const sinergi = (args: string[], env?: Record<string, string>) => run(bin, args, env);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const noStack = (r: Run) => expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);

afterAll(async () => {
  const nc = await connect({ servers: natsUrl });
  await (await new Kvm(nc).open(bucket)).destroy().catch(() => undefined);
  await nc.close();
});

describe('the sinergi command after npm ci', () => {
  it('is a committed, executable script with a shebang that npm links as sinergi', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      bin: Record<string, string>;
      files: string[];
    };
    expect(path.resolve(path.dirname(bin), '..', pkg.bin.sinergi!)).toBe(bin);
    expect(pkg.files).toContain('bin');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(realpathSync(path.join(root, 'node_modules/.bin/sinergi'))).toBe(realpathSync(bin));
  });

  it('answers npx sinergi --help at the repository root', async () => {
    const r = await run('npx', ['--no-install', 'sinergi', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('sinergi token --tenant 32.73 --role admin');
  });

  it('when the CLI is not built yet, then it says to run npm run build', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-bin-'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(bin, path.join(dir, 'bin/sinergi.js'));
    const r = await run(process.execPath, [path.join(dir, 'bin/sinergi.js'), '--help']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain('run `npm run build` at the repository root first');
  });
});

describe('usage mistakes exit 2 with the usage', () => {
  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['directory'], 'not a complete command'],
    [['token', '--bogus'], "Unknown option '--bogus'"],
  ])('%j', async (args, says) => {
    const r = await sinergi(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stderr).toContain('sinergi directory apply <file.json>');
    noStack(r);
  });

  it('a bad token request names the option', async () => {
    const r = await sinergi(['token', '--tenant', '99.99', '--role', 'admin']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('--tenant must be a region code such as 32.73 (Kota Bandung): unknown region code 99.99\n');
  });
});

describe('when NATS cannot be reached', () => {
  it.each([[['directory', 'show', '32.73']], [['directory', 'apply', 'infra/directory/32.73-kota-bandung.json']]])(
    '%j says where it looked and what to do',
    async (args) => {
      const url = `nats://127.0.0.1:${await closedPort()}`;
      const r = await sinergi(args, { NATS_URL: url });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot reach NATS at ${url}`);
      expect(r.stderr).toContain('is nats-server running? Set NATS_URL');
      noStack(r);
    },
  );
});

describe('directory apply with bad files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-files-'));
  const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));

  it('names each bad file and why, applies nothing, and exits 1', async () => {
    const missing = path.join(dir, 'missing.json');
    const broken = write('broken.json', '{"code": "32.73",');
    const invalid = write(
      'invalid.json',
      JSON.stringify({
        code: '32.73',
        name: 'Kota Bandung',
        timeZone: 'Asia/Jakarta',
        complaintCategories: [{ code: 'jalan', name: 'Jalan', defaultUnit: 'nope' }],
      }),
    );
    const r = await sinergi([
      'directory',
      'apply',
      'infra/directory/32.73-kota-bandung.json',
      missing,
      broken,
      invalid,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${missing}: no such file`);
    expect(r.stderr).toMatch(new RegExp(`${broken.replaceAll('.', '\\.')}: not valid JSON: .+`));
    expect(r.stderr).toMatch(
      new RegExp(`${invalid.replaceAll('.', '\\.')}:\\n\\s+complaintCategories\\.0\\.defaultUnit: `),
    );
    noStack(r);
    expect((await sinergi(['directory', 'show', '32.73'])).stderr).toContain(
      `region 32.73 is not in the directory ${bucket}`,
    );
  });

  it('applies good files to the real NATS, where show finds them', async () => {
    expect((await sinergi(['directory', 'apply', 'infra/directory/32.73-kota-bandung.json'])).stdout).toContain(
      'applied 32.73 Kota Bandung',
    );
    const shown = await sinergi(['directory', 'show', '32.73']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ code: '32.73', name: 'Kota Bandung' });
  });
});
