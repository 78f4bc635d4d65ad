/**
 * What triage makes of a classified post (not a workflow transition: those are the kit's
 * `transition`). Pure: thresholds in, outcome out.
 * Sure complaints in a category the region has go to complaints; sure non-complaints are set aside;
 * everything in between waits for a person in the triage inbox rather than being guessed. A question
 * (`readQuestion` in triage/question.ts: it asks and shows no grievance) is never handed over without a
 * person, however sure the model is: a traffic question became a public report that way (issue 16).
 */
export interface Classified {
  isComplaint: boolean;
  complaintConfidence: number;
  category: string | null;
  categoryConfidence: number;
  /** The post asks for information rather than reporting a problem. */
  question?: boolean;
}

export interface Thresholds {
  minConfidence: number;
  dismissConfidence: number;
}

export type TriageOutcome = 'complaint' | 'not-complaint' | 'pending';

export function triageOutcome(c: Classified, regionCategories: ReadonlySet<string>, t: Thresholds): TriageOutcome {
  if (c.isComplaint) {
    const sure = c.complaintConfidence >= t.minConfidence && c.categoryConfidence >= t.minConfidence;
    const known = c.category !== null && regionCategories.has(c.category);
    return sure && known && !c.question ? 'complaint' : 'pending';
  }
  return c.complaintConfidence >= t.dismissConfidence ? 'not-complaint' : 'pending';
}

export interface Candidate {
  id: string;
  districtCode: string | null;
  unit: string | null;
  similarity: number;
}

/**
 * The earlier complaint a new one repeats: the most similar candidate at or above the threshold
 * in the same area (same kecamatan when both are known, else the same receiving unit).
 */
export function nearDuplicate(
  post: { districtCode: string | null; unit: string | null },
  candidates: readonly Candidate[],
  minSimilarity: number,
): Candidate | undefined {
  return candidates
    .filter((c) => c.similarity >= minSimilarity)
    .filter((c) => (post.districtCode && c.districtCode ? c.districtCode === post.districtCode : c.unit === post.unit))
    .sort((a, b) => b.similarity - a.similarity)[0];
}
