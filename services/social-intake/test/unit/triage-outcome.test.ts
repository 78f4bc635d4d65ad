import { describe, expect, it } from 'vitest';
import { nearDuplicate, triageOutcome } from '../../src/posts/triage-outcome.js';

const thresholds = { minConfidence: 0.75, dismissConfidence: 0.9 };
const region = new Set(['jalan-jembatan', 'sampah-kebersihan']);
const complaint = (over: Partial<Parameters<typeof triageOutcome>[0]> = {}) => ({
  isComplaint: true,
  complaintConfidence: 0.9,
  category: 'jalan-jembatan',
  categoryConfidence: 0.8,
  ...over,
});

describe('triageOutcome', () => {
  it('when the post is a question, then it waits for a person however sure the model is (issue 16)', () => {
    expect(triageOutcome(complaint({ complaintConfidence: 0.99, question: true }), region, thresholds)).toBe('pending');
    expect(triageOutcome(complaint({ question: false }), region, thresholds)).toBe('complaint');
  });

  it('when both confidences reach the threshold and the region has the category, then the post is a complaint', () => {
    expect(triageOutcome(complaint(), region, thresholds)).toBe('complaint');
    expect(triageOutcome(complaint({ complaintConfidence: 0.75, categoryConfidence: 0.75 }), region, thresholds)).toBe(
      'complaint',
    );
  });

  it('when either confidence is short, or the category is unknown to the region or missing, then a person decides', () => {
    expect(triageOutcome(complaint({ complaintConfidence: 0.74 }), region, thresholds)).toBe('pending');
    expect(triageOutcome(complaint({ categoryConfidence: 0.74 }), region, thresholds)).toBe('pending');
    expect(triageOutcome(complaint({ category: 'pajak-daerah' }), region, thresholds)).toBe('pending');
    expect(triageOutcome(complaint({ category: null }), region, thresholds)).toBe('pending');
  });

  it('when the model is sure enough that it is no complaint, then it is set aside; otherwise a person decides', () => {
    const not = (complaintConfidence: number) => ({
      isComplaint: false,
      complaintConfidence,
      category: null,
      categoryConfidence: 0,
    });
    expect(triageOutcome(not(0.9), region, thresholds)).toBe('not-complaint');
    expect(triageOutcome(not(0.89), region, thresholds)).toBe('pending');
  });
});

describe('nearDuplicate', () => {
  const candidate = (id: string, similarity: number, districtCode: string | null, unit: string | null = 'dsdabm') => ({
    id,
    districtCode,
    unit,
    similarity,
  });

  it('when several candidates in the same kecamatan reach the threshold, then the most similar one is the match', () => {
    const match = nearDuplicate(
      { districtCode: '32.73.01', unit: 'dsdabm' },
      [candidate('a', 0.5, '32.73.01'), candidate('b', 0.7, '32.73.01'), candidate('c', 0.4, '32.73.01')],
      0.45,
    );
    expect(match?.id).toBe('b');
  });

  it('when the kecamatan of both is known and differs, then even an identical text is no duplicate', () => {
    expect(
      nearDuplicate({ districtCode: '32.73.01', unit: 'dsdabm' }, [candidate('a', 1, '32.73.02')], 0.45),
    ).toBeUndefined();
  });

  it('when a kecamatan is unknown, then the receiving unit decides the area', () => {
    expect(
      nearDuplicate({ districtCode: null, unit: 'dsdabm' }, [candidate('a', 0.6, '32.73.02', 'dsdabm')], 0.45)?.id,
    ).toBe('a');
    expect(
      nearDuplicate({ districtCode: null, unit: 'dsdabm' }, [candidate('a', 0.6, null, 'dishub')], 0.45),
    ).toBeUndefined();
  });

  it('when no candidate reaches the threshold, then there is no match', () => {
    expect(
      nearDuplicate({ districtCode: '32.73.01', unit: 'dsdabm' }, [candidate('a', 0.44, '32.73.01')], 0.45),
    ).toBeUndefined();
  });
});
