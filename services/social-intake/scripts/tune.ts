/*
 * Chooses hyperparameters by 5-fold cross-validation on the TRAINING split only (the held-out test split
 * is never loaded here). Prints one line per configuration; the defaults in model.ts (DEFAULT_TRAIN_OPTIONS)
 * and rules.ts (DEFAULT_RULE_WEIGHTS) were picked from this output.
 *   node --import tsx scripts/tune.ts            # everything (about a minute)
 *   node --import tsx scripts/tune.ts --rules    # only the rule weights
 */
import { createClassifier } from '../src/triage/classifier.js';
import { loadDataset, loadSplit, splitDataset } from '../src/triage/dataset.js';
import { evaluate } from '../src/triage/evaluate.js';
import type { StageOptions, TrainOptions } from '../src/triage/model.js';
import { DEFAULT_TRAIN_OPTIONS, trainTriageModel } from '../src/triage/model.js';
import type { RuleWeights } from '../src/triage/rules.js';
import { DEFAULT_RULE_WEIGHTS } from '../src/triage/rules.js';

const FOLDS = 5;
const { train } = splitDataset(loadDataset(), loadSplit());

function crossValidate(options: TrainOptions, weights: RuleWeights | null) {
  let complaint = 0;
  let category = 0;
  let overall = 0;
  let nCat = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const fit = train.filter((_, i) => i % FOLDS !== fold);
    const held = train.filter((_, i) => i % FOLDS === fold);
    const clf = createClassifier(trainTriageModel(fit, options), {
      rules: weights !== null,
      ...(weights ? { ruleWeights: weights } : {}),
    });
    const ev = evaluate(clf, held);
    complaint += ev.complaintAccuracy * held.length;
    overall += ev.overallAccuracy * held.length;
    category += ev.categoryAccuracy * ev.categoryExamples;
    nCat += ev.categoryExamples;
  }
  return { complaint: complaint / train.length, category: category / nCat, overall: overall / train.length };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, r: ReturnType<typeof crossValidate>) =>
  console.log(
    `${name.padEnd(52)} complaint ${pct(r.complaint)}  category ${pct(r.category)}  overall ${pct(r.overall)}`,
  );

const stageGrid = (alphas: number[]): [string, StageOptions][] =>
  alphas.flatMap((alpha) =>
    [true, false].flatMap((bigrams) =>
      [true, false].map((stems): [string, StageOptions] => [
        `alpha=${alpha} bigrams=${bigrams} stems=${stems}`,
        { alpha, minDocumentFrequency: 1, features: { bigrams, stems } },
      ]),
    ),
  );

if (!process.argv.includes('--rules')) {
  // accuracy only (argmax does not depend on the temperature): skip calibration to go faster
  const fast = { ...DEFAULT_TRAIN_OPTIONS, calibrationFolds: 0 };
  for (const [name, complaint] of stageGrid([0.1, 0.3, 0.5, 1]))
    line(`complaint stage ${name}`, crossValidate({ ...fast, complaint }, null));
  for (const [name, category] of stageGrid([0.5, 1, 1.5, 2, 3]))
    line(`category stage ${name}`, crossValidate({ ...fast, category }, null));
}
line('defaults, model only', crossValidate(DEFAULT_TRAIN_OPTIONS, null));
line('defaults, with rules', crossValidate(DEFAULT_TRAIN_OPTIONS, DEFAULT_RULE_WEIGHTS));
for (const categoryBoost of [0, 0.5, 1, 1.5, 2, 2.5, 3, 4]) {
  line(
    `rules categoryBoost=${categoryBoost}`,
    crossValidate(DEFAULT_TRAIN_OPTIONS, { ...DEFAULT_RULE_WEIGHTS, categoryBoost }),
  );
}
for (const question of [0, 0.5, 1, 1.5, 2, 3]) {
  line(`rules question=${question}`, crossValidate(DEFAULT_TRAIN_OPTIONS, { ...DEFAULT_RULE_WEIGHTS, question }));
}
for (const scale of [0, 0.5, 1, 1.5, 2]) {
  const w = { ...DEFAULT_RULE_WEIGHTS };
  w.thanks *= scale;
  w.question *= scale;
  w.promotion *= scale;
  w.spam *= scale;
  w.report *= scale;
  line(`rules complaint shifts x${scale}`, crossValidate(DEFAULT_TRAIN_OPTIONS, w));
}
