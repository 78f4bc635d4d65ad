import { maskNik } from './nik.js';
import { maskPhone, normalizePhone } from './phone.js';
import { maskEmail } from './personal.js';

/*
 * Masks personal data inside free text before it leaves a service in an event or a public response (UU 27/2022).
 * It hides what can be recognized; it does not anonymize (names and addresses stay).
 */

/** Bounded repetitions (local part 64, labels 63) keep the matching linear on long texts without spaces. */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

/** 16 digits, optionally grouped by single spaces, dots or dashes (`3273 0101 0190 0001`). */
const NIK_LIKE = /(?<!\d)\d(?:[ .-]?\d){15}(?!\d)/g;

/** Indonesian mobiles: `08…`, `628…`, `+628…`, `+62 (0)8…`, grouped by single spaces, dots or dashes. */
const MOBILE = /(?<![\d+])(?:\+62|62|0)[ .-]?(?:\(0\)[ .-]?)?8(?:[ .-]?\d){8,11}(?!\d)/g;

/** Any other number in international form +62 (landlines): all its digits are hidden. */
const PLUS_62_OTHER = /(?<![\d+])\+62[ .-]?\(?\d(?:[ .)-]?\d){6,11}(?!\d)/g;

/**
 * Masks e-mail addresses (`b***@example.com`), NIK-like 16-digit numbers (`************0001`) and
 * Indonesian mobile numbers (`+62812****7890`, whatever form they were written in) in free text.
 * Numbers in +62 form that are not mobiles lose all their digits. National landline numbers
 * (`022-…`) are left: they cannot be told from other numbers reliably.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (email) => maskEmail(email))
    .replace(NIK_LIKE, (nik) => maskNik(nik.replace(/\D/g, '')))
    .replace(MOBILE, (phone) => {
      try {
        return maskPhone(normalizePhone(phone));
      } catch {
        return phone; // not a mobile number after all (e.g. 080… service numbers)
      }
    })
    .replace(PLUS_62_OTHER, (phone) => `+62${phone.slice(3).replace(/\d/g, '*')}`);
}
