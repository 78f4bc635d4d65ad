/**
 * Duplicate detection: a new report near an open, public one of the same category within the
 * window supports it instead of opening a second case; the supported report's count goes out as
 * `report.supported`.
 */
import { distanceMeters, reportSupported } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { countSupporters, findSupportCandidates, lockKeys } from './repository.js';

const BOX_DEGREES_PER_METER = 1 / 111_000;

/** The nearest open, public report of the category within `radius` meters and the window. */
export async function findSupportTarget(
  ctx: Ctx,
  trx: Trx,
  q: { category: string; at: { lat: number; lon: number }; radius: number },
) {
  const { category, at, radius } = q;
  // two nearby reports submitted at the same moment must not both open a case: lock the grid cells
  // around the point (cells at least `radius` wide)
  const cell = radius / 100_000;
  const [i, j] = [Math.floor(at.lat / cell), Math.floor(at.lon / cell)];
  await lockKeys(
    trx,
    [-1, 0, 1].flatMap((di) => [-1, 0, 1].map((dj) => `${category}|${radius}|${i + di}|${j + dj}`)),
  );
  const dLat = radius * BOX_DEGREES_PER_METER;
  const dLon = dLat / Math.max(Math.cos((at.lat * Math.PI) / 180), 0.01);
  const since = new Date(Date.now() - ctx.config.DUPLICATE_WINDOW_DAYS * 86_400_000);
  const candidates = await findSupportCandidates(trx, {
    category,
    since,
    lat: { min: at.lat - dLat, max: at.lat + dLat },
    lon: { min: at.lon - dLon, max: at.lon + dLon },
  });
  return candidates
    .map((c) => ({ ...c, distance: distanceMeters(at, { lat: c.lat!, lon: c.lon! }) }))
    .filter((c) => c.distance <= radius)
    .sort((a, b) => a.distance - b.distance)[0];
}

export interface SupportChange {
  tenant: string;
  target: { id: string; tracking_id: string };
  supporterTrackingId: string;
  category: string;
  /** True when the supporter was linked, false when it was unlinked. */
  linked: boolean;
  now: Date;
}

/** `report.supported` with the target's current number of supporters, in the changing transaction. */
export async function emitSupported(ctx: Ctx, trx: Trx, c: SupportChange): Promise<void> {
  const supporters = await countSupporters(trx, c.target.id);
  await ctx.outbox.emit(trx, reportSupported, {
    tenant: c.tenant,
    subject: c.target.tracking_id,
    data: {
      trackingId: c.target.tracking_id,
      category: c.category,
      at: c.now.toISOString(),
      supporterTrackingId: c.supporterTrackingId,
      supporters,
      linked: c.linked,
    },
  });
}
