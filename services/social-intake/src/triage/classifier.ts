import { readFileSync } from 'node:fs';
import type { Example } from './dataset.js';
import { DATA_DIR, loadDataset, loadSplit, NOT_COMPLAINT, splitDataset } from './dataset.js';
import { features } from './features.js';
import type { CompiledNB, TrainOptions, TriageModel } from './model.js';
import { COMPLAINT, compile, logJoint, parseModel, serializeModel, softmax, trainTriageModel } from './model.js';
import type { RuleWeights } from './rules.js';
import { DEFAULT_RULE_WEIGHTS, evaluateRules } from './rules.js';

/*
 * The public triage API: classify(text) with the shipped model (data/model.json, trained by
 * scripts/train.ts on the training split only), createClassifier(model) for any other model, and
 * trainFromExamples(examples) to retrain with staff corrections added.
 */

export interface CategoryCandidate {
  category: string;
  confidence: number;
}

export interface Classification {
  isComplaint: boolean;
  /** Confidence in the isComplaint decision, 0.5..1: max(p, 1 - p) with p = complaintProbability. */
  complaintConfidence: number;
  /** Probability that the post is a complaint (model and rules together). */
  complaintProbability: number;
  /** The most likely category when isComplaint, else null. */
  category: string | null;
  /** Probability of that category among complaints; 0 when category is null. */
  categoryConfidence: number;
  /** The three most likely categories, also for non-complaints (what a human in triage may pick). */
  candidates: CategoryCandidate[];
  /** For a non-complaint: terima-kasih, pertanyaan, promosi, spam or obrolan; else null. */
  kind: string | null;
  /** Why: model probabilities, the rules that fired. */
  signals: string[];
}

export interface ClassifierOptions {
  /** Apply the hand-written rules (default true). False gives the model alone, for comparison. */
  rules?: boolean;
  ruleWeights?: RuleWeights;
  /** Probability of "complaint" at or above which isComplaint is true (default 0.5). */
  complaintThreshold?: number;
}

export interface Classifier {
  readonly model: TriageModel;
  classify(text: string): Classification;
  /** The model as JSON, to store and load later with createClassifier(parseModel(json)). */
  serialize(): string;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function createClassifier(model: TriageModel, options: ClassifierOptions = {}): Classifier {
  const useRules = options.rules ?? true;
  const weights = options.ruleWeights ?? DEFAULT_RULE_WEIGHTS;
  const threshold = options.complaintThreshold ?? 0.5;
  const complaintNb: CompiledNB = compile(model.complaint);
  const categoryNb: CompiledNB = compile(model.category);
  const kindNb: CompiledNB = compile(model.kind);
  const complaintIndex = complaintNb.classes.indexOf(COMPLAINT);
  const notIndex = complaintNb.classes.indexOf(NOT_COMPLAINT);

  function classify(text: string): Classification {
    const signals: string[] = [];
    const cScores = logJoint(complaintNb, features(text, model.options.complaint.features));
    const modelLogOdds =
      complaintIndex < 0
        ? -Infinity
        : notIndex < 0
          ? Infinity
          : (cScores[complaintIndex]! - cScores[notIndex]!) / complaintNb.temperature;
    const rules = useRules ? evaluateRules(text, weights) : null;
    signals.push(`model:complaint=${round(sigmoid(modelLogOdds)).toFixed(3)}`);
    let pComplaint = sigmoid(modelLogOdds + (rules?.complaintShift ?? 0));
    if (rules) signals.push(...rules.signals);
    if (rules?.override === 'not-complaint') pComplaint = 0;

    const catScores = logJoint(categoryNb, features(text, model.options.category.features));
    const logits = Array.from(
      catScores,
      (s, i) => s / categoryNb.temperature + (rules?.categoryBoosts.get(categoryNb.classes[i]!) ?? 0),
    );
    const probs = softmax(logits);
    const ranked = categoryNb.classes
      .map((category, i) => ({ category, confidence: round(probs[i]!) }))
      .sort((a, b) => b.confidence - a.confidence || (a.category < b.category ? -1 : 1));
    const top = ranked[0]!;

    const isComplaint = pComplaint >= threshold;
    let kind: string | null = null;
    if (!isComplaint) {
      const kProbs = softmax(logJoint(kindNb, features(text, model.options.kind.features)), kindNb.temperature);
      kind = kindNb.classes[kProbs.indexOf(Math.max(...kProbs))] ?? null;
      if (rules?.signals.includes('rule:spam') || rules?.override) kind = 'spam';
      else if (rules?.signals.includes('rule:promotion')) kind = 'promosi';
      else if (rules?.signals.includes('rule:thanks')) kind = 'terima-kasih';
    }
    signals.push(`model:category=${top.category}@${top.confidence.toFixed(3)}`);

    return {
      isComplaint,
      complaintConfidence: round(Math.max(pComplaint, 1 - pComplaint)),
      complaintProbability: round(pComplaint),
      category: isComplaint ? top.category : null,
      categoryConfidence: isComplaint ? top.confidence : 0,
      candidates: ranked.slice(0, 3),
      kind,
      signals,
    };
  }

  return { model, classify, serialize: () => serializeModel(model) };
}

export const MODEL_FILE = new URL('model.json', DATA_DIR);

export function loadModel(file: URL | string = MODEL_FILE): TriageModel {
  return parseModel(readFileSync(file, 'utf8'));
}

let shipped: Classifier | undefined;

/** The classifier of the shipped model, loaded on first use. */
export function defaultClassifier(): Classifier {
  shipped ??= createClassifier(loadModel());
  return shipped;
}

/** Classifies one post with the shipped model and the rules. */
export function classify(text: string): Classification {
  return defaultClassifier().classify(text);
}

/** The shipped training split (never the held-out test split): the base for retraining. */
export function trainingExamples(): Example[] {
  return splitDataset(loadDataset(), loadSplit()).train;
}

/**
 * Trains a new classifier from labelled examples, e.g. `[...trainingExamples(), ...staffCorrections]`.
 * Labels are category codes, or "bukan-aduan" with a kind. Training takes well under a second for
 * thousands of posts; keep `classifier.serialize()` to reuse the model.
 */
export function trainFromExamples(
  examples: readonly Example[],
  options: { train?: Partial<TrainOptions>; classifier?: ClassifierOptions } = {},
): Classifier {
  return createClassifier(trainTriageModel(examples, options.train), options.classifier);
}
