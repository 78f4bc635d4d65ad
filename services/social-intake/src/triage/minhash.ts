import { contentTokens } from './normalize.js';

/*
 * MinHash over word shingles, for near-duplicate posts ("the same pothole, reported again, in other words").
 *
 * Text -> contentTokens (slang normalized, stopwords out, -nya stripped) -> the set of word shingles of
 * every size from minShingleSize to shingleSize (default 1..2: the words and the word pairs; a text shorter
 * than the smallest size gives one shingle of all its words). Word pairs alone punish a reordered paraphrase
 * ("motor banyak yang mogok" / "banyak motor mogok") too hard; adding the words keeps paraphrases of one
 * report above 0.45 and different reports of the same kind below about 0.3 on the examples in the tests.
 * Each of the n hash
 * functions is a fixed 32-bit permutation (FNV-1a of the shingle, XORed with a seed, then the murmur3
 * finalizer); the signature keeps the minimum per function. The fraction of equal positions of two
 * signatures estimates the Jaccard similarity of the shingle sets, with standard error sqrt(J(1-J)/n).
 * Seeds come from a fixed PRNG seed, so signatures are deterministic and can be stored and compared later
 * (only signatures made with the same options are comparable).
 */

export interface MinHashOptions {
  /** Number of hash functions (signature length). Default 128. */
  numHashes?: number;
  /** Largest number of words per shingle. Default 2. */
  shingleSize?: number;
  /** Smallest number of words per shingle. Default 1 (single words count too); set it to shingleSize for plain k-shingles. */
  minShingleSize?: number;
  /** Seed of the hash family. Default 0x5133. */
  seed?: number;
}

export type Signature = Uint32Array;

const EMPTY = 0xffffffff;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The murmur3 32-bit finalizer: a bijection that mixes all bits. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small deterministic PRNG for the seeds. */
function seeds(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return out;
}

/** The word shingles (sizes minShingleSize..shingleSize) of a text's content tokens. */
export function shingles(text: string, shingleSize = 2, minShingleSize = 1): Set<string> {
  const tokens = contentTokens(text).filter((t) => !t.startsWith('_'));
  const out = new Set<string>();
  if (tokens.length === 0) return out;
  if (tokens.length < minShingleSize) {
    out.add(tokens.join(' '));
    return out;
  }
  for (let k = minShingleSize; k <= shingleSize; k++) {
    for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join(' '));
  }
  return out;
}

/** The exact Jaccard similarity of two sets (for tests and small batches). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface MinHasher {
  readonly numHashes: number;
  readonly shingleSize: number;
  readonly minShingleSize: number;
  signature(text: string): Signature;
  signatureOfShingles(set: Iterable<string>): Signature;
  similarity(a: Signature, b: Signature): number;
}

export function createMinHasher(options: MinHashOptions = {}): MinHasher {
  const numHashes = options.numHashes ?? 128;
  const shingleSize = options.shingleSize ?? 2;
  const minShingleSize = options.minShingleSize ?? 1;
  if (!Number.isInteger(minShingleSize) || minShingleSize < 1 || minShingleSize > shingleSize) {
    throw new RangeError('minShingleSize must be an integer from 1 to shingleSize');
  }
  if (!Number.isInteger(numHashes) || numHashes < 1) throw new RangeError('numHashes must be a positive integer');
  if (!Number.isInteger(shingleSize) || shingleSize < 1) throw new RangeError('shingleSize must be a positive integer');
  const family = seeds(numHashes, options.seed ?? 0x5133);

  const signatureOfShingles = (set: Iterable<string>): Signature => {
    const sig = new Uint32Array(numHashes).fill(EMPTY);
    for (const shingle of set) {
      const base = fnv1a(shingle);
      for (let i = 0; i < numHashes; i++) {
        const h = fmix32(base ^ family[i]!);
        if (h < sig[i]!) sig[i] = h;
      }
    }
    return sig;
  };

  return {
    numHashes,
    shingleSize,
    minShingleSize,
    signatureOfShingles,
    signature: (text) => signatureOfShingles(shingles(text, shingleSize, minShingleSize)),
    similarity(a, b) {
      if (a.length !== b.length) throw new RangeError('signatures of different lengths are not comparable');
      let equal = 0;
      let empty = true;
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== EMPTY || b[i] !== EMPTY) empty = false;
        if (a[i] === b[i] && a[i] !== EMPTY) equal++;
      }
      return empty ? 0 : equal / a.length;
    },
  };
}

const defaultHasher = createMinHasher();

/** The MinHash signature of a text with the default options (128 functions, 1- and 2-word shingles). */
export function signature(text: string): Signature {
  return defaultHasher.signature(text);
}

/** Estimated Jaccard similarity of two signatures made with the same options. */
export function similarity(a: Signature, b: Signature): number {
  return defaultHasher.similarity(a, b);
}

/** A signature as a compact string for storage (hex, 8 characters per function), and back. */
export function encodeSignature(sig: Signature): string {
  return Array.from(sig, (x) => x.toString(16).padStart(8, '0')).join('');
}

export function decodeSignature(encoded: string): Signature {
  if (encoded.length % 8 !== 0 || !/^[0-9a-f]*$/.test(encoded)) throw new RangeError('not an encoded signature');
  const out = new Uint32Array(encoded.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(encoded.slice(i * 8, i * 8 + 8), 16);
  return out;
}
