import { z } from 'zod';

const bool = (fallback: boolean) => z.stringbool().default(fallback);

/** Schemas made by publicUrl(): serviceConfig() checks their values once the whole config is known. */
const publicUrlFields = new WeakSet<z.core.$ZodType>();

/**
 * An http(s) URL that people outside reach (a QR code on a permit, a link in a message). In production
 * (AUTH_DEV_KEYS not true) a loopback host is a configuration error naming the variable: such a link
 * works on the server and nowhere else. Use it in `serviceConfig({...})`.
 */
export function publicUrl(opts: { default: string }): z.ZodDefault<z.ZodURL>;
export function publicUrl(opts: { optional: true }): z.ZodOptional<z.ZodURL>;
export function publicUrl(): z.ZodURL;
export function publicUrl(opts: { default?: string; optional?: boolean } = {}): z.ZodType {
  const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
  const field = opts.default !== undefined ? url.default(opts.default) : opts.optional ? url.optional() : url;
  publicUrlFields.add(field);
  return field;
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: addresses that mean "this machine" to whoever opens them. */
export function isLoopbackUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const host = new URL(value).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1'
  );
}

/** Variables every service reads. */
export const baseConfigFields = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  DATABASE_MIGRATION_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lowercase PostgreSQL role name')
    .default('sinergi_app'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATE_ON_START: bool(false),
  NATS_URL: z.string().regex(/^(nats|tls|wss?):\/\/[^\s]+$/, 'must be a nats:// URL (comma-separate several servers)'),
  /** NATS user and password (infra/nats/nats-server.conf gives each service its own); unset: no authentication. */
  NATS_USER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a NATS user name (letters, digits, - or _)')
    .optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** Or a .creds file (JWT and nkey seed, decentralised auth) ... */
  NATS_CREDS: z.string().min(1).optional(),
  /** ... or an nkey seed (`SU…`) of a user the server lists by its public nkey. */
  NATS_NKEY_SEED: z
    .string()
    .regex(/^SU[A-Z2-7]{56}$/, 'must be a user nkey seed (SU followed by 56 base32 characters)')
    .optional(),
  /** Copies of each stream (and the directory bucket) it creates, on a NATS cluster: 1, 3 or 5 (a stream keeps its count once made). */
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .refine((n) => [1, 3, 5].includes(n), 'must be 1, 3 or 5 (copies of each stream on a NATS cluster)')
    .default(1),
  EVENT_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a lowercase subject token')
    .default('sinergi'),
  DIRECTORY_BUCKET: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a valid KV bucket name')
    .default('sinergi-directory'),
  DEFAULT_TENANT: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, 'must be a region code like 32.73')
    .optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { error: 'must be a PEM public key' }).optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).default('sinergi'),
  AUTH_ALGORITHMS: z
    .string()
    .default('RS256,ES256,EdDSA')
    .transform((s) => s.split(',').map((a) => a.trim()))
    .pipe(
      z
        .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']))
        .min(1),
    ),
  AUTH_DEV_KEYS: bool(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  PUBLIC_BASE_URL: publicUrl({ optional: true }),
  /** Load shedding: answer 503 when the event loop lags more than this (0 turns it off). */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** Load shedding: answer 503 above this event-loop utilisation, 0..1 (0 turns it off). */
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0.98),
  /** Behind a reverse proxy: trust X-Forwarded-* for client addresses (rate limits) and hosts. */
  TRUST_PROXY: bool(false),
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (Prometheus `authorization.credentials`). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * The staff console (`/staf/<part>/`, src/http/staff-session.ts): sign-in at the region's OpenID
   * Connect provider. Unset: no provider sign-in (only the development sign-in with AUTH_DEV_KEYS=true).
   */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: 'must be the provider’s issuer URL' })
    .refine((v) => v.startsWith('https:') || isLoopbackUrl(v), 'must be https (http only on a loopback address)')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  /** None: a public client (PKCE alone); with it, client_secret_basic at the token endpoint. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** RFC 8707 resource to ask an access token for (providers that issue JWT access tokens per resource). */
  OIDC_RESOURCE: z.string().min(1).optional(),
  /** The site's public address (the gateway): the redirect URI is STAFF_SITE_URL/staf/<part>/masuk/kembali. */
  STAFF_SITE_URL: publicUrl({ optional: true }),
  /** Encrypts and authenticates staff session cookies; one value for every service of the site. */
  STAFF_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters of secret').optional(),
  STAFF_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(480),
  /** false only where the site is plain http (a developer's machine): the cookie is then sent without TLS. */
  STAFF_COOKIE_SECURE: bool(true),
});

type BaseFields = z.output<typeof baseConfigFields>;

function checkAuth(c: BaseFields, ctx: z.RefinementCtx): void {
  const verifiers = [c.AUTH_JWKS_URL, c.AUTH_PUBLIC_KEY].filter(Boolean).length;
  if (verifiers === 0 && !c.AUTH_DEV_KEYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message: 'set AUTH_JWKS_URL or AUTH_PUBLIC_KEY (or AUTH_DEV_KEYS=true on a development machine)',
    });
  }
  if (verifiers > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_PUBLIC_KEY'],
      message: 'set either AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both',
    });
  }
  if (verifiers > 0 && !c.AUTH_ISSUER) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_ISSUER'],
      message: 'is required with AUTH_JWKS_URL or AUTH_PUBLIC_KEY',
    });
  }
}

function checkNatsAuth(c: BaseFields, ctx: z.RefinementCtx): void {
  if ((c.NATS_USER === undefined) !== (c.NATS_PASSWORD === undefined)) {
    const path = c.NATS_USER === undefined ? 'NATS_USER' : 'NATS_PASSWORD';
    ctx.addIssue({ code: 'custom', path: [path], message: 'NATS_USER and NATS_PASSWORD go together' });
  }
  const ways = [c.NATS_USER, c.NATS_CREDS, c.NATS_NKEY_SEED].filter((v) => v !== undefined).length;
  if (ways > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['NATS_CREDS'],
      message: 'set one way to log in to NATS: NATS_USER + NATS_PASSWORD, NATS_CREDS or NATS_NKEY_SEED',
    });
  }
}

function checkStaffSignIn(c: BaseFields, ctx: z.RefinementCtx): void {
  const oidc = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID].filter(Boolean).length;
  if (oidc === 0) return;
  const need = (path: string, ok: unknown, message: string) => {
    if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
  };
  need('OIDC_ISSUER', c.OIDC_ISSUER, 'is required with OIDC_CLIENT_ID');
  need('OIDC_CLIENT_ID', c.OIDC_CLIENT_ID, 'is required with OIDC_ISSUER');
  need('STAFF_SITE_URL', c.STAFF_SITE_URL, 'is required with OIDC_ISSUER (the redirect URI is built from it)');
  need('STAFF_SESSION_SECRET', c.STAFF_SESSION_SECRET, 'is required with OIDC_ISSUER (it encrypts staff sessions)');
  need(
    'AUTH_JWKS_URL',
    c.AUTH_JWKS_URL || c.AUTH_PUBLIC_KEY,
    'is required with OIDC_ISSUER: the provider’s access tokens are verified with its keys',
  );
}

function checkPublicUrls(shape: z.ZodRawShape, c: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (c.AUTH_DEV_KEYS === true) return;
  for (const [name, field] of Object.entries(shape)) {
    const value = c[name];
    if (!publicUrlFields.has(field) || typeof value !== 'string' || !isLoopbackUrl(value)) continue;
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `must be an address people reach from outside, not ${new URL(value).host} (a loopback address is allowed only with AUTH_DEV_KEYS=true)`,
    });
  }
}

/**
 * The config schema of a service: the kit's variables plus the service's own, with the checks
 * that span several variables.
 */
export function serviceConfig<E extends z.ZodRawShape = Record<never, never>>(extra?: E) {
  const fields = baseConfigFields.extend((extra ?? {}) as E);
  return fields.superRefine(
    (c, ctx) => {
      checkAuth(c as BaseFields, ctx);
      checkNatsAuth(c as BaseFields, ctx);
      checkStaffSignIn(c as BaseFields, ctx);
      checkPublicUrls(fields.shape, c as Record<string, unknown>, ctx);
    },
    // also when some fields failed: one message must name every bad variable, not one per restart
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
}

export const baseConfig = serviceConfig();
export type BaseConfig = z.output<typeof baseConfig>;

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(service: string, issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    super(`${service} cannot start; fix these environment variables:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.variables = [...new Set(issues.map((i) => String(i.path[0] ?? '')))];
  }
}

/** Validates the environment once; every bad variable is named in one message. */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  // empty strings mean "unset": compose files often pass VAR= for optional settings
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) throw new ConfigError(service, result.error.issues);
  return result.data;
}
