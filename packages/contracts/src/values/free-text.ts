import { maskNik } from './nik.js';
import { maskPhone, normalizePhone } from './phone.js';
import { maskEmail } from './personal.js';

/*
 * Masks personal data inside free text before it leaves a service in an event or a public response (UU 27/2022).
 * It hides what can be recognized; it does not anonymize (names and addresses stay).
 */

/** Bounded repetitions (local part 64, labels 63) keep the matching linear on long texts without spaces. */
const EMAIL =
  /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

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

/*
 * Text PostgreSQL and JSON cannot hold. PostgreSQL refuses U+0000 in `text` and `jsonb` (`\u0000`),
 * and `jsonb` refuses a lone UTF-16 surrogate (`\ud800`), which JSON.parse accepts and JSON.stringify
 * writes back as an escape. One bad character would make a whole insert fail, so input from outside
 * is made storable instead: NUL is dropped, a lone surrogate becomes U+FFFD. Everything else,
 * other control characters included, is valid in both and kept.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point of this pattern
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without NUL and with each lone surrogate replaced by U+FFFD; the same string when it is clean. */
export function storableText(text: string): string {
  UNSTORABLE.lastIndex = 0;
  if (!UNSTORABLE.test(text)) return text;
  return text.replace(UNSTORABLE, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** Whether storableText would change the text. */
export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(text);
}

/**
 * A copy of parsed JSON with storableText applied to every string and every key. Walks with an
 * explicit stack, so the input's depth cannot overflow the call stack. Keys are defined as own
 * properties (a `__proto__` key stays data, it never becomes a prototype).
 */
export function storableJson(value: unknown): unknown {
  const root: Record<string, unknown> = { value };
  const stack: [Record<string | number, unknown>, string | number][] = [[root, 'value']];
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!;
    const v = holder[key];
    if (typeof v === 'string') {
      holder[key] = storableText(v);
    } else if (Array.isArray(v)) {
      const copy: unknown[] = v.slice();
      holder[key] = copy;
      for (let i = 0; i < copy.length; i += 1) stack.push([copy as unknown as Record<number, unknown>, i]);
    } else if (typeof v === 'object' && v !== null) {
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const clean = storableText(k);
        Object.defineProperty(copy, clean, { value: item, enumerable: true, writable: true, configurable: true });
        stack.push([copy, clean]);
      }
      holder[key] = copy;
    }
  }
  return root.value;
}
