import type { Classification, Classifier } from './classifier.js';
import type { Example } from './dataset.js';
import { NOT_COMPLAINT } from './dataset.js';
import { triageOutcome } from '../posts/triage-outcome.js';
import { readQuestion } from './question.js';

/*
 * Metrics of a classifier on labelled examples, shared by scripts/eval.ts, scripts/tune.ts and the tests.
 *  - complaint accuracy: isComplaint right (complaint vs bukan-aduan);
 *  - category accuracy: on the TRUE complaints, the top category right (whatever stage 1 said);
 *  - overall accuracy: the final label right (category when isComplaint, else bukan-aduan);
 *  - per label precision/recall/F1 and the confusion matrix over final labels.
 */

export interface LabelMetrics {
  label: string;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  examples: number;
  complaintAccuracy: number;
  complaintPrecision: number;
  complaintRecall: number;
  categoryAccuracy: number;
  categoryExamples: number;
  overallAccuracy: number;
  macroF1: number;
  labels: string[];
  perLabel: LabelMetrics[];
  /** confusion[true][predicted] counts, over `labels`. */
  confusion: number[][];
  /** Final-label accuracy and share of posts decided automatically, for confidence thresholds. */
  coverage: { threshold: number; automatic: number; accuracy: number }[];
  errors: { id?: string; text: string; label: string; predicted: string; result: Classification }[];
}

export const finalLabel = (r: Classification): string => (r.isComplaint ? (r.category ?? 'lainnya') : NOT_COMPLAINT);

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function evaluate(
  classifier: Classifier,
  examples: readonly Example[],
  labelOrder?: readonly string[],
): Evaluation {
  const results = examples.map((e) => ({ e, r: classifier.classify(e.text) }));
  const labels = [
    ...new Set([...(labelOrder ?? []), ...examples.map((e) => e.label), ...results.map(({ r }) => finalLabel(r))]),
  ];
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let complaintRight = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let categoryRight = 0;
  let categoryN = 0;
  let overallRight = 0;
  const errors: Evaluation['errors'] = [];
  for (const { e, r } of results) {
    const truth = e.label !== NOT_COMPLAINT;
    if (truth === r.isComplaint) complaintRight++;
    if (truth && r.isComplaint) tp++;
    if (!truth && r.isComplaint) fp++;
    if (truth && !r.isComplaint) fn++;
    if (truth) {
      categoryN++;
      if (r.candidates[0]?.category === e.label) categoryRight++;
    }
    const predicted = finalLabel(r);
    if (predicted === e.label) overallRight++;
    else
      errors.push({ ...(e.id === undefined ? {} : { id: e.id }), text: e.text, label: e.label, predicted, result: r });
    confusion[index.get(e.label)!]![index.get(predicted)!]!++;
  }
  const perLabel = labels.map((label, i) => {
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    const correct = confusion[i]![i]!;
    const precision = ratio(correct, predicted);
    const recall = ratio(correct, support);
    return { label, support, predicted, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  });
  const withSupport = perLabel.filter((m) => m.support > 0);
  const coverage = [0, 0.5, 0.6, 0.7, 0.8, 0.9].map((threshold) => {
    const auto = results.filter(
      ({ r }) => r.complaintConfidence >= threshold && (!r.isComplaint || r.categoryConfidence >= threshold),
    );
    return {
      threshold,
      automatic: ratio(auto.length, results.length),
      accuracy: ratio(auto.filter(({ e, r }) => finalLabel(r) === e.label).length, auto.length),
    };
  });
  return {
    examples: examples.length,
    complaintAccuracy: ratio(complaintRight, examples.length),
    complaintPrecision: ratio(tp, tp + fp),
    complaintRecall: ratio(tp, tp + fn),
    categoryAccuracy: ratio(categoryRight, categoryN),
    categoryExamples: categoryN,
    overallAccuracy: ratio(overallRight, examples.length),
    macroF1: ratio(
      withSupport.reduce((a, m) => a + m.f1, 0),
      withSupport.length,
    ),
    labels,
    perLabel,
    confusion,
    coverage,
    errors,
  };
}

export interface HandOverPoint {
  threshold: number;
  /** Posts handed to complaints without a person. */
  handedOver: number;
  share: number;
  /** Of those, how many are truly complaints (the issue-16 figure: a question must not become a report). */
  precision: number;
  /** Of those, how many are complaints of the right category. */
  categoryPrecision: number;
  /** Non-complaints handed over: each one a public report nobody made. */
  falseReports: number;
  /** Posts the question rule kept for a person: true complaints, and non-complaints. */
  heldAsQuestion: { complaints: number; notComplaints: number };
}

/**
 * Automatic hand-over as triage does it (`triageOutcome`: both confidences at the threshold, a
 * category the region has, and, with `questions`, not a question), per threshold.
 */
export function handOverPrecision(
  classifier: Classifier,
  examples: readonly Example[],
  opts: { categories: ReadonlySet<string>; thresholds: readonly number[]; questions: boolean },
): HandOverPoint[] {
  const results = examples.map((e) => ({ e, r: classifier.classify(e.text), q: readQuestion(e.text).question }));
  return opts.thresholds.map((threshold) => {
    const t = { minConfidence: threshold, dismissConfidence: 1.01 };
    const handed = results.filter(
      ({ r, q }) => triageOutcome({ ...r, question: opts.questions && q }, opts.categories, t) === 'complaint',
    );
    const held = results.filter(
      ({ r, q }) => q && opts.questions && triageOutcome(r, opts.categories, t) === 'complaint',
    );
    const truly = handed.filter(({ e }) => e.label !== NOT_COMPLAINT);
    return {
      threshold,
      handedOver: handed.length,
      share: ratio(handed.length, results.length),
      precision: ratio(truly.length, handed.length),
      categoryPrecision: ratio(handed.filter(({ e, r }) => r.category === e.label).length, handed.length),
      falseReports: handed.length - truly.length,
      heldAsQuestion: {
        complaints: held.filter(({ e }) => e.label !== NOT_COMPLAINT).length,
        notComplaints: held.filter(({ e }) => e.label === NOT_COMPLAINT).length,
      },
    };
  });
}
