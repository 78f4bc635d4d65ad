import { z } from 'zod';

/*
 * Indonesian mobile numbers: national form 08xx-…, 10 to 13 digits with the leading 0, so E.164
 * `+628` followed by 8 to 11 digits. `080x` ranges are toll-free and special services, not mobiles.
 * Accepted input: `08…`, `+628…`, `628…`, and the common `+62 (0)8…`, with spaces, dashes, dots
 * and parentheses ignored. Output: E.164 (`+6281234567890`).
 */

export const INDONESIAN_MOBILE_E164 = /^\+628[1-9]\d{7,10}$/;

function phoneProblem(input: string): { e164: string } | { problem: string } {
  const compact = input.replace(/[\s.\-()]/g, '');
  if (compact === '') return { problem: 'phone number is empty' };
  if (!/^\+?\d+$/.test(compact)) {
    return { problem: 'phone number may contain only digits, spaces, dashes, dots, parentheses and a leading +' };
  }
  let national: string;
  if (compact.startsWith('+62')) national = compact.slice(3);
  else if (compact.startsWith('+')) return { problem: 'only Indonesian phone numbers (+62) are accepted' };
  else if (compact.startsWith('62')) national = compact.slice(2);
  else if (compact.startsWith('0')) national = compact.slice(1);
  else return { problem: 'phone number must start with 08, +628 or 628' };
  if (/^08/.test(national) && !compact.startsWith('0')) national = national.slice(1); // "+62 (0)812…"

  if (!national.startsWith('8')) {
    return { problem: `only mobile numbers (08…) are accepted; 0${national.slice(0, 2)}… is not a mobile number` };
  }
  if (national[1] === '0') return { problem: '080… numbers are toll-free or special services, not mobile numbers' };
  const digits = national.length + 1; // counted the national way, with the leading 0
  if (digits < 10) return { problem: `mobile number is too short: 08… numbers have 10 to 13 digits, got ${digits}` };
  if (digits > 13) return { problem: `mobile number is too long: 08… numbers have 10 to 13 digits, got ${digits}` };
  return { e164: `+62${national}` };
}

/** Normalizes an Indonesian mobile number to E.164; throws a RangeError saying what is wrong. */
export function normalizePhone(input: string): string {
  if (typeof input !== 'string') throw new TypeError('phone number must be a string');
  const result = phoneProblem(input);
  if ('problem' in result) throw new RangeError(result.problem);
  return result.e164;
}

/** An Indonesian mobile number in any common form, transformed to E.164. */
export const IndonesianPhone = z
  .string({ error: 'phone number must be a string such as "0812-3456-7890"' })
  .transform((input, ctx) => {
    const result = phoneProblem(input);
    if ('e164' in result) return result.e164;
    ctx.issues.push({ code: 'custom', message: result.problem, input });
    return z.NEVER;
  });
export type IndonesianPhone = z.output<typeof IndonesianPhone>;

/** How many trailing digits a mask shows: enough for a person to recognise their own number, too few to call it. */
export const PHONE_MASK_VISIBLE_DIGITS = 2;

/**
 * `+62*********90`: only the last 2 subscriber digits stay (UU 27/2022; masks travel in events and
 * public answers, so they must not narrow a number down to a few candidates). Input that is not an
 * Indonesian E.164 mobile number is masked completely.
 */
export function maskPhone(e164: string): string {
  if (!INDONESIAN_MOBILE_E164.test(e164)) return e164.replace(/\d/g, '*');
  const subscriber = e164.slice(3);
  return `+62${'*'.repeat(subscriber.length - PHONE_MASK_VISIBLE_DIGITS)}${subscriber.slice(-PHONE_MASK_VISIBLE_DIGITS)}`;
}
