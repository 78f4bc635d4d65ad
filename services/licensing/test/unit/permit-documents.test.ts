/** Permit numbers, validity, canonical JSON and signatures. */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/permits/canonical.js';
import { validUntil } from '../../src/permits/document.js';
import { formatPermitNumber } from '../../src/permits/numbering.js';
import { KeyRing, SigningKeysConfig } from '../../src/permits/signing.js';
import { testKey } from '../samples.js';

describe('permit numbers', () => {
  it('fills the region’s format', () => {
    const parts = { seq: 7, type: 'reklame', unit: 'dpmptsp', localDate: '2026-11-03' };
    expect(formatPermitNumber('503/{seq:4}/{TYPE}/DPMPTSP/{roman}/{year}', parts)).toBe(
      '503/0007/REKLAME/DPMPTSP/XI/2026',
    );
    expect(formatPermitNumber('SK-PBG-3273-{seq:5}-{month}{year}', parts)).toBe('SK-PBG-3273-00007-112026');
    expect(formatPermitNumber('{unit}/{seq}/{year}', { ...parts, seq: 12345 })).toBe('dpmptsp/12345/2026');
  });

  it('ends validity on the same local date months later, clamped to the month’s end', () => {
    expect(validUntil(new Date('2026-01-31T03:00:00Z'), 1, 'Asia/Jakarta')!.toISOString()).toBe(
      '2026-02-27T17:00:00.000Z',
    );
    expect(validUntil(new Date('2026-07-10T03:00:00Z'), 12, 'Asia/Makassar')!.toISOString()).toBe(
      '2027-07-09T16:00:00.000Z',
    );
    expect(validUntil(new Date(), null, 'Asia/Jakarta')).toBeNull();
  });
});

describe('canonical JSON and signatures', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[true,null,"x"]},"b":1}',
    );
    expect(() => canonicalJson({ x: 1.5 })).toThrow(TypeError);
  });

  const ring = new KeyRing(
    SigningKeysConfig.parse(
      JSON.stringify([
        { ...testKey('old', 'ec'), retired: true },
        testKey('new'),
        { ...testKey('palu'), tenants: ['72.71'] },
      ]),
    ),
  );
  const doc = { number: '503/0001/REKLAME/2026', holder: { name: 'Siti Rahmawati' } };

  it('signs with the newest active key of the region and verifies; a tampered document fails', () => {
    const sig = ring.sign('32.73', doc);
    expect(sig).toMatchObject({ kid: 'new', alg: 'EdDSA' });
    expect(ring.verify('32.73', { holder: { name: 'Siti Rahmawati' }, number: '503/0001/REKLAME/2026' }, sig)).toBe(
      true,
    );
    expect(ring.verify('32.73', { ...doc, number: '503/0002/REKLAME/2026' }, sig)).toBe(false);
    expect(ring.verify('32.73', doc, { ...sig, value: 'AAAA' })).toBe(false);
    expect(ring.verify('32.73', doc, { ...sig, kid: 'unknown' })).toBe(false);
    expect(ring.sign('72.71', doc).kid).toBe('palu');
  });

  it('keeps verifying what a retired key signed, and publishes it as retired', () => {
    const old = new KeyRing(
      SigningKeysConfig.parse(
        JSON.stringify([
          { kid: 'old', privateKey: ring.keys[0]!.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
        ]),
      ),
    );
    const sig = old.sign('32.73', doc);
    expect(sig.alg).toBe('ES256');
    expect(ring.verify('32.73', doc, sig)).toBe(true);
    const jwks = ring.jwks('32.73');
    expect(jwks.keys.map((k) => [k.kid, k.status])).toEqual([
      ['old', 'retired'],
      ['new', 'active'],
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('refuses configurations without a usable key', () => {
    expect(SigningKeysConfig.safeParse('[]').success).toBe(false);
    expect(SigningKeysConfig.safeParse('not json').success).toBe(false);
    expect(
      SigningKeysConfig.safeParse(
        JSON.stringify([{ kid: 'x', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }]),
      ).success,
    ).toBe(false);
  });
});
