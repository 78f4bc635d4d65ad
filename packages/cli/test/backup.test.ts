import { describe, expect, it } from 'vitest';
import { resumeAt } from '../src/backup.js';

// old sequences 3, 4, 7, 9 (5, 6, 8 aged out or were deleted) restored as 1, 2, 3, 4
const MAP: Array<[number, number]> = [
  [3, 1],
  [4, 2],
  [7, 3],
  [9, 4],
];

describe('where a restored consumer resumes', () => {
  it('starts at the first restored message it had not acknowledged', () => {
    expect(resumeAt(MAP, 4, 5)).toBe(3);
    expect(resumeAt(MAP, 5, 5)).toBe(3);
    expect(resumeAt(MAP, 0, 5)).toBe(1);
  });

  it('starts after the last message when it had acknowledged everything', () => {
    expect(resumeAt(MAP, 9, 5)).toBe(5);
    expect(resumeAt([], 12, 1)).toBe(1);
  });
});
