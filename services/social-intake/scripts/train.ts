/*
 * Trains data/model.json from the TRAINING split of data/posts.jsonl (never the held-out test split).
 *   node --import tsx scripts/train.ts
 * Deterministic: the same data gives the same file byte for byte (test/triage-classifier.test.ts checks).
 */
import { writeFileSync } from 'node:fs';
import { MODEL_FILE } from '../src/triage/classifier.js';
import { loadDataset, loadSplit, splitDataset } from '../src/triage/dataset.js';
import { serializeModel, trainTriageModel } from '../src/triage/model.js';

const started = performance.now();
const { train, test } = splitDataset(loadDataset(), loadSplit());
const model = trainTriageModel(train);
const json = serializeModel(model);
writeFileSync(MODEL_FILE, json);
console.log(
  `model.json: trained on ${train.length} posts (held out ${test.length}), ` +
    `${Object.keys(model.complaint.counts).length} features, T = ${model.complaint.temperature} / ` +
    `${model.category.temperature} / ${model.kind.temperature}, ${(json.length / 1024).toFixed(0)} KiB, ` +
    `${(performance.now() - started).toFixed(0)} ms`,
);
