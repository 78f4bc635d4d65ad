import { describe, expect, it } from 'vitest';
import { transition } from '@sinergi/service-kit';
import { accountAllowed, checkUnitPrice } from '../../src/reference/prices.js';
import { BUDGET_ACTIONS, type BudgetAction, type BudgetActor, type BudgetStatus } from '../../src/cycle/workflow.js';

const item = (annex: 'I' | 'II' | null) => ({
  code: 'SBU-1',
  maxUnitPrice: 500_000n,
  annex,
  accounts: ['5.1.02.04.01.0001'],
});

describe('the price lock (Perpres 33/2020)', () => {
  it('lets any price up to the maximum through', () => {
    expect(checkUnitPrice(item('I'), 500_000n, undefined)).toEqual({ ok: true, exceeds: false });
  });
  it('Annex I and local items are hard ceilings, reason or not', () => {
    expect(checkUnitPrice(item('I'), 500_001n, 'Harga pasar naik tajam')).toMatchObject({
      ok: false,
      code: 'price_above_ceiling',
    });
    expect(checkUnitPrice(item(null), 500_001n, 'Harga pasar naik tajam')).toMatchObject({
      ok: false,
      code: 'price_above_ceiling',
    });
  });
  it('Annex II estimates may be exceeded only with a written reason', () => {
    expect(checkUnitPrice(item('II'), 600_000n, undefined)).toMatchObject({
      ok: false,
      code: 'excess_reason_required',
    });
    expect(checkUnitPrice(item('II'), 600_000n, 'short')).toMatchObject({ ok: false, code: 'excess_reason_required' });
    expect(checkUnitPrice(item('II'), 600_000n, 'Lokasi terpencil, ongkos angkut tinggi')).toEqual({
      ok: true,
      exceeds: true,
    });
  });
  it('an item is budgeted only under its accounts', () => {
    expect(accountAllowed(item('I'), '5.1.02.04.01.0001')).toBe(true);
    expect(accountAllowed(item('I'), '5.2.02.01.01.0001')).toBe(false);
  });
});

describe('the budget cycle', () => {
  const move = (action: BudgetAction, state: BudgetStatus, actor: BudgetActor) =>
    transition(BUDGET_ACTIONS, { action, state, actor }, { object: "a unit's budget" });
  it('runs ceilings -> drafting -> submitted -> approved -> region-approved -> locked', () => {
    expect(move('open', 'ceilings', 'tapd')).toMatchObject({ allowed: true, to: 'drafting' });
    expect(move('submit', 'drafting', 'unit')).toMatchObject({ allowed: true, to: 'submitted' });
    expect(move('approve', 'submitted', 'tapd')).toMatchObject({ allowed: true, to: 'approved' });
    expect(move('approve-region', 'approved', 'admin')).toMatchObject({ allowed: true, to: 'region-approved' });
    expect(move('lock', 'region-approved', 'tapd')).toMatchObject({ allowed: true, to: 'locked' });
  });
  it("TAPD closes a unit's editing and opens it again; a closed budget cannot be submitted", () => {
    expect(move('close', 'drafting', 'tapd')).toMatchObject({ allowed: true, to: 'closed' });
    expect(move('close', 'returned', 'admin')).toMatchObject({ allowed: true, to: 'closed' });
    expect(move('submit', 'closed', 'unit')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
    expect(move('open', 'closed', 'tapd')).toMatchObject({ allowed: true, to: 'drafting' });
    expect(move('close', 'submitted', 'tapd')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
    expect(move('close', 'drafting', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
  });

  it('a returned budget is submitted again', () => {
    expect(move('return', 'submitted', 'tapd')).toMatchObject({ allowed: true, to: 'returned' });
    expect(move('submit', 'returned', 'unit')).toMatchObject({ allowed: true, to: 'submitted' });
  });
  it('refuses the wrong actor before looking at the state, and skipped steps', () => {
    expect(move('approve', 'drafting', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(move('lock', 'approved', 'tapd')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
    expect(move('submit', 'locked', 'unit')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
  });
});
