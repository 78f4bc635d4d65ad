import { z } from 'zod';

/** The three Indonesian time zones as IANA names. Deadlines count working days in the region's own zone. */
export const IndonesianTimeZone = z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'], {
  error: (iss) =>
    `time zone must be one of Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT), got ${JSON.stringify(iss.input)}`,
});
export type IndonesianTimeZone = z.infer<typeof IndonesianTimeZone>;

export const TIME_ZONE_LABEL: Readonly<Record<IndonesianTimeZone, 'WIB' | 'WITA' | 'WIT'>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * The time zone of a province, by its two-digit Kemendagri code. Kalimantan Barat (61) and
 * Kalimantan Tengah (62) are WIB although the rest of Kalimantan is WITA.
 * Throws for a code outside the ranges Indonesia uses.
 */
export function timeZoneForProvince(provinceCode: string): IndonesianTimeZone {
  if (!/^\d{2}$/.test(provinceCode)) {
    throw new RangeError(`province code must be two digits, e.g. "32", got ${JSON.stringify(provinceCode)}`);
  }
  const n = Number(provinceCode);
  if ((n >= 11 && n <= 19) || n === 21 || (n >= 31 && n <= 36) || n === 61 || n === 62) return 'Asia/Jakarta';
  if ((n >= 51 && n <= 53) || (n >= 63 && n <= 65) || (n >= 71 && n <= 76)) return 'Asia/Makassar';
  if ((n >= 81 && n <= 82) || (n >= 91 && n <= 96)) return 'Asia/Jayapura';
  throw new RangeError(`unknown province code ${provinceCode}: no Indonesian time zone for it`);
}
