import { describe, expect, it } from 'vitest';
import { refusalProblem, transition, transitionOrThrow } from '../../src/workflow/transition.js';
import { ProblemError } from '../../src/http/problem.js';

type State = 'draft' | 'submitted' | 'closed';
type Actor = 'applicant' | 'unit' | 'system';

const TABLE = {
  submit: { from: ['draft'], to: 'submitted', by: ['applicant'] },
  close: { from: ['submitted'], to: 'closed', by: ['unit', 'system'] },
} as const satisfies Record<string, { from: readonly State[]; to: State; by: readonly Actor[] }>;

const report = { object: 'a report' };

describe('transition', () => {
  it('allows an action the actor may take from the current state', () => {
    expect(
      transition(TABLE, { action: 'submit', state: 'draft' as State, actor: 'applicant' as Actor }, report),
    ).toEqual({ allowed: true, from: 'draft', to: 'submitted' });
  });

  it('refuses the wrong actor before looking at the state, so the refusal tells nothing about it', () => {
    const r = transition(TABLE, { action: 'close', state: 'draft' as State, actor: 'applicant' as Actor }, report);
    expect(r).toEqual({
      allowed: false,
      reason: 'actor_not_allowed',
      from: 'draft',
      detail: 'Only unit or system may close a report.',
    });
  });

  it('refuses an action the state does not allow, naming the states it needs', () => {
    const r = transition(
      TABLE,
      { action: 'submit', state: 'closed' as State, actor: 'applicant' as Actor },
      { object: 'an application', actors: (by) => `the ${by.join(' or ')}` },
    );
    expect(r).toEqual({
      allowed: false,
      reason: 'state_not_allowed',
      from: 'closed',
      detail: 'The action "submit" is not possible on an application that is closed; it needs draft.',
    });
  });

  it('uses the actor wording given', () => {
    const r = transition(
      TABLE,
      { action: 'submit', state: 'draft' as State, actor: 'unit' as Actor },
      { object: 'an application', actors: (by) => `the ${by.join(' or ')}` },
    );
    expect(r.allowed === false && r.detail).toBe('Only the applicant may submit an application.');
  });

  it('throws on an action the table does not have (a programming error, not a client one)', () => {
    // @ts-expect-error not an action of the table
    expect(() => transition(TABLE, { action: 'reopen', state: 'closed', actor: 'unit' }, report)).toThrow(
      /no action "reopen"/,
    );
  });
});

describe('refusalProblem', () => {
  it('is 403 forbidden_action for the wrong actor', () => {
    const r = transition(TABLE, { action: 'close', state: 'submitted' as State, actor: 'applicant' as Actor }, report);
    if (r.allowed) throw new Error('expected a refusal');
    expect(refusalProblem(r).toProblem()).toMatchObject({
      status: 403,
      code: 'forbidden_action',
      detail: 'Only unit or system may close a report.',
    });
  });

  it('is 409 invalid_transition with the current status (never overwriting the HTTP status)', () => {
    const r = transition(TABLE, { action: 'close', state: 'closed' as State, actor: 'unit' as Actor }, report);
    if (r.allowed) throw new Error('expected a refusal');
    expect(refusalProblem(r).toProblem()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      currentStatus: 'closed',
    });
  });

  it('transitionOrThrow returns the target state or throws the problem', () => {
    expect(
      transitionOrThrow(TABLE, { action: 'close', state: 'submitted' as State, actor: 'system' as Actor }, report),
    ).toBe('closed');
    expect(() =>
      transitionOrThrow(TABLE, { action: 'close', state: 'draft' as State, actor: 'system' as Actor }, report),
    ).toThrow(ProblemError);
  });
});
