/** Escalations in the public statistics: reports first escalated in the period, per level, unit and category. */
import { describe, expect, it } from 'vitest';
import { aggregateStatistics, type StatisticsRow } from '../../src/statistics/aggregate.js';

const period = { start: new Date('2026-06-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') };
const directory = {
  units: [
    { code: 'dsdabm', name: 'DSDABM' },
    { code: 'dishub', name: 'Dishub' },
  ],
  categories: [{ code: 'jalan-rusak', name: 'Jalan rusak' }],
};
const row = (overrides: Partial<StatisticsRow>): StatisticsRow => ({
  category: 'jalan-rusak',
  unit: 'dsdabm',
  status: 'in-progress',
  submitted_at: new Date('2026-06-02T03:00:00Z'),
  disposed_at: new Date('2026-06-02T05:00:00Z'),
  followup_due: new Date('2026-06-09T17:00:00Z'),
  followed_up_at: null,
  closed_at: null,
  ...overrides,
});

describe('escalations in the statistics', () => {
  it('counts a report once per level when its first escalation falls in the period', () => {
    const s = aggregateStatistics(
      [
        row({
          escalated_at: new Date('2026-06-10T00:00:00Z'),
          oversight_escalated_at: new Date('2026-06-15T00:00:00Z'),
        }),
        row({
          escalated_at: new Date('2026-06-20T00:00:00Z'),
          oversight_escalated_at: new Date('2026-07-02T00:00:00Z'),
        }),
        row({ unit: 'dishub', escalated_at: new Date('2026-05-20T00:00:00Z') }),
        row({ unit: 'dishub' }),
      ],
      period,
      directory,
    );
    expect(s.totals).toMatchObject({ escalated: 2, escalatedToOversight: 1 });
    expect(s.units.find((u) => u.unit === 'dsdabm')).toMatchObject({ escalated: 2, escalatedToOversight: 1 });
    expect(s.units.find((u) => u.unit === 'dishub')).toMatchObject({ escalated: 0, escalatedToOversight: 0 });
    expect(s.categories[0]).toMatchObject({ escalated: 2, escalatedToOversight: 1 });
  });
});
