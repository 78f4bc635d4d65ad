import { describe, expect, it } from 'vitest';
import { localDate } from '@sinergi/service-kit';
import { parseDecimal, parseMonth, parsePeriod, percentText } from '../../src/realization/periods.js';
import { programOf, rollup } from '../../src/realization/rollup.js';
import {
  validateIndicatorResults,
  validateRealization,
  type BudgetLine,
  type RawIndicatorResult,
} from '../../src/realization/rules.js';

const TODAY = '2026-07-15';

describe('periods', () => {
  it('a month is a local year-month of the fiscal year that has begun', () => {
    expect(parseMonth('2026-03', 2026, TODAY)).toEqual({ ok: true, month: 3 });
    expect(parseMonth('2026-07', 2026, TODAY)).toEqual({ ok: true, month: 7 });
    expect(parseMonth('2026-08', 2026, TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not begun'),
    });
    expect(parseMonth('2025-12', 2026, TODAY)).toMatchObject({ ok: false });
    for (const bad of ['2026-13', '2026-3', '03-2026', '2026-00', ''])
      expect(parseMonth(bad, 2026, TODAY).ok).toBe(false);
  });

  it("the month that has begun is the region's local one", () => {
    const instant = new Date('2026-01-31T17:30:00Z'); // 00:30 on 1 February in Jakarta (UTC+7)
    expect(parseMonth('2026-02', 2026, localDate(instant, 'Asia/Jakarta'))).toEqual({ ok: true, month: 2 });
    expect(parseMonth('2026-02', 2026, localDate(instant, 'UTC')).ok).toBe(false);
  });

  it('an indicator period is a month or a quarter that has begun', () => {
    expect(parsePeriod('2026-Q3', 2026, TODAY)).toEqual({ ok: true, period: '2026-Q3' });
    expect(parsePeriod('2026-Q4', 2026, TODAY).ok).toBe(false);
    expect(parsePeriod('2026-06', 2026, TODAY)).toEqual({ ok: true, period: '2026-06' });
    expect(parsePeriod('2026-Q5', 2026, TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('quarter'),
    });
  });

  it('percentages are exact, two places, half-up once; null against zero', () => {
    expect(percentText(1n, 3n)).toBe('33.33');
    expect(percentText(2n, 3n)).toBe('66.67');
    expect(percentText(1n, 8n)).toBe('12.50');
    expect(percentText(1n, 200_000n)).toBe('0.00'); // 0.0005 % rounds to 0.00 ...
    expect(percentText(1n, 20_000n)).toBe('0.01'); // ... and 0.005 % half-up to 0.01
    expect(percentText(3n, 2n)).toBe('150.00');
    expect(percentText(5n, 0n)).toBeNull();
    // a float would say 0.1 + 0.2: Rp 10 trillion budgets stay exact
    expect(percentText(3_333_333_333_333n, 10_000_000_000_000n)).toBe('33.33');
  });

  it('decimals with at most four places', () => {
    expect(parseDecimal('12')).toBe(120_000n);
    expect(parseDecimal('0')).toBe(0n);
    expect(parseDecimal('3.5')).toBe(35_000n);
    for (const bad of ['-1', '1.23456', 'abc', '1e3']) expect(parseDecimal(bad)).toBeUndefined();
  });
});

const lines = new Map<string, BudgetLine>([
  ['a', { id: 'a', subActivityId: 's1', account: '5.1.02.01.01.0024', total: 1_000n }],
  ['b', { id: 'b', subActivityId: 's1', account: '5.1.02.01.01.0024', total: 500n }],
  ['c', { id: 'c', subActivityId: 's1', account: '5.2.04.01.01.0001', total: 300n }],
]);
/** `line lineItem month amount [reason]`, as a CSV row would bring them. */
const row = (line: number, text: string) => {
  const [lineItem = '', month = '', amount = '', ...reason] = text.split(' ');
  return { line, lineItem, month, amount, reason: reason.join(' ') };
};

describe('recording realization', () => {
  it('a line may go over its own budget while its account stays within', () => {
    const r = validateRealization([row(1, 'a 2026-01 1200'), row(2, 'b 2026-01 300')], {
      year: 2026,
      today: TODAY,
      lines,
      recorded: new Map(),
    });
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.lineItemId, e.month, e.amount, e.before])).toEqual([
      ['a', 1, 1200n, null],
      ['b', 1, 300n, null],
    ]);
  });

  it('the account may not exceed its budget, counting months already recorded', () => {
    const r = validateRealization([row(4, 'b 2026-02 1')], {
      year: 2026,
      today: TODAY,
      lines,
      recorded: new Map([
        ['a|1', 1200n],
        ['b|1', 300n],
      ]),
    });
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'amount', code: 'realization_exceeds_budget' }),
    ]);
  });

  it('a correction replaces the figure and needs a reason; the same figure again changes nothing', () => {
    const ctx = { year: 2026, today: TODAY, lines, recorded: new Map([['c|3', 100n]]) };
    expect(validateRealization([row(1, 'c 2026-03 100')], ctx)).toMatchObject({ entries: [], unchanged: 1 });
    expect(validateRealization([row(1, 'c 2026-03 90')], ctx).errors).toEqual([
      expect.objectContaining({ column: 'reason', code: 'correction_reason_required' }),
    ]);
    expect(validateRealization([row(1, `c 2026-03 90 ${'x'.repeat(2001)}`)], ctx).errors).toEqual([
      expect.objectContaining({ column: 'reason', code: 'invalid_quantity' }),
    ]);
    expect(validateRealization([row(1, 'c 2026-03 90 SP2D dibatalkan')], ctx).entries).toEqual([
      { line: 1, lineItemId: 'c', month: 3, amount: 90n, before: 100n, reason: 'SP2D dibatalkan' },
    ]);
  });

  it('reports every bad row: unknown line, bad month, bad amount, duplicate', () => {
    const r = validateRealization(
      [
        row(2, 'zzz 2026-01 1'),
        row(3, 'a 2026-09 1'),
        row(4, 'a 2026-01 1.5'),
        row(5, 'c 2026-01 -3'),
        row(6, 'c 2026-02 10'),
        row(7, 'c 2026-02 10'),
      ],
      { year: 2026, today: TODAY, lines, recorded: new Map() },
    );
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'lineItem', 'line_item_not_found'],
      [3, 'month', 'period_invalid'],
      [4, 'amount', 'invalid_quantity'],
      [5, 'amount', 'invalid_quantity'],
      [7, 'month', 'duplicate_entry'],
    ]);
  });
});

describe('indicator results', () => {
  const subs = new Map([
    ['1.03.10.2.01.0021', { id: 's1', indicators: [{ text: 'Panjang jalan', target: '12', unit: 'km' }] }],
  ]);
  const raw = (over: Partial<RawIndicatorResult> = {}): RawIndicatorResult => ({
    line: 1,
    subActivity: '1.03.10.2.01.0021',
    indicator: '1',
    period: '2026-Q1',
    realized: '3.50',
    note: 'Ruas A selesai',
    reason: '',
    ...over,
  });
  it('records a canonical decimal per indicator and period; a changed value needs a reason', () => {
    const first = validateIndicatorResults([raw()], {
      year: 2026,
      today: TODAY,
      subActivities: subs,
      recorded: new Map(),
    });
    expect(first.entries[0]).toMatchObject({ subActivityId: 's1', indicator: 1, period: '2026-Q1', realized: '3.5' });
    const recorded = new Map([['s1|1|2026-Q1', { realized: '3.5', note: 'Ruas A selesai' }]]);
    const ctx = { year: 2026, today: TODAY, subActivities: subs, recorded };
    expect(validateIndicatorResults([raw()], ctx)).toMatchObject({ unchanged: 1, entries: [] });
    expect(validateIndicatorResults([raw({ realized: '4' })], ctx).errors[0]).toMatchObject({
      code: 'correction_reason_required',
    });
  });
  it('refuses an unknown sub-activity or indicator, a bad period or value', () => {
    const r = validateIndicatorResults(
      [
        raw({ subActivity: '9.99' }),
        raw({ line: 2, indicator: '2' }),
        raw({ line: 3, period: '2026-Q4' }),
        raw({ line: 4, realized: 'banyak' }),
      ],
      { year: 2026, today: TODAY, subActivities: subs, recorded: new Map() },
    );
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [1, 'subActivity', 'sub_activity_not_found'],
      [2, 'indicator', 'invalid_quantity'],
      [3, 'period', 'period_invalid'],
      [4, 'realized', 'invalid_quantity'],
    ]);
  });
});

describe('rollup', () => {
  const figures = [
    { unit: 'dsdabm', subActivity: '1.03.10.2.01.0021', account: '5.2.04.01.01.0001', budget: 300n, realized: 100n },
    { unit: 'dsdabm', subActivity: '1.03.10.2.01.0021', account: '5.1.02.01.01.0024', budget: 3n, realized: 1n },
    { unit: 'dishub', subActivity: '2.15.02.2.01.0001', account: '5.1.02.01.01.0024', budget: 0n, realized: 0n },
  ];
  it('sums exactly per key, with the absorption and what remains', () => {
    expect(programOf('1.03.10.2.01.0021')).toBe('1.03.10');
    const byAccount = rollup(figures, 'account');
    expect(byAccount.rows.map((r) => [r.code, r.budget, r.realized, r.absorption])).toEqual([
      ['5.1.02.01.01.0024', 3n, 1n, '33.33'],
      ['5.2.04.01.01.0001', 300n, 100n, '33.33'],
    ]);
    expect(rollup(figures, 'unit').rows.find((r) => r.code === 'dishub')).toMatchObject({ absorption: null });
    expect(rollup(figures, 'program').total).toMatchObject({ budget: 303n, realized: 101n, remaining: 202n });
  });
});
