import { readFileSync } from 'node:fs';
import { z } from 'zod';

/*
 * The labelled posts shipped in data/posts.jsonl (CC0-1.0, written for this project; see data/README.md)
 * and the fixed train/test split in data/split.json.
 *
 * The split rule (stratifiedSplit): within each label (non-complaints within each kind), ids are ordered by
 * FNV-1a of "<salt>:<id>" and the first round(20%) go to the held-out test split. It was run once to write
 * split.json; split.json is the source of truth. Posts added later are not in split.json: assignSplit gives
 * them a place without moving any existing post, so the held-out set never leaks into training.
 */

export const NOT_COMPLAINT = 'bukan-aduan';
export const NON_COMPLAINT_KINDS = ['terima-kasih', 'pertanyaan', 'promosi', 'spam', 'obrolan'] as const;
export type NonComplaintKind = (typeof NON_COMPLAINT_KINDS)[number];

export const LabelledPost = z
  .object({
    id: z.string().min(1),
    text: z.string(),
    label: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    kind: z.enum(NON_COMPLAINT_KINDS).optional(),
  })
  .refine((p) => (p.label === NOT_COMPLAINT) === (p.kind !== undefined), {
    message: 'a non-complaint (bukan-aduan) has a kind, and only a non-complaint has one',
  });
export type LabelledPost = z.infer<typeof LabelledPost>;

/** A training example: a labelled post, possibly without an id (a staff correction not yet stored). */
export interface Example {
  id?: string;
  text: string;
  label: string;
  kind?: string;
}

export interface Split {
  description: string;
  salt: string;
  testFraction: number;
  train: string[];
  test: string[];
}

export const DATA_DIR = new URL('../../data/', import.meta.url);

export function parseDataset(jsonl: string): LabelledPost[] {
  const posts: LabelledPost[] = [];
  const ids = new Set<string>();
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const result = LabelledPost.safeParse(JSON.parse(line));
    if (!result.success) throw new Error(`posts.jsonl line ${i + 1}: ${result.error.issues[0]?.message ?? 'invalid'}`);
    if (ids.has(result.data.id)) throw new Error(`posts.jsonl line ${i + 1}: duplicate id ${result.data.id}`);
    ids.add(result.data.id);
    posts.push(result.data);
  });
  return posts;
}

export function loadDataset(file: URL | string = new URL('posts.jsonl', DATA_DIR)): LabelledPost[] {
  return parseDataset(readFileSync(file, 'utf8'));
}

export function loadSplit(file: URL | string = new URL('split.json', DATA_DIR)): Split {
  return JSON.parse(readFileSync(file, 'utf8')) as Split;
}

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const stratum = (p: Example): string => (p.kind ? `${p.label}/${p.kind}` : p.label);

/** The rule that wrote split.json: per label (and kind), the round(fraction * n) ids of lowest hash are test. */
export function stratifiedSplit(posts: readonly LabelledPost[], testFraction = 0.2, salt = 'sinergi-triage-v1'): Split {
  const byStratum = new Map<string, string[]>();
  for (const p of posts) byStratum.set(stratum(p), [...(byStratum.get(stratum(p)) ?? []), p.id]);
  const test: string[] = [];
  for (const ids of byStratum.values()) {
    const ordered = [...ids].sort((a, b) => fnv1a32(`${salt}:${a}`) - fnv1a32(`${salt}:${b}`) || (a < b ? -1 : 1));
    test.push(...ordered.slice(0, Math.round(ids.length * testFraction)));
  }
  const testSet = new Set(test);
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    description:
      'Held-out split of posts.jsonl: within each label (and non-complaint kind), ids ordered by FNV-1a of ' +
      '"<salt>:<id>"; the first round(testFraction * n) are test. Training never sees the test ids.',
    salt,
    testFraction,
    train: posts
      .map((p) => p.id)
      .filter((id) => !testSet.has(id))
      .sort(byId),
    test: test.sort(byId),
  };
}

/**
 * Places posts that split.json does not know yet (added after it was written) without moving any known
 * post: a new post goes to test when its own hash falls in the lowest testFraction of the hash range.
 */
export function assignSplit(posts: readonly LabelledPost[], split: Split): Split {
  const known = new Set([...split.train, ...split.test]);
  const train = [...split.train];
  const test = [...split.test];
  for (const p of posts) {
    if (known.has(p.id)) continue;
    if (fnv1a32(`${split.salt}:${p.id}`) / 2 ** 32 < split.testFraction) test.push(p.id);
    else train.push(p.id);
  }
  return { ...split, train: train.sort(), test: test.sort() };
}

export function splitDataset(
  posts: readonly LabelledPost[],
  split: Split,
): { train: LabelledPost[]; test: LabelledPost[] } {
  const test = new Set(split.test);
  const train = new Set(split.train);
  const unknown = posts.filter((p) => !test.has(p.id) && !train.has(p.id));
  if (unknown.length > 0) {
    throw new Error(
      `posts not in split.json (run scripts/split.ts): ${unknown
        .slice(0, 5)
        .map((p) => p.id)
        .join(', ')}`,
    );
  }
  return { train: posts.filter((p) => train.has(p.id)), test: posts.filter((p) => test.has(p.id)) };
}
