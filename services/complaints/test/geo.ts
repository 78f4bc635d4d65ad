/** Points at known distances, and the duplicate radii of the demo directory. */
import type { GeoPoint } from '@sinergi/contracts';
import { BANDUNG } from './regions.js';

const METERS_PER_DEGREE = 111_195.08; // the contracts' mean Earth radius
/** A point `north` and `east` meters from `p`. */
export const offset = (p: GeoPoint, north: number, east = 0): GeoPoint => ({
  lat: p.lat + north / METERS_PER_DEGREE,
  lon: p.lon + east / (METERS_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180)),
});

export const radius = (category: string) =>
  BANDUNG.complaintCategories.find((k: { code: string }) => k.code === category).duplicateRadiusMeters as number;
