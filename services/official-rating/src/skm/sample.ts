/*
 * Minimum sample for an SKM period (Krejcie & Morgan, as the SKM guidance uses it):
 *
 *   S = X² N P (1 - P) / (d² (N - 1) + X² P (1 - P)),  X² = 3.841, P = 0.5, d = 0.05
 *
 * With those constants as fractions (3841/1000, 1/4, 1/400) this is exactly 3841 N / (10 N + 3831),
 * rounded up: a sample cannot hold part of a respondent, and rounding down would fall short.
 * N = 100 → 80, 1,000 → 278, 10,000 → 370, 1,000,000 → 384.
 */
export function minimumSample(serviceUsers: number): number {
  if (!Number.isSafeInteger(serviceUsers) || serviceUsers < 0) {
    throw new RangeError(`the number of service users must be a whole number from 0, got ${serviceUsers}`);
  }
  if (serviceUsers === 0) return 0;
  const n = BigInt(serviceUsers);
  const numerator = 3841n * n;
  const denominator = 10n * n + 3831n;
  return Number((numerator + denominator - 1n) / denominator);
}

/** Whether a period's respondents fall short of its minimum sample (the result must then be flagged). */
export function belowMinimumSample(respondents: number, serviceUsers: number): boolean {
  return respondents < minimumSample(serviceUsers);
}
