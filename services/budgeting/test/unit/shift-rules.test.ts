import { describe, expect, it } from 'vitest';
import { judgeShift, SHIFT_APPROVER, shiftKindOf, type ShiftLineChange } from '../../src/revision/shift-rules.js';

const change = (over: Partial<ShiftLineChange>): ShiftLineChange => ({
  lineItemId: 'a',
  subActivity: '2.15.02.2.01.0001',
  account: '5.1.02.01.01.0024',
  before: 1_000n,
  after: 1_000n,
  ...over,
});

describe('budget shifts (pergeseran)', () => {
  it('balance to the rupiah: decreases equal increases, and the moved amount is their sum', () => {
    const verdict = judgeShift('within-account', [
      change({ lineItemId: 'a', before: 3_500_000n, after: 3_080_000n }),
      change({ lineItemId: 'b', before: 5_400_000n, after: 5_820_000n }),
    ]);
    expect(verdict).toMatchObject({ ok: true, kind: 'within-account', moved: 420_000n });
  });

  it('refuse a shift one rupiah off, naming the difference', () => {
    expect(
      judgeShift('within-account', [
        change({ lineItemId: 'a', before: 3_500_000n, after: 3_080_000n }),
        change({ lineItemId: 'b', before: 5_400_000n, after: 5_820_001n }),
      ]),
    ).toMatchObject({ ok: false, code: 'shift_unbalanced', difference: 1n });
    expect(
      judgeShift('within-account', [change({ lineItemId: 'a', before: 10n, after: 9n }), change({ lineItemId: 'b' })]),
    ).toMatchObject({ ok: false, code: 'shift_unbalanced', difference: -1n });
  });

  it('refuse a shift that moves nothing, or names a line twice', () => {
    expect(judgeShift('within-account', [change({})])).toMatchObject({ ok: false, code: 'shift_unbalanced' });
    expect(
      judgeShift('within-account', [change({ before: 5n, after: 0n }), change({ before: 0n, after: 5n })]),
    ).toMatchObject({ ok: false, code: 'shift_invalid', field: 'changes' });
  });

  it('a cut line (after 0) and a new line (no id, before 0) balance like any other change', () => {
    expect(
      judgeShift('between-accounts', [
        change({ lineItemId: 'a', before: 700n, after: 0n }),
        change({ lineItemId: null, account: '5.1.02.02.01.0003', before: 0n, after: 700n }),
      ]),
    ).toMatchObject({ ok: true, kind: 'between-accounts', moved: 700n });
  });

  it('take the narrowest kind that covers the changes, and refuse a declared kind that does not match', () => {
    const accounts = [
      change({ lineItemId: 'a', before: 100n, after: 50n }),
      change({ lineItemId: 'b', account: '5.1.02.04.01.0001', before: 100n, after: 150n }),
    ];
    expect(shiftKindOf(accounts)).toBe('between-accounts');
    expect(judgeShift('within-account', accounts)).toMatchObject({ ok: false, code: 'shift_invalid', field: 'kind' });
    expect(judgeShift('between-sub-activities', accounts)).toMatchObject({ ok: false, code: 'shift_invalid' });
    const subs = [accounts[0]!, change({ lineItemId: 'c', subActivity: '7.01.01.2.06.0002', before: 0n, after: 50n })];
    const verdict = judgeShift('between-sub-activities', subs);
    expect(verdict).toMatchObject({ ok: true, kind: 'between-sub-activities' });
    if (verdict.ok)
      expect([...verdict.netBySubActivity]).toEqual([
        ['2.15.02.2.01.0001', -50n],
        ['7.01.01.2.06.0002', 50n],
      ]);
  });

  it('the unit head approves within one account; TAPD approves across accounts or sub-activities', () => {
    expect(SHIFT_APPROVER).toEqual({
      'within-account': 'unit-head',
      'between-accounts': 'tapd',
      'between-sub-activities': 'tapd',
    });
  });
});
