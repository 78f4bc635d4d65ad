import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '@sinergi/contracts';
import { ProblemError, problems } from './problem.js';

/** Who is calling, after the token was verified. */
export interface Principal {
  sub: string;
  tenant: string;
  roles: Role[];
  /** The unit (SKPD) of an officer or unit head. */
  unit: string | undefined;
}

/** Roles whose powers stop at their own unit. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['officer', 'unit-head'];
/** Roles that see every unit of their region. */
export const REGION_WIDE_ROLES: readonly Role[] = ['admin', 'auditor', 'tapd'];

const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant: z.string().regex(/^\d{2}\.\d{2}$/, 'tenant claim must be a region code like 32.73'),
  roles: z.array(z.string()).optional(),
  realm_access: z
    .object({ roles: z.array(z.string()) })
    .partial()
    .optional(),
  unit: z.string().min(1).optional(),
});

const KNOWN_ROLES = new Set<string>(ROLES);

/** Keycloak puts roles in realm_access.roles; other providers in a top-level roles claim. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw problems.unauthenticated(
      `The token's claims are not usable: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
    );
  }
  const c = parsed.data;
  const roles = [...new Set([...(c.roles ?? []), ...(c.realm_access?.roles ?? [])])].filter((r): r is Role =>
    KNOWN_ROLES.has(r),
  );
  if (roles.some((r) => UNIT_SCOPED_ROLES.includes(r)) && !c.unit) {
    throw problems.unauthenticated('The token grants a unit-scoped role (officer, unit-head) but has no unit claim.');
  }
  return { sub: c.sub, tenant: c.tenant, roles, unit: c.unit };
}

// Development keys: an Ed25519 pair derived from a published seed, so a developer's CLI and a
// development service agree without sharing files. Anyone can mint these tokens, which is why
// services accept them only when AUTH_DEV_KEYS=true.
export const DEV_ISSUER = 'sinergi-dev';
const DEV_SEED = createHash('sha256').update('sinergi development signing key; never trust in production').digest();
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
let devKeys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
function devKeyPair() {
  if (!devKeys) {
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, DEV_SEED]),
      format: 'der',
      type: 'pkcs8',
    });
    devKeys = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return devKeys;
}

export interface TokenClaims {
  sub: string;
  tenant: string;
  roles: readonly Role[];
  unit?: string | undefined;
}

/** Mints a development token: for `sinergi token` and local demos only. */
export async function signDevToken(
  claims: TokenClaims,
  options: { audience?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ tenant: claims.tenant, roles: [...claims.roles], ...(claims.unit ? { unit: claims.unit } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience ?? 'sinergi')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(devKeyPair().privateKey);
}

export interface VerifierOptions {
  jwksUrl?: string | undefined;
  publicKeyPem?: string | undefined;
  issuer?: string | undefined;
  audience: string;
  algorithms: string[];
  devKeys: boolean;
}

/** Both paths alike: a token that never expires is refused, development or not. */
const REQUIRED_CLAIMS = ['exp', 'sub'];

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const keyFor: KeyObject | JWTVerifyGetKey | undefined = opts.jwksUrl
    ? createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
    : opts.publicKeyPem
      ? createPublicKey(opts.publicKeyPem)
      : undefined;

  return async (token) => {
    let unverifiedIssuer: unknown;
    try {
      unverifiedIssuer = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).iss;
    } catch {
      throw problems.unauthenticated('The bearer token is not a JWT.');
    }
    const useDev = opts.devKeys && unverifiedIssuer === DEV_ISSUER;
    if (!useDev && !keyFor) throw problems.unauthenticated('The token was not issued by a trusted issuer.');
    try {
      const { payload } = useDev
        ? await jwtVerify(token, devKeyPair().publicKey, {
            issuer: DEV_ISSUER,
            audience: opts.audience,
            algorithms: ['EdDSA'],
            clockTolerance: 5,
            requiredClaims: REQUIRED_CLAIMS,
          })
        : await jwtVerify(token, keyFor as KeyObject, {
            // a fixed list of asymmetric algorithms: never "none", never HMAC with a public key
            algorithms: opts.algorithms,
            ...(opts.issuer ? { issuer: opts.issuer } : {}),
            audience: opts.audience,
            clockTolerance: 5,
            requiredClaims: REQUIRED_CLAIMS,
          });
      return principalFromClaims(payload);
    } catch (err) {
      if (err instanceof ProblemError) throw err;
      throw problems.unauthenticated(describeJoseError(err));
    }
  };
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${err.claim} claim is not accepted.`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm this service does not accept.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (err instanceof joseErrors.JWKSNoMatchingKey)
    return 'The token was signed by a key the identity provider does not publish.';
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JOSEError) {
    return err instanceof joseErrors.JWKSTimeout
      ? 'The identity provider did not answer in time.'
      : 'The token is not valid.';
  }
  return 'The token is not valid.';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null for an anonymous request. */
    principal: Principal | null;
  }
}

/** The caller, or 401 when the route needs one. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw problems.unauthenticated();
  return request.principal;
}

/** A preHandler that lets through callers holding any of the roles. */
export function requireRoles(...roles: Role[]): preHandlerHookHandler {
  return async (request) => {
    const principal = requirePrincipal(request);
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw problems.forbidden('forbidden_role', `This action needs one of these roles: ${roles.join(', ')}.`);
    }
  };
}

export const hasRole = (principal: Principal | null, ...roles: Role[]) =>
  !!principal && principal.roles.some((r) => roles.includes(r));

/**
 * Officers and unit heads act only on their own unit's objects; region-wide roles
 * (admin, auditor, tapd) see every unit.
 */
export function canAccessUnit(principal: Principal, unit: string): boolean {
  if (principal.roles.some((r) => REGION_WIDE_ROLES.includes(r))) return true;
  return principal.roles.some((r) => UNIT_SCOPED_ROLES.includes(r)) && principal.unit === unit;
}

export function assertUnitAccess(principal: Principal, unit: string): void {
  if (!canAccessUnit(principal, unit)) {
    throw problems.forbidden('forbidden_unit', 'This object belongs to another unit.');
  }
}

/** The unit a caller is confined to: undefined for region-wide roles (admin, auditor, tapd). */
export function unitScopeOf(principal: Principal): string | undefined {
  return principal.roles.some((r) => REGION_WIDE_ROLES.includes(r)) ? undefined : principal.unit;
}
