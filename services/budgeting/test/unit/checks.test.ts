import { describe, expect, it } from 'vitest';
import { evaluateRules, percentHundredths, type SpendingRule } from '../../src/checks/rules.js';

const personnel: SpendingRule = {
  code: 'personnel',
  label: 'Belanja pegawai',
  kind: 'max',
  percent: '30',
  accounts: ['5.1.01'],
  programs: [],
  basis: 'UU 1/2022 Pasal 146',
};
const education: SpendingRule = {
  code: 'education',
  label: 'Fungsi pendidikan',
  kind: 'min',
  percent: '20',
  accounts: [],
  programs: ['1.01'],
  basis: 'UUD 1945 Pasal 31 ayat (4)',
};

const rows = [
  { account: '5.1.01.01.01.0001', subActivity: '1.01.01.2.02.0001', total: 300n },
  { account: '5.1.02.01.01.0024', subActivity: '1.01.02.2.01.0001', total: 100n },
  { account: '5.2.04.01.01.0001', subActivity: '1.03.10.2.01.0021', total: 600n },
];

describe('spending checks (thresholds are data per year)', () => {
  it('computes amounts and shares by account and by program prefix', () => {
    const { total, results } = evaluateRules([personnel, education], rows);
    expect(total).toBe(1000n);
    expect(results).toEqual([
      expect.objectContaining({ code: 'personnel', amount: 300n, share: '30.00', met: true }),
      expect.objectContaining({ code: 'education', amount: 400n, share: '40.00', met: true }),
    ]);
  });

  it('decides exactly at the boundary, not on a rounded share', () => {
    const over = [...rows, { account: '5.1.01.01.01.0002', subActivity: '4.01.01.2.01.0001', total: 1n }];
    // 301 / 1001 = 30.0699...% : over 30%, though it rounds to "30.07"
    const [p] = evaluateRules([personnel], over).results;
    expect(p).toMatchObject({ amount: 301n, share: '30.07', met: false });
    // against 30.07% it is met (30.0699 <= 30.07), against 30.06% not, whatever the rounded share says
    const [q] = evaluateRules([{ ...personnel, percent: '30.07' }], over).results;
    expect(q!.met).toBe(true);
    const [r] = evaluateRules([{ ...personnel, percent: '30.06' }], over).results;
    expect(r!.met).toBe(false);
  });

  it('matches whole code segments only: 1.01 is not 1.010 or 1.011', () => {
    const [e] = evaluateRules(
      [education],
      [{ account: '5.1.02.01.01.0024', subActivity: '1.011.01.2.01.0001', total: 5n }],
    ).results;
    expect(e!.amount).toBe(0n);
  });

  it('an empty year is 0.00 and a minimum is not met', () => {
    expect(evaluateRules([education], []).results[0]).toMatchObject({ share: '0.00', met: false });
    expect(percentHundredths('2.5')).toBe(250n);
  });
});
