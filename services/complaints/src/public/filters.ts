/** Turns the public query string into a filter; bad values are 400s naming the parameter. */
import { addCalendarDays, kitProblems, startOfLocalDay } from '@sinergi/service-kit';
import { P } from '../problems.js';
import type { z } from 'zod';
import { resolvePeriod, type Period, type PeriodResult } from '../statistics/period.js';
import type { BBox, PublicFilter } from './queries.js';
import type { PublicFilterQuery } from './schemas.js';

const invalid = (field: string, message: string) =>
  kitProblems.validation_failed(`The request is invalid: querystring.${field} ${message}`, {
    errors: [{ in: 'querystring', field, message }],
  });

/** `minLon,minLat,maxLon,maxLat` (GeoJSON's bbox order), in WGS84 degrees. */
export function parseBbox(value: string): BBox {
  const parts = value.split(',').map((p) => p.trim());
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n)))
    throw invalid('bbox', 'must be four numbers: minLon,minLat,maxLon,maxLat');
  const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
  if ([minLon, maxLon].some((x) => x < -180 || x > 180) || [minLat, maxLat].some((y) => y < -90 || y > 90)) {
    throw invalid(
      'bbox',
      'longitudes must be within -180..180 and latitudes within -90..90 (order: minLon,minLat,maxLon,maxLat)',
    );
  }
  if (minLon > maxLon || minLat > maxLat)
    throw invalid('bbox', 'minimum must not exceed maximum (order: minLon,minLat,maxLon,maxLat)');
  return { minLon, minLat, maxLon, maxLat };
}

export function publicFilter(q: z.output<typeof PublicFilterQuery>, timeZone: string): PublicFilter {
  if (q.from && q.to && q.from > q.to) throw invalid('from', `must not be after to (${q.to})`);
  return {
    category: q.category,
    status: q.status,
    unit: q.unit,
    districtCode: q.districtCode,
    type: q.type,
    submittedFrom: q.from ? startOfLocalDay(q.from, timeZone) : undefined,
    submittedBefore: q.to ? startOfLocalDay(addCalendarDays(q.to, 1), timeZone) : undefined,
    bbox: q.bbox !== undefined ? parseBbox(q.bbox) : undefined,
  };
}

/** The 400 for a period that runs backwards or is too long. */
function periodProblem(r: Extract<PeriodResult, { ok: false }>) {
  return P[r.code](`The period is invalid: ${r.field} ${r.message}.`, {
    errors: [{ in: 'querystring', field: r.field, message: r.message }],
  });
}

/** The query's period in the region's days (the last 30 by default), or the 400 saying why not. */
export function periodOrThrow(
  q: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: Date,
): Period {
  const resolved = resolvePeriod(q, timeZone, now);
  if (!resolved.ok) throw periodProblem(resolved);
  return resolved.period;
}
