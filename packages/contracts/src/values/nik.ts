import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { findProvince } from './regions.js';

/*
 * NIK (Nomor Induk Kependudukan), 16 digits: PP RR DD ddmmyy SSSS.
 * PP province, RR regency, DD district of first registration; dd day of birth (+40 for women);
 * mm month; yy two-digit year; SSSS serial from 0001. Only the province is checked against
 * idn-area-data: regency and district codes of old NIKs may predate later splits of regions.
 * A NIK is personal data (UU 27/2022): store it hashed with hashNik, show it masked with maskNik.
 */

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function nikProblem(nik: string): string | undefined {
  if (!/^\d*$/.test(nik)) return 'NIK must contain only the digits 0-9 (no letters, spaces or dashes)';
  if (nik.length !== 16) return `NIK must be exactly 16 digits, got ${nik.length}`;
  const province = nik.slice(0, 2);
  if (!findProvince(province)) return `NIK starts with unknown province code ${province}`;
  const dd = nik.slice(6, 8);
  const day = Number(dd);
  if (day === 0 || (day > 31 && day < 41) || day > 71) {
    return `NIK day of birth ${dd} is not valid: it must be 01-31, or 41-71 for women (day + 40)`;
  }
  const mm = nik.slice(8, 10);
  const month = Number(mm);
  if (month < 1 || month > 12) return `NIK month of birth ${mm} is not a month (01-12)`;
  const yy = nik.slice(10, 12);
  const realDay = day > 40 ? day - 40 : day;
  const year = Number(yy);
  if (realDay > daysInMonth(1900 + year, month) && realDay > daysInMonth(2000 + year, month)) {
    return `NIK date of birth ${String(realDay).padStart(2, '0')}-${mm} does not exist in 19${yy} or 20${yy}`;
  }
  if (nik.slice(12) === '0000') return 'NIK serial number (last 4 digits) must not be 0000';
  return undefined;
}

export const Nik = z.string({ error: 'NIK must be a string of 16 digits' }).superRefine((nik, ctx) => {
  const problem = nikProblem(nik);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
export type Nik = z.infer<typeof Nik>;

export interface NikParts {
  provinceCode: string;
  /** `PP.RR`, the region of first registration (not necessarily where the person lives now). */
  regencyCode: string;
  districtCode: string;
  /** `YYYY-MM-DD`; see parseNik for how the century is chosen. */
  birthDate: string;
  sex: 'F' | 'M';
  serial: string;
}

/**
 * Splits a valid NIK. The century of the two-digit year: 20YY when that date exists and is not after
 * `today`, else 19YY. So someone over 100 years old is read as a child: the NIK cannot tell.
 * Throws a RangeError with the validation message for an invalid NIK.
 */
export function parseNik(nik: string, options: { today?: Date } = {}): NikParts {
  const problem = typeof nik === 'string' ? nikProblem(nik) : 'NIK must be a string of 16 digits';
  if (problem) throw new RangeError(problem);
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const realDay = day > 40 ? day - 40 : day;
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const iso = (year: number) => `${year}-${String(month).padStart(2, '0')}-${String(realDay).padStart(2, '0')}`;
  const recent = iso(2000 + yy);
  const useRecent =
    realDay <= daysInMonth(2000 + yy, month) && (recent <= today || realDay > daysInMonth(1900 + yy, month));
  return {
    provinceCode: nik.slice(0, 2),
    regencyCode: `${nik.slice(0, 2)}.${nik.slice(2, 4)}`,
    districtCode: `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    birthDate: useRecent ? recent : iso(1900 + yy),
    sex: day > 40 ? 'F' : 'M',
    serial: nik.slice(12),
  };
}

/** How many trailing NIK digits a mask shows (part of the 4-digit serial: it names no region, date or sex). */
export const NIK_MASK_VISIBLE_DIGITS = 2;

/** Shows only the last 2 digits: `**************34`. */
export function maskNik(nik: string): string {
  const visible = nik.length > NIK_MASK_VISIBLE_DIGITS + 2 ? nik.slice(-NIK_MASK_VISIBLE_DIGITS) : '';
  return '*'.repeat(nik.length - visible.length) + visible;
}

/**
 * Keyed hash (HMAC-SHA256, lowercase hex) for finding the same NIK again without storing it.
 * Keyed because a NIK has so little entropy that a plain hash is reversed by trying every NIK.
 */
export function hashNik(nik: string, key: string | Buffer): string {
  if (!/^\d{16}$/.test(nik)) throw new RangeError('hashNik: NIK must be exactly 16 digits');
  if (key.length === 0) throw new RangeError('hashNik: the key must not be empty');
  return createHmac('sha256', key).update(nik, 'utf8').digest('hex');
}

/**
 * Keyed hash (HMAC-SHA256, lowercase hex) of an identifier that can name a person outside the
 * service that holds it: a Telegram chat id, a WhatsApp number, an X user id, a platform message id
 * that embeds one. The same value and key give the same hash, so a consumer can send it back and the
 * owner finds its row; without the key nobody can test guesses.
 */
export function hashIdentifier(value: string, key: string | Buffer): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new RangeError('hashIdentifier: the value must be a non-empty string');
  if (key.length === 0) throw new RangeError('hashIdentifier: the key must not be empty');
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
