import { createHash } from 'node:crypto';
import type { Example } from './dataset.js';
import { NOT_COMPLAINT } from './dataset.js';
import type { FeatureOptions } from './features.js';
import { features } from './features.js';

/*
 * Multinomial naive Bayes over binary unigram+bigram features (each feature counted once per document),
 * Laplace/Lidstone smoothing, log-probabilities. Two stages plus one helper:
 *   complaint: "aduan" vs "bukan-aduan", on every example;
 *   category:  the complaint category, on complaints only;
 *   kind:      what a non-complaint is (terima-kasih, pertanyaan, promosi, spam, obrolan).
 *
 * Naive Bayes is famously over-confident (its log-odds add up word by word as if words were independent),
 * so each stage has a temperature T: probabilities are softmax(logJoint / T). T is fitted on the TRAINING
 * examples only, by k-fold cross-validation: the T that minimizes the log-loss of out-of-fold predictions.
 *
 * The serialized model holds counts (integers), not log-probabilities, so retraining on the same examples
 * reproduces the same JSON byte for byte, and a model can be inspected by eye.
 */

export interface NaiveBayesModel {
  classes: string[];
  alpha: number;
  temperature: number;
  /** Documents per class (for the prior). */
  docs: Record<string, number>;
  /** Sum of feature counts per class. */
  totals: Record<string, number>;
  /** Feature -> sparse counts as flat pairs [classIndex, count, classIndex, count, ...]. */
  counts: Record<string, number[]>;
}

export interface StageOptions {
  /** Lidstone smoothing (1 = Laplace). */
  alpha: number;
  /** Drop features seen in fewer than this many training documents. */
  minDocumentFrequency: number;
  features: FeatureOptions;
}

export interface TrainOptions {
  complaint: StageOptions;
  category: StageOptions;
  kind: StageOptions;
  /** Folds for fitting each stage's temperature; 0 keeps T = 1. */
  calibrationFolds: number;
}

/*
 * Chosen by 5-fold cross-validation on the training split (scripts/tune.ts): bigrams ("terima kasih",
 * "mau tanya", "tidak ada") help to tell complaints from the rest; for the category, where every class has
 * only a few dozen examples, unigrams of stems with Laplace smoothing generalize better (a bigram mostly
 * repeats its two unigrams, which naive Bayes then counts twice).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  complaint: { alpha: 0.1, minDocumentFrequency: 1, features: { bigrams: true, stems: false } },
  category: { alpha: 1, minDocumentFrequency: 1, features: { bigrams: false, stems: true } },
  kind: { alpha: 0.5, minDocumentFrequency: 1, features: { bigrams: true, stems: true } },
  calibrationFolds: 5,
};

export const COMPLAINT = 'aduan';

export interface TriageModel {
  format: 'sinergi-triage-nb';
  version: 1;
  options: TrainOptions;
  trainedOn: {
    examples: number;
    /** Ids of the training examples that had one, sorted (lets a test prove no held-out id was used). */
    ids: string[];
    /** SHA-256 of the sorted "id\tlabel\ttext" lines of all training examples. */
    sha256: string;
    labels: Record<string, number>;
  };
  complaint: NaiveBayesModel;
  category: NaiveBayesModel;
  kind: NaiveBayesModel;
}

interface Doc {
  features: string[];
  label: string;
}

const sortedRecord = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function fitCounts(docs: readonly Doc[], classes: readonly string[], options: StageOptions) {
  const index = new Map(classes.map((c, i) => [c, i]));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.features) df.set(f, (df.get(f) ?? 0) + 1);
  const counts = new Map<string, number[]>();
  const docCount = classes.map(() => 0);
  const totals = classes.map(() => 0);
  for (const d of docs) {
    const c = index.get(d.label);
    if (c === undefined) throw new Error(`unknown class ${d.label}`);
    docCount[c]!++;
    for (const f of d.features) {
      if ((df.get(f) ?? 0) < options.minDocumentFrequency) continue;
      let row = counts.get(f);
      if (!row) counts.set(f, (row = classes.map(() => 0)));
      row[c]!++;
      totals[c]!++;
    }
  }
  return { counts, docCount, totals };
}

/** A compiled model: log-prior and log-likelihood tables, ready to score. */
export interface CompiledNB {
  classes: string[];
  temperature: number;
  logPrior: Float64Array;
  logLik: Map<string, Float64Array>;
}

export function compile(model: NaiveBayesModel): CompiledNB {
  const k = model.classes.length;
  const vocabulary = Object.keys(model.counts).length;
  const nDocs = model.classes.reduce((s, c) => s + (model.docs[c] ?? 0), 0);
  const logPrior = new Float64Array(k);
  const denom = new Float64Array(k);
  model.classes.forEach((c, i) => {
    logPrior[i] = Math.log(((model.docs[c] ?? 0) + 1) / (nDocs + k));
    denom[i] = Math.log((model.totals[c] ?? 0) + model.alpha * (vocabulary + 1));
  });
  const logLik = new Map<string, Float64Array>();
  for (const [feature, pairs] of Object.entries(model.counts)) {
    const row = new Float64Array(k);
    for (let j = 0; j + 1 < pairs.length; j += 2) row[pairs[j]!] = pairs[j + 1]!;
    const ll = new Float64Array(k);
    for (let i = 0; i < k; i++) ll[i] = Math.log(row[i]! + model.alpha) - denom[i]!;
    logLik.set(feature, ll);
  }
  return { classes: model.classes, temperature: model.temperature, logPrior, logLik };
}

/** Log joint probability per class (unnormalized), ignoring features outside the vocabulary. */
export function logJoint(nb: CompiledNB, feats: readonly string[]): Float64Array {
  const out = Float64Array.from(nb.logPrior);
  for (const f of feats) {
    const ll = nb.logLik.get(f);
    if (ll) for (let i = 0; i < out.length; i++) out[i]! += ll[i]!;
  }
  return out;
}

export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  const exps = Array.from(logits, (x) => Math.exp(x / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

function trainRaw(
  docs: readonly Doc[],
  classes: readonly string[],
  options: StageOptions,
  temperature: number,
): NaiveBayesModel {
  const { counts, docCount, totals } = fitCounts(docs, classes, options);
  return {
    classes: [...classes],
    alpha: options.alpha,
    temperature,
    docs: sortedRecord(classes.map((c, i) => [c, docCount[i]!])),
    totals: sortedRecord(classes.map((c, i) => [c, totals[i]!])),
    counts: sortedRecord([...counts].map(([f, row]) => [f, row.flatMap((n, i) => (n > 0 ? [i, n] : []))])),
  };
}

const TEMPERATURE_GRID = [
  1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 25, 30, 40, 50,
] as const;

/** Out-of-fold log joints: for each doc, scores from a model trained without its fold. Deterministic folds. */
export function outOfFold(docs: readonly Doc[], classes: readonly string[], options: StageOptions, folds: number) {
  const result: { scores: Float64Array; label: string }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = docs.filter((_, i) => i % folds !== fold);
    const held = docs.filter((_, i) => i % folds === fold);
    const nb = compile(trainRaw(train, classes, options, 1));
    for (const d of held) result.push({ scores: logJoint(nb, d.features), label: d.label });
  }
  return result;
}

/** The temperature minimizing the log-loss of out-of-fold predictions (a grid search). */
export function fitTemperature(
  oof: readonly { scores: Float64Array; label: string }[],
  classes: readonly string[],
): number {
  let best: number = TEMPERATURE_GRID[0];
  let bestLoss = Infinity;
  for (const t of TEMPERATURE_GRID) {
    let loss = 0;
    for (const { scores, label } of oof) {
      const p = softmax(scores, t)[classes.indexOf(label)] ?? 0;
      loss -= Math.log(Math.max(p, 1e-12));
    }
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/** Trains one naive Bayes stage, with its temperature fitted by cross-validation on these docs. */
export function trainNaiveBayes(docs: readonly Doc[], options: StageOptions, calibrationFolds = 5): NaiveBayesModel {
  const classes = [...new Set(docs.map((d) => d.label))].sort();
  const enough = calibrationFolds >= 2 && docs.length >= calibrationFolds * 2 && classes.length > 1;
  const temperature = enough ? fitTemperature(outOfFold(docs, classes, options, calibrationFolds), classes) : 1;
  return trainRaw(docs, classes, options, temperature);
}

function fingerprint(examples: readonly Example[]): string {
  const lines = examples.map((e) => `${e.id ?? ''}\t${e.label}\t${e.text}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Trains the whole triage model from labelled examples (the shipped training split, plus any staff
 * corrections). Labels: a category code, or "bukan-aduan" with a kind.
 */
export function trainTriageModel(examples: readonly Example[], partial: Partial<TrainOptions> = {}): TriageModel {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial };
  if (examples.length === 0) throw new Error('no training examples');
  const stage = (name: 'complaint' | 'category' | 'kind', pick: (e: Example) => string | null): NaiveBayesModel => {
    const docs = examples.flatMap((e) => {
      const label = pick(e);
      return label === null ? [] : [{ features: features(e.text, options[name].features), label }];
    });
    if (docs.length === 0) throw new Error(`training needs examples for the ${name} stage`);
    return trainNaiveBayes(docs, options[name], options.calibrationFolds);
  };
  const labels = new Map<string, number>();
  for (const e of examples) labels.set(e.label, (labels.get(e.label) ?? 0) + 1);
  return {
    format: 'sinergi-triage-nb',
    version: 1,
    options,
    trainedOn: {
      examples: examples.length,
      ids: examples.flatMap((e) => (e.id === undefined ? [] : [e.id])).sort(),
      sha256: fingerprint(examples),
      labels: sortedRecord(labels),
    },
    complaint: stage('complaint', (e) => (e.label === NOT_COMPLAINT ? NOT_COMPLAINT : COMPLAINT)),
    category: stage('category', (e) => (e.label === NOT_COMPLAINT ? null : e.label)),
    kind: examples.some((e) => e.label === NOT_COMPLAINT && e.kind)
      ? stage('kind', (e) => (e.label === NOT_COMPLAINT && e.kind ? e.kind : null))
      : trainRaw([{ features: [], label: 'obrolan' }], ['obrolan'], options.kind, 1),
  };
}

export function serializeModel(model: TriageModel): string {
  return `${JSON.stringify(model)}\n`;
}

export function parseModel(json: string): TriageModel {
  const model = JSON.parse(json) as TriageModel;
  if (model.format !== 'sinergi-triage-nb' || model.version !== 1) throw new Error('not a sinergi triage model (v1)');
  return model;
}
