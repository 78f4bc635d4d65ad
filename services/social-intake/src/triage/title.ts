/**
 * The title of the report a post becomes: its first sentence when that fits, else the longest
 * opening that ends at a phrase boundary (comma, semicolon, colon, dash), else at a word boundary,
 * with "…" when it was cut. Pure, no I/O.
 *
 * Indonesian addresses are full of abbreviations with a full stop ("Jl. Merdeka No. 5, Kel. Citarum,
 * Kec. Bandung Wetan, RT. 03/RW. 05"), so a full stop after one of them, or after a single letter
 * ("Jl. A. Yani"), never ends a sentence, and a title never ends on one (nor on "di", "ke", "depan"
 * ... that would leave the place unsaid). It never ends inside a word.
 */

export const TITLE_MAX_CHARS = 80;
/** Shorter first sentences ("Tolong!", "Min,") take the next sentence too. */
const TITLE_MIN_CHARS = 20;
/** A phrase boundary earlier than this makes too short a title: cut at a word instead. */
const PHRASE_MIN_CHARS = 25;

/**
 * Abbreviations written with a full stop in Indonesian posts and letters: addresses (Jl., Gg.,
 * No., Kel., Kec., RT./RW., Kp., Komp., Perum., Kab., Prov.), titles and ranks (Yth., Bpk., Sdr., dr.,
 * Ir., H., Hj., Prof., Jend.), and the common short forms (dll., dsb., tsb., Rp., Telp.).
 */
const ABBREVIATIONS = new Set([
  ...['jl', 'jln', 'gg', 'no', 'nomor', 'kel', 'kec', 'kab', 'kot', 'prov', 'rt', 'rw', 'kp', 'kmp', 'komp', 'kompl'],
  ...['perum', 'blk', 'ds', 'desa', 'dsn', 'kav', 'jend', 'gen', 'mayjen', 'letjen', 'brigjen', 'kol', 'let', 'kapt'],
  ...['yth', 'bpk', 'bp', 'pak', 'bu', 'ibu', 'sdr', 'sdri', 'dr', 'drs', 'dra', 'ir', 'hj', 'kh', 'prof', 'st', 'sy'],
  ...['dll', 'dsb', 'dst', 'tsb', 'spt', 'sbb', 'ybs', 'rp', 'tlp', 'telp', 'hp', 'wa', 'an', 'sd', 'ttd', 'no.hp'],
]);

/** Words a title must not end on: an address left without its name, or a phrase left hanging. */
const DANGLING = new Set([
  ...ABBREVIATIONS,
  ...[
    'di',
    'ke',
    'dari',
    'dan',
    'atau',
    'yang',
    'yg',
    'dengan',
    'dgn',
    'untuk',
    'utk',
    'pada',
    'oleh',
    'karena',
    'krn',
  ],
  ...['sehingga', 'tapi', 'tetapi', 'namun', 'padahal', 'agar', 'supaya', 'kalau', 'jika', 'saat', 'ketika', 'sampai'],
  ...['depan', 'dekat', 'samping', 'belakang', 'seberang', 'sebelah', 'arah', 'menuju', 'sekitar', 'antara', 'dalam'],
  ...['sudah', 'udah', 'udh', 'sdh', 'belum', 'blm', 'tidak', 'tdk', 'ga', 'gak', 'sangat', 'sering', 'masih', 'sejak'],
  ...['&', '-', '–', '—', '/', '+', 'no:'],
]);

/** Place nouns that dangle only after a preposition: "... di Jalan" is cut, "menutup jalan" is not. */
const PLACE_NOUNS = new Set(['jalan', 'gang', 'kelurahan', 'kecamatan', 'blok', 'simpang', 'perempatan', 'daerah']);
const PREPOSITIONS = new Set([
  'di',
  'ke',
  'dari',
  'depan',
  'dekat',
  'samping',
  'seberang',
  'sebelah',
  'arah',
  'sekitar',
]);

const SENTENCE_END = /[.!?…]/u;
const CLOSERS = /["'”’)\]]/u;

/** The word (letters, digits, dots) right before position `end` of `text`, lowercased. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.]/u.test(text[start - 1]!)) start--;
  return text.slice(start, end).toLowerCase();
}

/** True when the full stop at `i` closes an abbreviation or an initial rather than a sentence. */
function isAbbreviationStop(text: string, i: number): boolean {
  const word = wordBefore(text, i).replace(/^\.+/, '');
  if (word === '') return false;
  if (ABBREVIATIONS.has(word)) return true;
  // an initial ("A. Yani", "H. Juanda") or dotted short forms ("a.n.", "s.d.")
  return /^\p{L}$/u.test(word) || /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word);
}

/** Sentences of the text (punctuation kept), split at . ! ? … (runs of them) and line breaks. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(i + 1);
      continue;
    }
    if (!SENTENCE_END.test(ch)) continue;
    let end = i + 1;
    while (end < text.length && (SENTENCE_END.test(text[end]!) || CLOSERS.test(text[end]!))) end++;
    const atBoundary = end >= text.length || /\s/u.test(text[end]!);
    if (!atBoundary) continue;
    if (ch === '.' && end === i + 1 && isAbbreviationStop(text, i)) continue;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return out;
}

const chars = (s: string) => Array.from(s).length;

/** Drops trailing punctuation and dangling words ("di Jl.", "No.", "dan"), keeping at least one word. */
function trimDangling(words: string[]): string[] {
  const out = [...words];
  while (out.length > 1) {
    const last = out[out.length - 1]!;
    const bare = last.toLowerCase().replace(/[.,;:!?…]+$/u, '');
    const before = out[out.length - 2]!.toLowerCase();
    const placeLeftOpen = PLACE_NOUNS.has(bare) && PREPOSITIONS.has(before);
    if (bare === '' || DANGLING.has(bare) || DANGLING.has(last.toLowerCase()) || placeLeftOpen) out.pop();
    else break;
  }
  return out;
}

/** Trailing punctuation a title does without: full stops and commas go, one "?" or "!" stays. */
function tidyEnd(s: string): string {
  const t = s.replace(/[\s.,;:…\-–—]+$/u, '');
  return t.replace(/([?!])[?!]+$/u, '$1');
}

/** The opening of a too-long sentence that ends at a phrase boundary or a word, with "…". */
function cutSentence(sentence: string): string {
  const limit = Array.from(sentence)
    .slice(0, TITLE_MAX_CHARS - 1)
    .join('');
  const phrase = /[,;:](?=\s)|\s[-–—](?=\s)|\s\(/gu;
  let best = -1;
  for (const m of limit.matchAll(phrase)) {
    const words = limit.slice(0, m.index).trim().split(/\s+/u);
    if (m.index >= PHRASE_MIN_CHARS && trimDangling(words).length === words.length) best = m.index;
  }
  // the text after the limit must start a new word, or the last word was cut
  const next = Array.from(sentence)[TITLE_MAX_CHARS - 1];
  const cleanEnd = next === undefined || /\s/u.test(next) || /\s$/u.test(limit);
  const words = limit.trim().split(/\s+/u);
  // one unbroken "word" longer than the limit (a link, a hashtag): nothing better than cutting it
  const whole = cleanEnd || words.length === 1 ? words : words.slice(0, -1);
  const head = best >= 0 ? limit.slice(0, best) : trimDangling(whole).join(' ');
  return `${tidyEnd(head)}…`;
}

/** The report title for a post's (masked) text; `fallback` when the text has no words. */
export function reportTitle(text: string, fallback = 'Laporan dari media sosial'): string {
  const flat = text
    .replace(/\r\n?/gu, '\n')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/([?!])[?!]+/gu, '$1');
  const parts = sentences(flat);
  if (parts.length === 0) return fallback;
  let title = parts[0]!;
  for (const next of parts.slice(1)) {
    if (chars(tidyEnd(title)) >= TITLE_MIN_CHARS || chars(`${title} ${next}`) > TITLE_MAX_CHARS) break;
    title = `${title} ${next}`;
  }
  if (chars(title) > TITLE_MAX_CHARS) return cutSentence(title);
  const words = title.split(' ');
  const kept = trimDangling(words);
  const tidy = tidyEnd(kept.join(' '));
  if (tidy === '') return fallback;
  // a sentence that ends on "di Jl." (the address is in the next sentence) reads as cut: say so
  return kept.length < words.length ? `${tidy}…` : tidy;
}
