import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { RegionProfile } from '@sinergi/contracts';
import { createTokenVerifier } from '@sinergi/service-kit';
import { applyDirectoryFiles, loadDirectoryFiles } from '../src/directory.js';
import { mintDevToken } from '../src/token.js';
import { discoverServices } from '../src/services.js';

const demoDir = fileURLToPath(new URL('../../../infra/directory/', import.meta.url));
const demoFiles = readdirSync(demoDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => path.join(demoDir, f));

describe('sinergi token', () => {
  it('mints a development token that a service with AUTH_DEV_KEYS accepts, and only then', async () => {
    const token = await mintDevToken({ tenant: '32.73', role: ['officer'], unit: 'dsdabm', sub: 'budi' });
    expect(decodeJwt(token)).toMatchObject({
      iss: 'sinergi-dev',
      aud: 'sinergi',
      tenant: '32.73',
      roles: ['officer'],
      unit: 'dsdabm',
    });
    const dev = createTokenVerifier({ audience: 'sinergi', algorithms: ['ES256'], devKeys: true });
    expect(await dev(token)).toEqual({ sub: 'budi', tenant: '32.73', roles: ['officer'], unit: 'dsdabm' });
    const prod = createTokenVerifier({ audience: 'sinergi', algorithms: ['ES256'], devKeys: false });
    await expect(prod(token)).rejects.toThrow(/trusted issuer/);
  });

  it('refuses unknown regions, unknown roles and officers without a unit', async () => {
    await expect(mintDevToken({ tenant: '99.99', role: ['admin'] })).rejects.toThrow();
    await expect(mintDevToken({ tenant: '32.73', role: ['mayor'] })).rejects.toThrow(/unknown: mayor/);
    await expect(mintDevToken({ tenant: '32.73', role: ['officer'] })).rejects.toThrow(/--unit/);
  });
});

describe('the demo directory', () => {
  it('is valid: Kota Bandung with its 30 kecamatan and the other 22 founding regions', async () => {
    const profiles = (await loadDirectoryFiles(demoFiles)).map((p) => RegionProfile.parse(p));
    expect(profiles).toHaveLength(23);
    const bandung = profiles.find((p) => p.code === '32.73')!;
    expect(bandung.units.filter((u) => u.kind === 'kecamatan')).toHaveLength(30);
    expect(bandung.complaintCategories.length).toBeGreaterThanOrEqual(10);
    expect(new Set(bandung.socialAccounts.map((a) => a.platform))).toEqual(
      new Set(['facebook', 'instagram', 'whatsapp', 'x', 'telegram']),
    );
    expect(profiles.find((p) => p.code === '82.71')?.timeZone).toBe('Asia/Jayapura');
  });

  it('when a file is invalid, then nothing is applied and the error names the file and path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-dir-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        code: '32.73',
        name: 'Kota Bandung',
        timeZone: 'Asia/Jakarta',
        complaintCategories: [{ code: 'jalan', name: 'Jalan', defaultUnit: 'nope' }],
      }),
    );
    await expect(loadDirectoryFiles([demoFiles[0]!, bad])).rejects.toThrow(
      /bad\.json:\n\s+complaintCategories\.0\.defaultUnit/,
    );
  });
});

describe('sinergi directory apply', () => {
  const bucket = `cli-test-${process.pid}`;
  afterAll(async () => {
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    await (await new Kvm(nc).open(bucket)).destroy().catch(() => undefined);
    await nc.close();
  });

  it('stores every profile in the KV bucket under its region code', async () => {
    process.env.DIRECTORY_BUCKET = bucket;
    const lines: string[] = [];
    expect(await applyDirectoryFiles(demoFiles, (l) => lines.push(l))).toBe(23);
    expect(lines).toContain('applied 32.73 Kota Bandung: 46 units, 20 categories');
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      const kv = await new Kvm(nc).open(bucket);
      expect((await kv.get('72.71'))?.json()).toMatchObject({ code: '72.71', timeZone: 'Asia/Makassar' });
    } finally {
      await nc.close();
    }
  });
});

describe('sinergi up', () => {
  it('finds services by their package.json and nothing else', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-svc-'));
    expect(discoverServices(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'complaints'));
    writeFileSync(path.join(dir, 'complaints/package.json'), '{}');
    mkdirSync(path.join(dir, 'notes'));
    expect(discoverServices(dir)).toEqual(['complaints']);
  });
});

describe('development.defaults', () => {
  it('reads KEY=VALUE lines and skips comments and blanks', async () => {
    const { developmentEnv } = await import('../src/services.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-env-'));
    writeFileSync(
      path.join(dir, 'development.defaults'),
      '# public dev values\n\nNIK_HMAC_KEY=abc=def\n DEADLINE_SCAN_MS = 5000\n',
    );
    expect(developmentEnv(dir)).toEqual({ NIK_HMAC_KEY: 'abc=def', DEADLINE_SCAN_MS: '5000' });
    expect(developmentEnv(path.join(dir, 'missing'))).toEqual({});
  });
});

describe('sinergi up beside another run', () => {
  it('moves fixed service ports in development values by SINERGI_PORT_OFFSET, and nothing else', async () => {
    const { movePorts, portOffset } = await import('../src/up.js');
    expect(portOffset({})).toBe(0);
    expect(portOffset({ SINERGI_PORT_OFFSET: '20000' })).toBe(20000);
    expect(() => portOffset({ SINERGI_PORT_OFFSET: '-1' })).toThrow(/whole number/);
    expect(movePorts('http://localhost:3002', 20000)).toBe('http://localhost:23002');
    expect(movePorts('http://127.0.0.1:3005/r?x=1', 7)).toBe('http://127.0.0.1:3012/r?x=1');
    expect(movePorts('postgres://localhost:5432 and localhost:30021', 7)).toBe(
      'postgres://localhost:5432 and localhost:30021',
    );
    expect(movePorts('http://localhost:3002', 0)).toBe('http://localhost:3002');
  });
});
