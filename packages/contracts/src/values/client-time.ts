/*
 * Times a client or platform states (when a post was written, when a gateway received an SMS) are
 * claims, not facts. Unbounded, a post dated 9999 stays inside every "last N hours" window and one
 * dated 1970 or 0001 drops out of every statistic. The rule, the same everywhere a time comes from
 * outside:
 *   - later than the receive time plus CLIENT_TIME_MAX_FUTURE_MS (5 minutes, for clock skew) -> the receive time;
 *   - earlier than the receive time minus maxAgeMs (default 30 days) -> the receive time;
 *   - otherwise kept as given.
 * Clamping (not refusing) keeps a platform's delivery: a 400 would only make it retry the same body.
 * The caller keeps the stated time in its raw record when it has one.
 */

export const CLIENT_TIME_MAX_FUTURE_MS = 5 * 60_000;
export const CLIENT_TIME_MAX_AGE_MS = 30 * 86_400_000;

export interface ClientTimeBounds {
  maxFutureMs?: number;
  maxAgeMs?: number;
}

export interface BoundedTime {
  at: Date;
  /** Why the stated time was replaced by the receive time; null when it was kept. */
  clamped: 'future' | 'too-old' | 'invalid' | null;
}

/** The stated time bounded by the receive time (see the rule above). */
export function boundClientTime(stated: Date, receivedAt: Date, bounds: ClientTimeBounds = {}): BoundedTime {
  const maxFuture = bounds.maxFutureMs ?? CLIENT_TIME_MAX_FUTURE_MS;
  const maxAge = bounds.maxAgeMs ?? CLIENT_TIME_MAX_AGE_MS;
  const t = stated.getTime();
  const now = receivedAt.getTime();
  if (Number.isNaN(t)) return { at: new Date(now), clamped: 'invalid' };
  if (t > now + maxFuture) return { at: new Date(now), clamped: 'future' };
  if (t < now - maxAge) return { at: new Date(now), clamped: 'too-old' };
  return { at: new Date(t), clamped: null };
}
