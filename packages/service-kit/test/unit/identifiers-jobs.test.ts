import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  newSecret,
  normalizeBase32,
  publicIds,
  randomBase32,
  secretMatches,
  startTenantJob,
} from '../../src/index.js';

describe('identifiers', () => {
  it('public ids have the prefix and 8 Crockford characters, and are read back however typed', () => {
    const ids = publicIds('IZN');
    const id = ids.generate();
    expect(id).toMatch(/^IZN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(ids.normalize(id.toLowerCase().replaceAll('-', ' '))).toBe(id);
    expect(ids.normalize('izn-o1l0-abcd')).toBe('IZN-0110-ABCD');
    expect(ids.normalize('LPR-0110-ABCD')).toBeUndefined();
    expect(ids.normalize('IZN-0110-ABC')).toBeUndefined();
    expect(ids.normalize('IZN-0110-ABCU')).toBeUndefined();
    expect(() => publicIds('lpr')).toThrow();
  });

  it('random base32 has the asked length, only Crockford characters, and differs each time', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomBase32(32)));
    expect(seen.size).toBe(2000);
    for (const s of seen) expect(s).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
    // every character appears: the bits are not stuck
    expect(new Set([...seen].join('')).size).toBe(32);
    expect(normalizeBase32(' ab-cd o i l ')).toBe('ABCD011');
  });

  it('secrets are stored as hashes and compared in constant time', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(`${secret}x`, stored)).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });
});

describe('startTenantJob', () => {
  it('runs every region each pass, goes on after one fails, logs counts and stops after the running pass', async () => {
    const runs: string[] = [];
    const logs: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
    const logger = {
      info: (obj: Record<string, unknown>, msg: string) => logs.push({ level: 'info', msg, obj }),
      error: (obj: Record<string, unknown>, msg: string) => logs.push({ level: 'error', msg, obj }),
    };
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    let passes = 0;
    const stop = startTenantJob(
      { directory: { tenants: () => ['32.73', '72.71'] }, logger: logger as never },
      {
        name: 'test sweep',
        intervalMs: 5,
        async run(tenant) {
          runs.push(tenant);
          if (tenant === '32.73') throw new Error('boom');
          passes++;
          if (passes === 2) await blocked; // a slow pass: ticks meanwhile must not start another
          return { done: 1 };
        },
      },
    );
    while (passes < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toEqual(['32.73', '72.71', '32.73', '72.71']);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.msg, l.obj.tenant])).toEqual([
      ['test sweep failed', '32.73'],
      ['test sweep failed', '32.73'],
    ]);
    expect(logs.filter((l) => l.level === 'info').map((l) => l.obj)).toEqual([
      { tenant: '72.71', done: 1 },
      { tenant: '72.71', done: 1 },
    ]);
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(runs.length).toBe(after);
  });
});
