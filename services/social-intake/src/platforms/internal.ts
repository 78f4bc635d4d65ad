import { z } from 'zod';
import { boundClientTime } from '@sinergi/contracts';
import type { NormalizedPost, ParseOptions, ParseResult, PostGeo, SkippedItem } from './post.js';

/* Helpers shared by the parsers; not part of the package's API. */

/** A platform id: a non-empty string, or a safe integer (some payloads use numbers), as a string. */
export const PlatformId = z
  .union([
    z.string().trim().min(1).max(256),
    z.number().int().refine(Number.isSafeInteger, { error: 'id is not a safe integer' }),
  ])
  .transform(String);

/** A short reason from a zod error: the first issue with its path. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${path}${issue.message}`;
}

/**
 * A platform time as ISO 8601: unix seconds or milliseconds (number or numeric string; values
 * below 1e11 are seconds, i.e. any date before the year 5138) or a date string. Falls back
 * when absent or unreadable.
 */
export function isoFromPlatformTime(value: unknown, fallback: string): string {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) {
    ms = value < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string' && /^\d{1,16}(\.\d+)?$/.test(value)) {
    const n = Number(value);
    ms = n < 1e11 ? n * 1000 : n;
  } else if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) ms = parsed;
  }
  if (ms === undefined || ms <= 0) return fallback;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}

function coordinate(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A WGS84 point from platform values (numbers or numeric strings); null when missing or out of range. */
export function toGeo(lat: unknown, lon: unknown, extra: { name?: unknown; address?: unknown } = {}): PostGeo | null {
  const la = coordinate(lat);
  const lo = coordinate(lon);
  if (la === undefined || lo === undefined || la < -90 || la > 90 || lo < -180 || lo > 180) return null;
  const geo: PostGeo = { lat: la, lon: lo };
  if (typeof extra.name === 'string' && extra.name.trim() !== '') geo.name = extra.name.trim();
  if (typeof extra.address === 'string' && extra.address.trim() !== '') geo.address = extra.address.trim();
  return geo;
}

/** Collects posts and skipped items, dropping repeats of an externalId inside one delivery. */
export class Collector {
  readonly fallbackTime: string;
  readonly #now: Date;
  readonly #maxAgeMs: number | undefined;
  private readonly posts: NormalizedPost[] = [];
  private readonly skipped: SkippedItem[] = [];
  private readonly seen = new Set<string>();

  constructor(options: ParseOptions) {
    this.#now = options.now ?? new Date();
    this.#maxAgeMs = options.maxAgeMs;
    this.fallbackTime = this.#now.toISOString();
  }

  add(post: NormalizedPost, path: string): void {
    if (this.seen.has(post.externalId)) {
      this.skip('repeat of an item earlier in this delivery', path);
      return;
    }
    this.seen.add(post.externalId);
    this.posts.push(post);
  }

  skip(reason: string, path?: string): void {
    this.skipped.push(path === undefined ? { reason } : { reason, path });
  }

  /** A platform's stated time, bounded by the time of receipt (see ParseOptions). */
  time(value: unknown): string {
    const stated = new Date(isoFromPlatformTime(value, this.fallbackTime));
    return boundClientTime(
      stated,
      this.#now,
      this.#maxAgeMs === undefined ? {} : { maxAgeMs: this.#maxAgeMs },
    ).at.toISOString();
  }

  result(): ParseResult {
    return { posts: this.posts, skipped: this.skipped };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmpty(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
