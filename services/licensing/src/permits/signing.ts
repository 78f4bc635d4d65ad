/**
 * The region's permit signing keys: Ed25519 or ECDSA P-256, from PERMIT_SIGNING_KEYS. New permits
 * are signed with the newest active key of their region; retired keys stay published so permits
 * they signed keep verifying (rotation: add a new key at the end, mark the old one retired).
 *
 * These are uncertified electronic signatures in the sense of PP 71/2019; a certified signature
 * (BSrE) would be applied by the signing official's certificate on top of this.
 */
import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical.js';

export const SigningKeyConfig = z
  .object({
    kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'kid must be 1-64 letters, digits, dots, dashes or underscores'),
    privateKey: z.string().includes('PRIVATE KEY', { error: 'privateKey must be a PEM (PKCS#8) private key' }),
    /** Regions this key signs for; omitted: every region of the deployment. */
    tenants: z.array(z.string().regex(/^\d{2}\.\d{2}$/)).optional(),
    /** A retired key signs nothing new but stays published for verification. */
    retired: z.boolean().default(false),
  })
  .strict();

export const SigningKeysConfig = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {kid, privateKey, tenants?, retired?}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(SigningKeyConfig).min(1, 'must hold at least one key'))
  .superRefine((keys, ctx) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k.kid)) ctx.addIssue({ code: 'custom', path: [i, 'kid'], message: `kid ${k.kid} is used twice` });
      seen.add(k.kid);
      try {
        algorithmOf(createPrivateKey(k.privateKey));
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [i, 'privateKey'], message: `key ${k.kid}: ${(err as Error).message}` });
      }
    });
  });

export type Algorithm = 'EdDSA' | 'ES256';

function algorithmOf(key: KeyObject): Algorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error('only Ed25519 and ECDSA P-256 keys can sign permits');
}

export interface SigningKey {
  kid: string;
  alg: Algorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  tenants: string[] | undefined;
  retired: boolean;
}

export interface Signature {
  kid: string;
  alg: Algorithm;
  /** base64url of the signature over the canonical JSON of the document. */
  value: string;
}

const raw = (alg: Algorithm) => (alg === 'EdDSA' ? null : 'sha256');

export class KeyRing {
  readonly keys: SigningKey[];

  constructor(config: z.output<typeof SigningKeysConfig>) {
    this.keys = config.map((k) => {
      const privateKey = createPrivateKey(k.privateKey);
      return {
        kid: k.kid,
        alg: algorithmOf(privateKey),
        privateKey,
        publicKey: createPublicKey(privateKey),
        tenants: k.tenants,
        retired: k.retired,
      };
    });
  }

  #serves(k: SigningKey, tenant: string) {
    return !k.tenants || k.tenants.includes(tenant);
  }

  /** The key new permits of the region are signed with: the last active one listed. */
  current(tenant: string): SigningKey {
    const key = this.keys.filter((k) => !k.retired && this.#serves(k, tenant)).at(-1);
    if (!key) throw new Error(`no active permit signing key for region ${tenant}`);
    return key;
  }

  sign(tenant: string, document: unknown): Signature {
    const key = this.current(tenant);
    const value = sign(raw(key.alg), Buffer.from(canonicalJson(document), 'utf8'), {
      key: key.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return { kid: key.kid, alg: key.alg, value: value.toString('base64url') };
  }

  /** Checks a signature with the published key it names; false for unknown keys and malformed values. */
  verify(tenant: string, document: unknown, signature: Signature): boolean {
    const key = this.keys.find((k) => k.kid === signature.kid && this.#serves(k, tenant));
    if (!key || key.alg !== signature.alg) return false;
    try {
      return verify(
        raw(key.alg),
        Buffer.from(canonicalJson(document), 'utf8'),
        { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature.value, 'base64url'),
      );
    } catch {
      return false;
    }
  }

  /** The region's public keys as a JWK set, retired ones included so old permits keep verifying. */
  jwks(tenant: string): {
    keys: Array<JsonWebKey & { kid: string; alg: Algorithm; use: 'sig'; status: 'active' | 'retired' }>;
  } {
    return {
      keys: this.keys
        .filter((k) => this.#serves(k, tenant))
        .map((k) => ({
          ...k.publicKey.export({ format: 'jwk' }),
          kid: k.kid,
          alg: k.alg,
          use: 'sig' as const,
          status: k.retired ? ('retired' as const) : ('active' as const),
        })),
    };
  }
}
