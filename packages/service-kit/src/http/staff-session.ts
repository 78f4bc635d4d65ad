/*
 * Staff sessions for server-rendered pages under /staf/<part>/ (lapor, izin, anggaran, media).
 *
 * Sign-in: the region's OpenID Connect provider, authorization code flow with PKCE (S256), state and
 * nonce (openid-client). The provider's access token is verified with the kit's own token verifier,
 * so tenant, roles and unit come from the same claims code as a bearer call; the session cookie then
 * holds that principal, encrypted and authenticated (JWE, dir + A256GCM, key derived from
 * STAFF_SESSION_SECRET) with its own expiry. One secret for every service of the site means a session
 * made at /staf/lapor/ is read at /staf/izin/ as well: the cookie's path is /staf.
 *
 * A session reflects the roles of its sign-in; a role withdrawn at the provider takes effect at the
 * next sign-in (at most STAFF_SESSION_MINUTES later).
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Role } from '@sinergi/contracts';
import type { BaseConfig } from '../config.js';
import type { Principal } from './auth.js';

export const STAFF_COOKIE = 'sinergi_staf';
/** The short-lived cookie of one sign-in in progress (state, nonce, PKCE verifier, where to go back). */
export const SIGN_IN_COOKIE = 'sinergi_staf_masuk';

/** Roles that use the staff console; citizens and machine clients do not. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'auditor', 'tapd', 'officer', 'unit-head'];

/** Only in development (AUTH_DEV_KEYS=true), like the development tokens: anyone can read this source. */
const DEV_SESSION_SECRET = 'sinergi development staff sessions; never trust in production';

export interface StaffSession {
  /** Random per sign-in: the CSRF token is an HMAC of it. */
  sid: string;
  principal: Principal;
  expiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff session the principal came from (null: none, or the principal came from a bearer token). */
    staffSession: StaffSession | null;
  }
}

const derive = (secret: string, info: string) =>
  new Uint8Array(hkdfSync('sha256', secret, 'sinergi-staff-session', info, 32));

/** Reads and writes the encrypted cookies; knows nothing of routes. */
export class StaffSessions {
  private readonly sessionKey: Uint8Array;
  private readonly csrfKey: Uint8Array;
  readonly secure: boolean;
  readonly ttlSeconds: number;

  constructor(config: Pick<BaseConfig, 'STAFF_SESSION_SECRET' | 'STAFF_SESSION_MINUTES' | 'STAFF_COOKIE_SECURE'>) {
    const secret = config.STAFF_SESSION_SECRET ?? DEV_SESSION_SECRET;
    this.sessionKey = derive(secret, 'session');
    this.csrfKey = derive(secret, 'csrf');
    this.secure = config.STAFF_COOKIE_SECURE;
    this.ttlSeconds = config.STAFF_SESSION_MINUTES * 60;
  }

  /** Seals any claims for `seconds`, bound to its purpose (a session cookie cannot pass for a sign-in cookie). */
  async seal(purpose: string, claims: Record<string, unknown>, seconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new EncryptJWT({ ...claims, pur: purpose })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(now)
      .setExpirationTime(now + seconds)
      .encrypt(this.sessionKey);
  }

  /** The sealed claims, or null when the value was tampered with, has expired or serves another purpose. */
  async open(purpose: string, value: string | undefined): Promise<Record<string, unknown> | null> {
    if (!value || value.length > 8192) return null;
    try {
      const { payload } = await jwtDecrypt(value, this.sessionKey, { clockTolerance: 0 });
      return payload.pur === purpose ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** A new session's cookie value for `principal` (`create` sets it; tests and tools may send it themselves). */
  issue(principal: Principal): Promise<string> {
    return this.seal('session', { sid: randomBytes(18).toString('base64url'), p: principal }, this.ttlSeconds);
  }

  async create(reply: FastifyReply, principal: Principal): Promise<void> {
    const value = await this.issue(principal);
    reply.header('set-cookie', this.cookie(STAFF_COOKIE, value, { path: '/staf', maxAge: this.ttlSeconds }));
  }

  async read(request: FastifyRequest): Promise<StaffSession | null> {
    const claims = await this.open('session', readCookie(request, STAFF_COOKIE));
    if (!claims || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return null;
    return { sid: claims.sid, principal: claims.p as Principal, expiresAt: new Date(claims.exp * 1000) };
  }

  clear(reply: FastifyReply): void {
    reply.header('set-cookie', this.cookie(STAFF_COOKIE, '', { path: '/staf', maxAge: 0 }));
  }

  /** The synchronizer token of a session: what every unsafe form carries in `_csrf`. */
  csrfToken(session: StaffSession): string {
    return createHmac('sha256', this.csrfKey).update(session.sid).digest('base64url');
  }

  csrfMatches(session: StaffSession, presented: unknown): boolean {
    if (typeof presented !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(session));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  cookie(name: string, value: string, o: { path: string; maxAge: number }): string {
    return [
      `${name}=${value}`,
      `Path=${o.path}`,
      `Max-Age=${o.maxAge}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(this.secure ? ['Secure'] : []),
    ].join('; ');
  }
}

/** One cookie's value from the Cookie header (no dependency: our values are base64url and dots). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where a sign-in may send its user back: a path of this site's staff console, nothing else. */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  return /^\/staf\/[A-Za-z0-9/_.~%?=&-]*$/.test(value) && !value.includes('//') && !value.includes('..')
    ? value
    : fallback;
}
