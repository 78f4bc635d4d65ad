import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '@sinergi/contracts';

/** The identity provider our tests pretend to be. */
export const TEST_ISSUER = 'https://idp.test.sinergi/realms/sinergi';
export const TEST_AUDIENCE = 'sinergi';

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
/** One ES256 key pair per test process; services under test are configured with its public half. */
export function testKeys() {
  keys ??= generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return keys;
}

export function testAuthEnv(): Record<string, string> {
  return {
    AUTH_PUBLIC_KEY: testKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    AUTH_ALGORITHMS: 'ES256',
  };
}

export interface MintOptions {
  sub?: string;
  tenant: string;
  roles: Role[] | string[];
  unit?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with another key (a token from an untrusted issuer). */
  privateKey?: KeyObject;
  extraClaims?: Record<string, unknown>;
}

/** Mints a token the way an OIDC provider would, for tests. */
export async function mintToken(o: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant: o.tenant, roles: o.roles, ...(o.unit ? { unit: o.unit } : {}), ...o.extraClaims })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(o.sub ?? `user-${o.roles.join('-') || 'none'}`)
    .setIssuer(o.issuer ?? TEST_ISSUER)
    .setAudience(o.audience ?? TEST_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.expiresIn ?? 600))
    .sign(o.privateKey ?? testKeys().privateKey);
}

/** An unsigned token (`alg: none`), which every service must refuse. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
