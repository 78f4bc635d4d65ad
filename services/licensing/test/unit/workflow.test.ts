/** The workflow table, checked cell by cell through the kit's `transition`, and what the applicant is told comes next. */
import { describe, expect, it } from 'vitest';
import { refusalProblem, transition } from '@sinergi/service-kit';
import {
  ACTIONS,
  APPLICATION_STATUSES,
  CLOCK_RUNNING,
  DESCRIBE,
  nextStep,
  type Action,
  type ApplicationStatus,
  type Actor,
} from '../../src/applications/workflow.js';

describe('the workflow table', () => {
  const actors: Actor[] = ['applicant', 'unit', 'integrator', 'system'];
  const t = (action: Action, state: ApplicationStatus, actor: Actor) =>
    transition(ACTIONS, { action, state, actor }, DESCRIBE);
  // written from the README's workflow table, not from ACTIONS: action -> who, and from-status -> to-status
  const EXPECTED: Record<string, { by: Actor; moves: Record<string, string> }> = {
    submit: { by: 'applicant', moves: { draft: 'submitted', returned: 'submitted' } },
    withdraw: { by: 'applicant', moves: { draft: 'withdrawn', submitted: 'withdrawn', returned: 'withdrawn' } },
    return: { by: 'unit', moves: { submitted: 'returned' } },
    complete: { by: 'unit', moves: { submitted: 'complete' } },
    'deem-complete': { by: 'system', moves: { submitted: 'complete' } },
    'start-review': { by: 'unit', moves: { complete: 'in-review' } },
    'record-findings': { by: 'unit', moves: { 'in-review': 'in-review' } },
    'assess-fee': { by: 'unit', moves: { complete: 'fee-assessed', 'in-review': 'fee-assessed' } },
    approve: { by: 'unit', moves: { 'fee-assessed': 'approved' } },
    reject: {
      by: 'unit',
      moves: { submitted: 'rejected', complete: 'rejected', 'in-review': 'rejected', 'fee-assessed': 'rejected' },
    },
    'confirm-payment': { by: 'integrator', moves: { approved: 'paid' } },
    issue: { by: 'system', moves: { approved: 'issued', paid: 'issued' } },
    'deem-grant': { by: 'system', moves: { complete: 'issued', 'in-review': 'issued', 'fee-assessed': 'issued' } },
    'deem-approve': {
      by: 'system',
      moves: { complete: 'approved', 'in-review': 'approved', 'fee-assessed': 'approved' },
    },
    'remind-completion': { by: 'system', moves: { returned: 'returned' } },
    lapse: { by: 'system', moves: { returned: 'lapsed' } },
    object: { by: 'applicant', moves: { rejected: 'objected' } },
    'uphold-rejection': { by: 'unit', moves: { objected: 'rejected' } },
    'grant-objection': { by: 'unit', moves: { objected: 'complete' } },
    'deem-grant-objection': { by: 'system', moves: { objected: 'complete' } },
  };
  const STATUSES = [
    'draft',
    'submitted',
    'returned',
    'complete',
    'in-review',
    'fee-assessed',
    'approved',
    'paid',
    'issued',
    'rejected',
    'withdrawn',
    'lapsed',
    'objected',
  ];

  it('knows exactly the actions and statuses of the README', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...APPLICATION_STATUSES].sort()).toEqual([...STATUSES].sort());
  });

  it('allows each action only from its statuses and only to its actor, to the expected status, and refuses everything else', () => {
    for (const [action, rule] of Object.entries(EXPECTED)) {
      for (const status of STATUSES) {
        for (const actor of actors) {
          const d = t(action as Action, status as ApplicationStatus, actor);
          const label = `${action} from ${status} by ${actor}`;
          if (actor !== rule.by) expect(d, label).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
          else if (rule.moves[status] === undefined)
            expect(d, label).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
          else expect(d, label).toEqual({ allowed: true, from: status, to: rule.moves[status] });
        }
      }
    }
  });

  it('returns files only before completeness, so a returned file never has a running clock', () => {
    expect(ACTIONS.return.from).toEqual(['submitted']);
    expect(CLOCK_RUNNING).not.toContain('returned');
    expect(CLOCK_RUNNING).not.toContain('submitted');
    expect(ACTIONS['deem-grant'].from).toEqual(CLOCK_RUNNING);
  });

  it('lets nobody but the system issue or deem grant, and only the integrator confirm payment', () => {
    expect(t('issue', 'paid', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('deem-grant', 'complete', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('confirm-payment', 'approved', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('deem-grant', 'approved', 'system')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
  });

  it('refuses in the words and with the problems the API has always answered with', () => {
    const wrongActor = t('approve', 'fee-assessed', 'applicant');
    const wrongState = t('approve', 'draft', 'unit');
    expect(wrongActor).toMatchObject({ allowed: false, detail: 'Only the unit may approve an application.' });
    expect(wrongState).toMatchObject({
      allowed: false,
      detail: 'The action "approve" is not possible on an application that is draft; it needs fee-assessed.',
    });
    expect(t('reject', 'paid', 'unit')).toMatchObject({
      detail:
        'The action "reject" is not possible on an application that is paid; it needs submitted or complete or in-review or fee-assessed.',
    });
    if (wrongActor.allowed || wrongState.allowed) throw new Error('both must be refused');
    expect(refusalProblem(wrongActor)).toMatchObject({ status: 403, code: 'forbidden_action' });
    expect(refusalProblem(wrongState)).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      extensions: { currentStatus: 'draft' },
    });
  });
});

describe('what happens next', () => {
  it('after a deemed grant with a fee still owed, the applicant pays: amount and how', () => {
    const owed = nextStep('issued', {
      feeDue: true,
      review: false,
      deemedGrant: true,
      amountDue: 'Rp 45.000',
      registrationNumber: 'IZN-AAAA-BBBB',
    });
    expect(owed.who).toBe('payment');
    expect(owed.text).toContain('Rp 45.000');
    expect(owed.text).toContain('IZN-AAAA-BBBB');
    expect(nextStep('issued', { feeDue: false, review: false, deemedGrant: true }).who).toBe('nobody');
    expect(nextStep('issued', { feeDue: false, review: false }).who).toBe('nobody');
  });
});

describe('what happens next, issue 16', () => {
  it('names the fee by its kind: Pajak Reklame is not called retribusi', () => {
    const owed = nextStep('approved', { feeDue: true, review: false, amountDue: 'Rp 1', feeName: 'Pajak Reklame' });
    expect(owed.text).toContain('Bayar Pajak Reklame');
    expect(owed.text).not.toContain('retribusi');
  });

  it('tells a deemed grant waiting for payment that the permit follows the payment', () => {
    const n = nextStep('approved', { feeDue: true, review: false, deemedGrant: true, amountDue: 'Rp 9' });
    expect(n.who).toBe('payment');
    expect(n.text).toContain('fiktif positif');
  });

  it('gives a returned file its last day, a rejection its objection window, and a lapsed file no next step', () => {
    expect(nextStep('returned', { feeDue: false, review: false, completeBy: '2026-12-24' }).text).toContain(
      'paling lambat 2026-12-24',
    );
    const rejected = nextStep('rejected', { feeDue: false, review: false, objectionUntil: '2027-01-05' });
    expect(rejected).toMatchObject({ who: 'applicant' });
    expect(rejected.text).toContain('keberatan paling lambat 2027-01-05');
    expect(nextStep('rejected', { feeDue: false, review: false }).who).toBe('nobody');
    expect(nextStep('lapsed', { feeDue: false, review: false }).who).toBe('nobody');
  });
});
