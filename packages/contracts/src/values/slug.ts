import { z } from 'zod';

function slug(what: string, maxLength: number, example: string) {
  const pattern = new RegExp(`^[a-z0-9](?:[a-z0-9-]{0,${maxLength - 2}}[a-z0-9])?$`);
  return z.string({ error: `${what} must be a string like "${example}"` }).regex(pattern, {
    error: (iss) =>
      `${what} must be 1-${maxLength} lowercase letters, digits and dashes, not starting or ending with a dash, e.g. "${example}"; got ${JSON.stringify(iss.input)}`,
  });
}

/** A work unit (SKPD/OPD) code inside a region, e.g. `dsdabm`. */
export const UnitCode = slug('unit code', 40, 'dsdabm');
export type UnitCode = z.infer<typeof UnitCode>;

/** A general identifier slug (complaint category codes, official ids). */
export const Slug = slug('code', 64, 'jalan-rusak');
export type Slug = z.infer<typeof Slug>;
