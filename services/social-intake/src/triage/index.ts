/*
 * Triage core of social-intake: pure functions over the text of a post (the only I/O is reading the
 * shipped files in data/: the model, the labelled posts, the split).
 *
 *   classify(text)            complaint or not, category, confidences, signals (shipped model + rules)
 *   extractLocation(text, g)  address, kecamatan and kelurahan codes (g = gazetteerForRegion('32.73'))
 *   signature / similarity    MinHash for near-duplicate posts
 *   trainFromExamples(xs)     a retrained classifier, e.g. with staff corrections added
 */
export type { Classification, CategoryCandidate, Classifier, ClassifierOptions } from './classifier.js';
export {
  classify,
  createClassifier,
  defaultClassifier,
  loadModel,
  MODEL_FILE,
  trainFromExamples,
  trainingExamples,
} from './classifier.js';
export type { Example, LabelledPost, NonComplaintKind, Split } from './dataset.js';
export {
  assignSplit,
  loadDataset,
  loadSplit,
  NON_COMPLAINT_KINDS,
  NOT_COMPLAINT,
  parseDataset,
  splitDataset,
  stratifiedSplit,
} from './dataset.js';
export type { Evaluation, LabelMetrics } from './evaluate.js';
export { evaluate, finalLabel } from './evaluate.js';
export type { FeatureOptions } from './features.js';
export { features } from './features.js';
export type { AreaName, Gazetteer, LocationHint } from './location.js';
export { AMBIGUOUS_AREA_NAMES, extractLocation, gazetteerForRegion } from './location.js';
export type { MinHasher, MinHashOptions, Signature } from './minhash.js';
export { createMinHasher, decodeSignature, encodeSignature, jaccard, shingles, signature, similarity } from './minhash.js';
export type { NaiveBayesModel, StageOptions, TrainOptions, TriageModel } from './model.js';
export { DEFAULT_TRAIN_OPTIONS, parseModel, serializeModel, trainTriageModel } from './model.js';
export { cleanText, contentTokens, isStopword, normalizeText, normalizeTokens, squashRepeats, stripSuffix } from './normalize.js';
export { SIGNAL_WORDS, SLANG, STOPWORDS } from './lexicon.js';
export type { RuleOutcome, RuleWeights } from './rules.js';
export { DEFAULT_RULE_WEIGHTS, evaluateRules } from './rules.js';
export { stem } from './stemmer.js';
