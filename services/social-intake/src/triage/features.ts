import { contentTokens } from './normalize.js';
import { stem } from './stemmer.js';

/*
 * Classifier features of a text: the distinct unigrams and bigrams of its content tokens (normalized,
 * stopwords out, -nya stripped). Numbers become "_num_" (the house number says nothing about the
 * category), markers such as _url_ and _phone_ stay. Bigrams are "a b" (with a space), so they can never
 * collide with a unigram.
 */

export interface FeatureOptions {
  bigrams: boolean;
  /** Replace words by their light stems (stemmer.ts). */
  stems: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { bigrams: true, stems: true };

export function featuresOfTokens(
  tokens: readonly string[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): string[] {
  const words = tokens.map((t) => (/^\p{N}+$/u.test(t) ? '_num_' : options.stems ? stem(t) : t));
  const out = new Set<string>(words);
  if (options.bigrams) for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return [...out];
}

export function features(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): string[] {
  return featuresOfTokens(contentTokens(text), options);
}
