/**
 * Fee (retribusi) arithmetic: a fee rule is data, evaluated as an exact rational product of field
 * values, constants and table rates, then rounded once to whole rupiah. No floats, no eval.
 */
import { mulDivRupiah } from '@sinergi/contracts';
import type { FeeRule } from './model.js';

/** An exact non-negative rational from a decimal string: "12.5" -> 125/10. */
export function parseDecimal(s: string): { n: bigint; d: bigint } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(s)}`);
  const frac = m[2] ?? '';
  return { n: BigInt(m[1]! + frac), d: 10n ** BigInt(frac.length) };
}

export interface FeeResult {
  amount: bigint;
  /** How the amount came about, e.g. `12.5 × 35000 × 6 = 2625000`. */
  explanation: string;
}

export class FeeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Evaluates a fee rule over an application's data (values as the service stores them: strings). */
export function computeFee(rule: FeeRule, data: Readonly<Record<string, string | undefined>>): FeeResult {
  switch (rule.kind) {
    case 'free':
      return { amount: 0n, explanation: 'Tidak dipungut biaya (Rp 0)' };
    case 'fixed':
      return { amount: BigInt(rule.amount), explanation: `Tarif tetap ${rule.amount}` };
    case 'product': {
      let n = 1n;
      let d = 1n;
      const shown: string[] = [];
      for (const f of rule.factors) {
        let value: string;
        if ('constant' in f) value = f.constant;
        else {
          const raw = data[f.field];
          if (raw === undefined || raw === '') throw new FeeInputError(f.field, `the fee needs the field ${f.field}`);
          if ('table' in f) {
            const rate = f.table[raw];
            if (rate === undefined) throw new FeeInputError(f.field, `there is no rate for ${f.field} = ${raw}`);
            value = rate;
          } else value = raw;
        }
        const q = parseDecimal(value);
        n *= q.n;
        d *= q.d;
        shown.push(value);
      }
      let amount = mulDivRupiah(n, 1n, d, rule.rounding);
      const minimum = rule.minimum ? BigInt(rule.minimum) : 0n;
      const raised = amount < minimum;
      if (raised) amount = minimum;
      return {
        amount,
        explanation: `${shown.join(' × ')} = ${amount}${raised ? ` (tarif minimum ${minimum})` : ''} (pembulatan ${rule.rounding})`,
      };
    }
  }
}
