import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../src/staff/queue.js';

const item = (trackingId: string, overdue: boolean, due?: string) => ({
  trackingId,
  overdue,
  deadline: due ? { due } : null,
});

describe('the staff queue order', () => {
  it('puts overdue reports first, longest overdue on top, then the nearest deadline, then those without one', () => {
    const ordered = queueOrder([
      item('LPR-TANPA', false),
      item('LPR-LUSA', false, '2026-12-10T17:00:00Z'),
      item('LPR-TELAT-SEDIKIT', true, '2026-12-06T17:00:00Z'),
      item('LPR-BESOK', false, '2026-12-09T17:00:00Z'),
      item('LPR-TELAT-LAMA', true, '2026-12-01T17:00:00Z'),
    ]);
    expect(ordered.map((i) => i.trackingId)).toEqual([
      'LPR-TELAT-LAMA',
      'LPR-TELAT-SEDIKIT',
      'LPR-BESOK',
      'LPR-LUSA',
      'LPR-TANPA',
    ]);
  });
});
