import type { Example } from './dataset.js';
import { normalizeText } from './normalize.js';

/*
 * Were the rules written from the held-out split? A rule phrase that matches held-out posts and no
 * training post is the trace such a leak leaves (a phrase from general knowledge can do that too, so
 * `npm run eval` lists them for a person to judge). Word lists are the `(?:^| )(?:a|b c)(?= |$)` shape
 * both rule files build.
 */

const WORD_LIST = /^\(\?:\^\| \)\(\?:(.*)\)\(\?= \|\$\)$/u;

/** The plain phrases of a word-list pattern (alternatives with regex syntax are left out). */
export function phrasesOf(re: RegExp): string[] {
  const m = WORD_LIST.exec(re.source);
  if (!m) return [];
  return m[1]!.split('|').filter((p) => /^[\p{L}\p{N} _]+$/u.test(p));
}

export interface PhraseUse {
  phrase: string;
  train: number;
  test: number;
}

/** Phrases of `lists` that match some held-out post and no training post. */
export function heldOutOnlyPhrases(
  lists: readonly RegExp[],
  split: { train: readonly Example[]; test: readonly Example[] },
): PhraseUse[] {
  const train = split.train.map((e) => normalizeText(e.text));
  const test = split.test.map((e) => normalizeText(e.text));
  const phrases = [...new Set(lists.flatMap(phrasesOf))];
  return phrases
    .map((phrase) => {
      const re = new RegExp(`(?:^| )${phrase}(?= |$)`, 'u');
      return { phrase, train: train.filter((t) => re.test(t)).length, test: test.filter((t) => re.test(t)).length };
    })
    .filter((u) => u.train === 0 && u.test > 0);
}
