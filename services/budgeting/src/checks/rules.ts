/**
 * Region-level spending checks TAPD reads with figures: mandatory-spending ratios (UU 1/2022
 * Art. 146-147: personnel at most 30%, infrastructure at least 40%; UUD 1945 Art. 31(4): education
 * 20%). Thresholds and what counts towards each are DATA per fiscal year (rules change every year,
 * and UU 17/2023 removed the 10% health floor), never constants in code. Pure: no I/O.
 */
export interface SpendingRule {
  code: string;
  label: string;
  kind: 'max' | 'min';
  /** A percentage with at most two places, e.g. "30". */
  percent: string;
  /** Account code prefixes that count (e.g. 5.1.01 Belanja Pegawai); empty: every account. */
  accounts: string[];
  /** Nomenclature prefixes of the sub-activity that count (e.g. 1.01 Pendidikan); empty: every one. */
  programs: string[];
  /** The legal basis shown beside the figure. */
  basis: string;
}

export interface SpendingRow {
  account: string;
  subActivity: string;
  total: bigint;
}

export interface RuleResult {
  code: string;
  label: string;
  kind: 'max' | 'min';
  percent: string;
  amount: bigint;
  /** The share of total spending, rounded half-up to two places, e.g. "28.53". */
  share: string;
  met: boolean;
  basis: string;
}

const matches = (code: string, prefixes: readonly string[]) =>
  prefixes.length === 0 || prefixes.some((p) => code === p || code.startsWith(`${p}.`));

/** Percent text with up to two places as hundredths: "30" -> 3000n, "2.5" -> 250n. */
export function percentHundredths(percent: string): bigint {
  const [whole, fraction = ''] = percent.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
}

function shareText(amount: bigint, total: bigint): string {
  if (total === 0n) return '0.00';
  const hundredths = (amount * 10_000n * 2n + total) / (2n * total); // half-up, amounts are never negative
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/** Each rule's amount and share of total spending; met is decided exactly (no rounded share involved). */
export function evaluateRules(
  rules: readonly SpendingRule[],
  rows: readonly SpendingRow[],
): { total: bigint; results: RuleResult[] } {
  const total = rows.reduce((s, r) => s + r.total, 0n);
  const results = rules.map((rule) => {
    const amount = rows
      .filter((r) => matches(r.account, rule.accounts) && matches(r.subActivity, rule.programs))
      .reduce((s, r) => s + r.total, 0n);
    // amount / total <= percent / 100, cross-multiplied in whole numbers
    const lhs = amount * 10_000n;
    const rhs = percentHundredths(rule.percent) * total;
    // a year with no spending yet meets no minimum
    const met = rule.kind === 'max' ? lhs <= rhs : total > 0n && lhs >= rhs;
    return {
      code: rule.code,
      label: rule.label,
      kind: rule.kind,
      percent: rule.percent,
      amount,
      share: shareText(amount, total),
      met,
      basis: rule.basis,
    };
  });
  return { total, results };
}
