/*
 * Evaluates the shipped model (data/model.json) on the HELD-OUT split of data/posts.jsonl.
 *   npm run eval              # summary, per-label precision/recall/F1, confusion matrix
 *   npm run eval -- --errors  # also every misclassified post
 * The model was trained on the training split only (scripts/train.ts); this script checks that too.
 */
import { readFileSync } from 'node:fs';
import { createClassifier, loadModel } from '../src/triage/classifier.js';
import { loadDataset, loadSplit, NOT_COMPLAINT, splitDataset } from '../src/triage/dataset.js';
import type { Evaluation } from '../src/triage/evaluate.js';
import { evaluate, handOverPrecision } from '../src/triage/evaluate.js';
import { heldOutOnlyPhrases } from '../src/triage/leak.js';
import { QUESTION_WORD_LISTS } from '../src/triage/question.js';
import { RULE_WORD_LISTS } from '../src/triage/rules.js';
import { jaccard, shingles } from '../src/triage/minhash.js';

const started = performance.now();
const posts = loadDataset();
const { train, test } = splitDataset(posts, loadSplit());
const model = loadModel();

const leaked = model.trainedOn.ids.filter((id) => test.some((p) => p.id === id));
if (leaked.length > 0)
  throw new Error(`model.json was trained on ${leaked.length} held-out posts: retrain with scripts/train.ts`);

// category order of the demo directory, then bukan-aduan
const directory = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as { complaintCategories: { code: string }[] };
const order = [...directory.complaintCategories.map((c) => c.code), NOT_COMPLAINT];

const classifier = createClassifier(model);
const withRules = evaluate(classifier, test, order);
const modelOnly = evaluate(createClassifier(model, { rules: false }), test, order);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const count = (labels: string[]) => {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
};

console.log('Triage evaluation on the held-out split (never seen in training)\n');
console.log(
  `posts ${posts.length}: train ${train.length} (complaints ${train.filter((p) => p.label !== NOT_COMPLAINT).length}, ` +
    `non-complaints ${train.filter((p) => p.label === NOT_COMPLAINT).length}), test ${test.length} ` +
    `(complaints ${test.filter((p) => p.label !== NOT_COMPLAINT).length}, non-complaints ${test.filter((p) => p.label === NOT_COMPLAINT).length})`,
);

// how close each test post comes to its nearest training post (word unigram Jaccard): near-copies would flatter
const trainSets = train.map((p) => shingles(p.text, 1));
const nearest = test.map((p) => {
  const s = shingles(p.text, 1);
  return Math.max(...trainSets.map((t) => jaccard(s, t)));
});
const over = (x: number) => nearest.filter((n) => n >= x).length;
console.log(
  `overlap with training: nearest-neighbour word Jaccard max ${Math.max(...nearest).toFixed(2)}, ` +
    `median ${[...nearest].sort((a, b) => a - b)[Math.floor(nearest.length / 2)]!.toFixed(2)}; ` +
    `test posts >= 0.5: ${over(0.5)}, >= 0.7: ${over(0.7)}\n`,
);

const summary = (name: string, ev: Evaluation) =>
  console.log(
    `${name.padEnd(13)} complaint-vs-not ${pct(ev.complaintAccuracy)} (precision ${pct(ev.complaintPrecision)}, recall ${pct(ev.complaintRecall)})` +
      `   category on true complaints ${pct(ev.categoryAccuracy)}   overall ${pct(ev.overallAccuracy)}   macro-F1 ${pct(ev.macroF1)}`,
  );
summary('model only', modelOnly);
summary('model + rules', withRules);

console.log('\nConfidence thresholds (model + rules): share decided automatically, and its accuracy');
for (const c of withRules.coverage) {
  console.log(
    `  both confidences >= ${c.threshold.toFixed(1)}: automatic ${pct(c.automatic)}  accuracy ${pct(c.accuracy)}`,
  );
}

// automatic hand-over (what becomes a report with nobody looking): its precision, per threshold, with and
// without the question rule; the default TRIAGE_MIN_CONFIDENCE is 0.75
const categories = new Set(directory.complaintCategories.map((c) => c.code));
const thresholds = [0.6, 0.7, 0.75, 0.8, 0.9];
const gated = handOverPrecision(classifier, test, { categories, thresholds, questions: true });
const ungated = handOverPrecision(classifier, test, { categories, thresholds, questions: false });
console.log('\nAutomatic hand-over to complaints (both confidences >= threshold, not a question): precision');
gated.forEach((g, i) => {
  const u = ungated[i]!;
  console.log(
    `  >= ${g.threshold.toFixed(2)}: handed over ${String(g.handedOver).padStart(3)} (${pct(g.share)})  precision ${pct(g.precision)}` +
      `  right category ${pct(g.categoryPrecision)}  non-complaints handed over ${g.falseReports}` +
      `  | held as questions: ${g.heldAsQuestion.notComplaints} non-complaints, ${g.heldAsQuestion.complaints} complaints` +
      `  | without the question rule: ${u.handedOver} handed over, precision ${pct(u.precision)}, ${u.falseReports} non-complaints`,
  );
});

// questions near complaints (data/questions.jsonl, written with the question rule, so not an independent test)
const challenge = readFileSync(new URL('../data/questions.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; text: string; question: boolean });
const asExamples = challenge.map((c) => ({ id: c.id, text: c.text, label: c.question ? NOT_COMPLAINT : 'lainnya' }));
const [withRule] = handOverPrecision(classifier, asExamples, { categories, thresholds: [0.75], questions: true });
const [withoutRule] = handOverPrecision(classifier, asExamples, { categories, thresholds: [0.75], questions: false });
console.log(
  `  questions.jsonl (${challenge.filter((c) => c.question).length} questions, ${challenge.filter((c) => !c.question).length} complaints asked as questions), at 0.75: ` +
    `questions handed over ${withoutRule!.falseReports} without the rule, ${withRule!.falseReports} with it; ` +
    `complaints held for a person by the rule ${withRule!.heldAsQuestion.complaints}`,
);

// a rule phrase that matches held-out posts and no training post is what writing rules from the test split leaves
const leaks = (name: string, lists: readonly RegExp[]) => {
  const only = heldOutOnlyPhrases(lists, { train, test });
  console.log(
    `  ${name}: ${only.length} phrase(s) matching held-out posts only${only.length ? `: ${only.map((u) => u.phrase).join(', ')}` : ''}`,
  );
};
console.log('\nRules vs the held-out split');
leaks('question rule', QUESTION_WORD_LISTS);
leaks('classifier rules', RULE_WORD_LISTS);

const ABBREVIATIONS: Record<string, string> = {
  'jalan-rusak': 'JR',
  'drainase-tersumbat': 'DR',
  'banjir-genangan': 'BJ',
  'lampu-jalan-mati': 'LJ',
  'rambu-lampu-lalu-lintas': 'RL',
  'parkir-liar': 'PL',
  'angkutan-umum-kemacetan': 'AU',
  'pkl-ketertiban-umum': 'PK',
  sampah: 'SA',
  'pencemaran-lingkungan': 'PC',
  'pohon-taman': 'PT',
  'layanan-kesehatan': 'KS',
  'sekolah-pendidikan': 'SP',
  'bangunan-tanpa-izin': 'BI',
  'administrasi-kependudukan': 'AD',
  perizinan: 'PZ',
  'informasi-publik': 'IP',
  'bantuan-sosial': 'BS',
  'pungli-perilaku-aparatur': 'PU',
  lainnya: 'LN',
  [NOT_COMPLAINT]: 'NA',
};
const abbr = (label: string) => ABBREVIATIONS[label] ?? label.slice(0, 2).toUpperCase();

console.log('\nPer label (model + rules; final label = category if complaint, else bukan-aduan)');
console.log(`  ${'label'.padEnd(29)}    n  pred  precision  recall     F1`);
for (const m of withRules.perLabel) {
  console.log(
    `  ${`${abbr(m.label)} ${m.label}`.padEnd(29)} ${String(m.support).padStart(4)} ${String(m.predicted).padStart(5)}` +
      `     ${pct(m.precision)}  ${pct(m.recall)} ${pct(m.f1)}`,
  );
}

console.log('\nConfusion matrix (rows: true label, columns: predicted; . = 0)');
const labels = withRules.labels;
console.log(`     ${labels.map((l) => abbr(l).padStart(3)).join('')}`);
labels.forEach((l, i) => {
  const row = withRules.confusion[i]!.map((n) => (n === 0 ? '.' : String(n)).padStart(3)).join('');
  console.log(`  ${abbr(l).padEnd(3)}${row}`);
});

const kinds = count(test.filter((p) => p.kind).map((p) => p.kind!));
const kindRight = test.filter((p) => {
  if (!p.kind) return false;
  const r = classifier.classify(p.text);
  return !r.isComplaint && r.kind === p.kind;
}).length;
console.log(
  `\nNon-complaint kind (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}): ` +
    `${kindRight}/${[...kinds.values()].reduce((a, b) => a + b, 0)} right`,
);

if (process.argv.includes('--errors')) {
  console.log('\nMisclassified (model + rules):');
  for (const e of withRules.errors) {
    console.log(
      `  ${e.id} ${e.label} -> ${e.predicted} (p=${e.result.complaintProbability}, ${e.result.signals.join(' ')})\n      ${e.text}`,
    );
  }
}
console.log(`\n${(performance.now() - started).toFixed(0)} ms`);
