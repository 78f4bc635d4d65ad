import { SLANG, STOPWORDS, SUFFIX_EXCEPTIONS } from './lexicon.js';

/*
 * Normalization of Indonesian social-media text, in this order:
 *  1. Unicode NFKC (fancy "𝐣𝐚𝐥𝐚𝐧" fonts become "jalan").
 *  2. URLs, e-mail addresses, @mentions and phone numbers become marker tokens (_url_, _mention_, _phone_);
 *     a few emoji become sentiment markers (_emo_marah_ ...), the others are dropped.
 *  3. Hashtags keep their words: "#JalanRusakBandung" -> "jalan rusak bandung".
 *  4. Lowercase; reduplication "rusak2" / "rusak-rusak" -> "rusak" (a few lexicalized ones such as
 *     "jalan-jalan", a stroll, stay one token).
 *  5. Tokens of letters and digits; digits are kept ("rt 03 rw 05"), letters and digits are split apart.
 *  6. Repeated letters squashed ("parahhhh" -> "parah", "tolongg" -> "tolong").
 *  7. The slang lexicon ("gk" -> "tidak", "bgt" -> "banget").
 * `contentTokens` then drops stopwords (which keep tidak/belum/sudah/depan/dekat...) and strips -nya/-lah/-kah.
 * Addresses are read from the raw text by location.ts, before any of this.
 */

export const MARKERS = {
  url: '_url_',
  mention: '_mention_',
  email: '_email_',
  phone: '_phone_',
} as const;

const EMOJI_MARKERS: readonly (readonly [RegExp, string])[] = [
  [/[\u{1F621}\u{1F92C}\u{1F620}\u{1F624}\u{1F47F}\u{1F4A2}]/gu, '_emo_marah_'],
  [/[\u{1F62D}\u{1F622}\u{1F629}\u{1F62B}\u{1F61E}\u{1F614}\u{2639}\u{1F972}\u{1F625}\u{1F613}]/gu, '_emo_sedih_'],
  [/[\u{1F44D}\u{1F44F}\u{1F64C}\u{2764}\u{1F495}\u{1F60D}\u{1F970}\u{1F4AF}\u{1F917}\u{1F60A}]/gu, '_emo_suka_'],
  [/[\u{1F602}\u{1F923}\u{1F606}\u{1F601}\u{1F604}\u{1F605}]/gu, '_emo_tawa_'],
  [/\u{1F64F}/gu, '_emo_mohon_'],
];

const URL = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:id|com|net|org|co\.id|go\.id|ly|me)(?:\/\S*)?/giu;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/gu;
const MENTION = /(^|[^\w])@[\w.]+/gu;
const PHONE = /(?:\+?62|\b0)[\s-]?8\d{1,3}(?:[\s-]?\d{2,5}){2,3}\b/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}/gu;
const TOKEN = /[\p{L}\p{N}_]+(?:-[\p{L}\p{N}]+)*/gu;

/** Reduplications that mean something else than the plain word; they stay one token. */
const LEXICAL_REDUPLICATION: ReadonlySet<string> = new Set([
  'jalan-jalan',
  'hati-hati',
  'kira-kira',
  'mentang-mentang',
  'kupu-kupu',
  'laba-laba',
  'oleh-oleh',
  'orang-orangan',
  'gorong-gorong',
  'tiba-tiba',
  'sia-sia',
  'pura-pura',
  'lama-lama',
  'masing-masing',
]);

/** Hashtag body to words: "JalanRusakBandung" -> "Jalan Rusak Bandung", "PJU_mati" -> "PJU mati". */
function hashtagWords(body: string): string {
  return body
    .replace(/_/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2');
}

/** Runs of 3+ equal letters become one ("parahhhh" -> "parah"); digits are left alone. */
export function squashRepeats(word: string): string {
  const squashed = word.replace(/(\p{L})\1{2,}/gu, '$1');
  if (squashed in SLANG || squashed.length <= 3) return squashed;
  // a doubled final letter is emphasis, not spelling ("tolongg", "parahh"): Indonesian words do not end so
  return squashed.replace(/(\p{L})\1$/u, '$1');
}

function expandToken(token: string, out: string[]): void {
  const slang = SLANG[token];
  if (slang === undefined) out.push(token);
  else if (slang !== '') out.push(...slang.split(' '));
}

/** Splits "rt03" into "rt", "03"; keeps markers such as _url_ whole. */
function splitLettersDigits(token: string): string[] {
  if (token.startsWith('_') && token.endsWith('_')) return [token];
  return token.match(/\p{L}+|\p{N}+/gu) ?? [];
}

/** Lowercase, markers, hashtags, emoji: the text step before tokenizing. */
export function cleanText(text: string): string {
  let s = text.normalize('NFKC');
  s = s.replace(EMAIL, ` ${MARKERS.email} `);
  s = s.replace(URL, ` ${MARKERS.url} `);
  s = s.replace(MENTION, `$1 ${MARKERS.mention} `);
  s = s.replace(PHONE, ` ${MARKERS.phone} `);
  s = s.replace(HASHTAG, (_m, body: string) => ` ${hashtagWords(body)} `);
  for (const [pattern, marker] of EMOJI_MARKERS) s = s.replace(pattern, ` ${marker} `);
  s = s.replace(PICTOGRAPH, ' ');
  return s.toLowerCase();
}

/**
 * The normalized tokens of a text: lowercase, slang expanded, repeated letters squashed, digits kept.
 * Stopwords are still there (see contentTokens).
 */
export function normalizeTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of cleanText(text).match(TOKEN) ?? []) {
    // reduplication: "rusak2" and "rusak-rusak" -> "rusak"; "jalan-jalan" stays
    const redup = /^(\p{L}{2,})2$/u.exec(raw);
    const pair = /^(\p{L}+)-(\p{L}+)$/u.exec(raw);
    if (redup?.[1] !== undefined || (pair !== null && pair[1] === pair[2])) {
      const base = squashRepeats(redup?.[1] ?? pair?.[1] ?? raw);
      const whole = `${base}-${base}`;
      if (LEXICAL_REDUPLICATION.has(whole)) out.push(whole);
      else expandToken(base, out);
      continue;
    }
    for (const part of raw.split('-')) {
      for (const piece of splitLettersDigits(part)) {
        expandToken(/^\p{N}+$/u.test(piece) ? piece : squashRepeats(piece), out);
      }
    }
  }
  return out;
}

/** The normalized text: normalizeTokens joined by single spaces. */
export function normalizeText(text: string): string {
  return normalizeTokens(text).join(' ');
}

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** Light suffix stripping of the particles -nya, -lah, -kah ("jalannya" -> "jalan"); no full stemmer. */
export function stripSuffix(token: string): string {
  if (SUFFIX_EXCEPTIONS.has(token) || token.startsWith('_')) return token;
  const m = /^(\p{L}{3,}?)(nya|lah|kah)$/u.exec(token);
  return m?.[1] ?? token;
}

/** normalizeTokens without stopwords and with -nya/-lah/-kah stripped: what the classifier and MinHash use. */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const token of normalizeTokens(text)) {
    const stripped = stripSuffix(token);
    const expanded: string[] = [];
    if (stripped !== token) expandToken(stripped, expanded);
    else expanded.push(token);
    for (const t of expanded) if (!STOPWORDS.has(t)) out.push(t);
  }
  return out;
}
