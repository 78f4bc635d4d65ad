import { describe, expect, it } from 'vitest';
import { officialRatingConfig } from '../../src/config.js';
import { publishAttribute } from '../../src/skm/profile.js';

const cells = (counts: [string | null, number][], minimum = 5) =>
  Object.fromEntries(publishAttribute('sex', new Map(counts), minimum).map((c) => [c.code, c.count]));

describe('respondent profile in aggregate', () => {
  it('publishes cells of at least the minimum and zeros', () => {
    expect(
      cells([
        ['L', 7],
        ['P', 9],
      ]),
    ).toEqual({ L: 7, P: 9, 'tidak-diisi': 0 });
  });

  it('suppresses a small cell, and the next smallest so the total cannot give it back', () => {
    // 12 respondents: L 8, P 3, not given 1 -> two small cells, both suppressed, L shown
    expect(
      cells([
        ['L', 8],
        ['P', 3],
        [null, 1],
      ]),
    ).toEqual({ L: 8, P: null, 'tidak-diisi': null });
    // one small cell alone: 20 - 16 would reveal P = 4, so L goes too
    expect(
      cells([
        ['L', 16],
        ['P', 4],
      ]),
    ).toEqual({ L: null, P: null, 'tidak-diisi': 0 });
    // with a third cell the smallest other one is suppressed, not the largest
    expect(
      cells([
        ['L', 16],
        ['P', 6],
        [null, 2],
      ]),
    ).toEqual({ L: 16, P: null, 'tidak-diisi': null });
  });

  it('shows nothing, zeros included, when all respondents together are fewer than the minimum', () => {
    expect(cells([['P', 3]])).toEqual({ L: null, P: null, 'tidak-diisi': null });
  });

  it('follows the chosen minimum', () => {
    expect(
      cells(
        [
          ['L', 8],
          ['P', 9],
        ],
        10,
      ),
    ).toEqual({ L: null, P: null, 'tidak-diisi': 0 });
    expect(
      cells(
        [
          ['L', 8],
          ['P', 9],
        ],
        3,
      ),
    ).toEqual({ L: 8, P: 9, 'tidak-diisi': 0 });
  });
});

describe('PROFILE_MINIMUM_CELL', () => {
  const issuesFor = (value: string) =>
    (officialRatingConfig.safeParse({ PROFILE_MINIMUM_CELL: value }).error?.issues ?? []).filter(
      (i) => i.path[0] === 'PROFILE_MINIMUM_CELL',
    );
  it('is 5 unless set, and never below 3', () => {
    expect(officialRatingConfig.shape.PROFILE_MINIMUM_CELL.parse(undefined)).toBe(5);
    expect(issuesFor('2')).toHaveLength(1);
    expect(issuesFor('3')).toEqual([]);
  });
});
