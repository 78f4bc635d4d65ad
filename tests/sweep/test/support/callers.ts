import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { bearer, mintToken, unsignedToken } from '@sinergi/testkit';
import type { Caller } from './checks.js';

export const TENANT = '32.73';
export const OTHER_TENANT = '72.71';
export const UNIT = 'dsdabm';

/**
 * A development token (`sinergi token`) without `exp`, signed with the published development key
 * the kit accepts when AUTH_DEV_KEYS=true: production refuses a token without `exp`, so must this.
 */
async function devTokenWithoutExpiry(): Promise<string> {
  const seed = createHash('sha256').update('sinergi development signing key; never trust in production').digest();
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return new SignJWT({ tenant: TENANT, roles: ['admin'] })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject('sweep-dev-admin')
    .setIssuer('sinergi-dev')
    .setAudience('sinergi')
    .setIssuedAt()
    .sign(key);
}

/** Everyone the sweep asks as: each role, no token, and tokens every service must refuse. */
export async function callers(): Promise<Caller[]> {
  const as = async (name: string, roles: string[], o: { unit?: string; tenant?: string } = {}): Promise<Caller> => ({
    name,
    headers: bearer(
      await mintToken({ tenant: o.tenant ?? TENANT, roles, sub: `sweep-${name}`, ...(o.unit ? { unit: o.unit } : {}) }),
    ),
    ...(name === 'auditor' ? { public: true } : {}),
  });
  const forgedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const refused = (name: string, token: string): Caller => ({ name, headers: bearer(token), mustRefuse: true });
  return [
    { name: 'anonymous', headers: {}, public: true },
    await as('admin', ['admin']),
    await as('officer', ['officer'], { unit: UNIT }),
    await as('unit-head', ['unit-head'], { unit: UNIT }),
    await as('auditor', ['auditor']),
    await as('tapd', ['tapd']),
    await as('integrator', ['integrator']),
    await as('citizen', ['citizen']),
    await as('other-region-admin', ['admin'], { tenant: OTHER_TENANT }),
    refused('forged-signature', await mintToken({ tenant: TENANT, roles: ['admin'], privateKey: forgedKey })),
    refused('expired', await mintToken({ tenant: TENANT, roles: ['admin'], expiresIn: -3600 })),
    refused('unsigned-alg-none', unsignedToken({ sub: 'sweep', tenant: TENANT, roles: ['admin'] })),
    refused('dev-token-without-exp', await devTokenWithoutExpiry()),
    refused('garbage', 'not.a.jwt'),
  ];
}
