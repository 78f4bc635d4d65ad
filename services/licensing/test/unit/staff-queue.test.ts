import { describe, expect, it } from 'vitest';
import type { ApplicationSummary } from '../../src/applications/read.js';
import { staffQueue } from '../../src/staff/queue.js';

const NOW = new Date('2026-12-08T03:00:00Z');
const app = (reg: string, status: ApplicationSummary['status'], due: string | null): ApplicationSummary => ({
  registrationNumber: reg,
  permitType: 'reklame',
  unit: 'dpmptsp',
  status,
  submittedAt: '2026-12-01T03:00:00Z',
  completenessDue: status === 'submitted' ? due : null,
  decisionDue: status === 'submitted' || status === 'objected' ? null : due,
  returnDue: null,
  objectionDue: status === 'objected' ? due : null,
  updatedAt: '2026-12-01T03:00:00Z',
});

describe('staffQueue', () => {
  it('puts the longest overdue first, then due soon, then later, then none; leaves out what waits for others', () => {
    const q = staffQueue(
      [
        app('later', 'complete', '2026-12-20T17:00:00Z'),
        app('none', 'complete', null),
        app('soon', 'objected', '2026-12-09T17:00:00Z'),
        app('late-1', 'in-review', '2026-12-07T17:00:00Z'),
        app('late-2', 'submitted', '2026-12-05T17:00:00Z'),
        app('theirs', 'returned', '2026-12-01T17:00:00Z'),
        app('done', 'issued', '2026-12-01T17:00:00Z'),
      ],
      NOW,
    );
    expect(q.map((e) => [e.registrationNumber, e.urgency])).toEqual([
      ['late-2', 'overdue'],
      ['late-1', 'overdue'],
      ['soon', 'soon'],
      ['later', 'later'],
      ['none', 'none'],
    ]);
  });
});
