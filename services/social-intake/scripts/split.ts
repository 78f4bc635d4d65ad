/*
 * Writes data/split.json, the fixed held-out split. Run once; afterwards it only places posts that are new
 * in posts.jsonl (assignSplit), so no post ever moves between train and test.
 *   node --import tsx scripts/split.ts          # place new posts, keep the rest
 *   node --import tsx scripts/split.ts --fresh  # redo from the rule (only when starting a dataset over)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { assignSplit, DATA_DIR, loadDataset, loadSplit, stratifiedSplit } from '../src/triage/dataset.js';

const file = new URL('split.json', DATA_DIR);
const posts = loadDataset();
const fresh = process.argv.includes('--fresh') || !existsSync(file);
const split = fresh ? stratifiedSplit(posts) : assignSplit(posts, loadSplit(file));
const ids = new Set(posts.map((p) => p.id));
split.train = split.train.filter((id) => ids.has(id));
split.test = split.test.filter((id) => ids.has(id));
writeFileSync(file, `${JSON.stringify(split, null, 1)}\n`);
console.log(`split.json: ${split.train.length} train, ${split.test.length} test (${fresh ? 'fresh' : 'kept'})`);
