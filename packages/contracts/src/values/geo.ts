import { z } from 'zod';

/** A WGS84 position in decimal degrees. */
export const GeoPoint = z.object(
  {
    lat: z
      .number({ error: 'latitude must be a finite number of degrees' })
      .min(-90, { error: 'latitude must be between -90 and 90 degrees' })
      .max(90, { error: 'latitude must be between -90 and 90 degrees' }),
    lon: z
      .number({ error: 'longitude must be a finite number of degrees' })
      .min(-180, { error: 'longitude must be between -180 and 180 degrees' })
      .max(180, { error: 'longitude must be between -180 and 180 degrees' }),
  },
  { error: 'a location must be an object { lat, lon } in WGS84 degrees' },
);
export type GeoPoint = z.infer<typeof GeoPoint>;

/** IUGG mean Earth radius. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance (haversine on a sphere); within about 0.5% of the ellipsoidal distance. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rough bounding box of Indonesia, to catch swapped or zeroed coordinates; not a border test. */
export const INDONESIA_BOUNDS = { minLat: -11, maxLat: 6.5, minLon: 94, maxLon: 141.5 } as const;

export function isInIndonesiaBounds(p: GeoPoint): boolean {
  const b = INDONESIA_BOUNDS;
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon;
}
