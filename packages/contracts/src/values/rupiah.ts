import { z } from 'zod';

/*
 * Rupiah has no minor unit in practice, and budgets reach trillions, so money is a whole number of
 * rupiah held as `bigint` in code and as a decimal string in JSON (a JSON number silently loses
 * precision above 2^53). The range is PostgreSQL's bigint, where amounts are stored.
 */

export const RUPIAH_MAX = 9_223_372_036_854_775_807n;
export const RUPIAH_MIN = -9_223_372_036_854_775_808n;

const NOT_A_STRING = 'money must be a string of whole rupiah, e.g. "1500000", not a JSON number';

function formatProblem(input: unknown, signed: boolean): string {
  const s = String(input);
  const shown = JSON.stringify(s);
  if (s.trim() === '') return 'amount is empty: give whole rupiah as digits, e.g. "1500000"';
  if (!signed && s.startsWith('-')) return `amount must not be negative, got ${shown}`;
  if (/[.,]/.test(s)) return `amount must be whole rupiah digits only, without separators or decimals, got ${shown}`;
  if (/^-?0\d/.test(s)) return `amount must not have leading zeros, got ${shown}`;
  if (s === '-0') return 'amount "-0" is not allowed: write "0"';
  return `amount must be whole rupiah as digits${signed ? ' with an optional leading "-"' : ''}, e.g. "1500000", got ${shown}`;
}

function rangeProblem(input: unknown): string {
  return `amount ${String(input)} is outside the allowed range ${RUPIAH_MIN}..${RUPIAH_MAX}`;
}

function inRange(s: string, min: bigint): boolean {
  const digits = s.startsWith('-') ? s.length - 1 : s.length;
  if (digits > 19) return false;
  const n = BigInt(s);
  return n >= min && n <= RUPIAH_MAX;
}

function amountString(signed: boolean) {
  const pattern = signed ? /^(?:0|-?[1-9][0-9]{0,18})$/ : /^(?:0|[1-9][0-9]{0,18})$/;
  return z
    .string({ error: NOT_A_STRING })
    .regex(pattern, {
      abort: true,
      error: (iss) =>
        /^-?[1-9]\d{19,}$/.test(String(iss.input)) && (signed || !String(iss.input).startsWith('-'))
          ? rangeProblem(iss.input)
          : formatProblem(iss.input, signed),
    })
    .refine((s) => inRange(s, signed ? RUPIAH_MIN : 0n), { error: (iss) => rangeProblem(iss.input) });
}

function amountBigint(signed: boolean) {
  const min = signed ? RUPIAH_MIN : 0n;
  return z
    .bigint({ error: 'amount must be a bigint of whole rupiah' })
    .min(min, {
      error: (iss) => (signed ? rangeProblem(iss.input) : `amount must not be negative, got ${String(iss.input)}`),
    })
    .max(RUPIAH_MAX, { error: (iss) => rangeProblem(iss.input) });
}

/** A non-negative amount as its JSON string, without conversion. */
export const RupiahString = amountString(false);
/** A possibly negative amount (a difference, a correction) as its JSON string. */
export const SignedRupiahString = amountString(true);

/** Non-negative rupiah: JSON string <-> bigint. A codec, so `z.encode` turns bigint back into JSON. */
export const Rupiah = z.codec(RupiahString, amountBigint(false), {
  decode: (s) => BigInt(s),
  encode: (n) => n.toString(),
});
export type Rupiah = z.output<typeof Rupiah>;

export const SignedRupiah = z.codec(SignedRupiahString, amountBigint(true), {
  decode: (s) => BigInt(s),
  encode: (n) => n.toString(),
});
export type SignedRupiah = z.output<typeof SignedRupiah>;

/** Parses a JSON money string; throws a RangeError with the schema's message. */
export function parseRupiah(s: string, options: { allowNegative?: boolean } = {}): bigint {
  const result = (options.allowNegative ? SignedRupiah : Rupiah).safeParse(s);
  if (!result.success) throw new RangeError(result.error.issues[0]?.message ?? 'invalid amount');
  return result.data;
}

/** The JSON form of an amount. Throws if it does not fit PostgreSQL bigint. */
export function rupiahToJson(amount: bigint): string {
  if (typeof amount !== 'bigint') throw new TypeError('amount must be a bigint of whole rupiah');
  if (amount < RUPIAH_MIN || amount > RUPIAH_MAX) throw new RangeError(rangeProblem(amount));
  return amount.toString();
}

/** `Rp 1.234.567`, or `-Rp 1.234.567` for a negative amount (Indonesian dots between thousands). */
export function formatRupiah(amount: bigint): string {
  const digits = (amount < 0n ? -amount : amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${amount < 0n ? '-' : ''}Rp ${grouped}`;
}

export function sumRupiah(amounts: Iterable<bigint>): bigint {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

/**
 * Rounding of a division result to whole rupiah. `half-up` rounds ties away from zero (the usual
 * commercial rounding); `half-even` rounds ties to the even neighbour (banker's rounding).
 */
export type RoundingMode = 'floor' | 'ceil' | 'half-up' | 'half-even';

/** `amount * numerator / denominator`, exact in bigint, rounded once at the end. */
export function mulDivRupiah(amount: bigint, numerator: bigint, denominator: bigint, rounding: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('mulDivRupiah: denominator must not be zero');
  let n = amount * numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncated toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const awayFromZero = n < 0n ? q - 1n : q + 1n;
  switch (rounding) {
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'ceil':
      return n > 0n ? q + 1n : q;
    case 'half-up':
    case 'half-even': {
      const twice = 2n * (r < 0n ? -r : r);
      if (twice > d) return awayFromZero;
      if (twice < d) return q;
      if (rounding === 'half-up') return awayFromZero;
      return q % 2n === 0n ? q : awayFromZero;
    }
    default:
      throw new RangeError(`unknown rounding mode ${String(rounding)}`);
  }
}
