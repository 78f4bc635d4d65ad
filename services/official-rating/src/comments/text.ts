/*
 * What a comment may show publicly. Personal data in the text is masked (NIK, phones, e-mail), and
 * officials are named only by job title (as Care Opinion does with staff in negative stories): the
 * comment speaks about the office, and a name in an unanswered accusation, or in a criticism
 * tucked into praise, is not something a government site should publish.
 */
import { maskPersonalData } from '@sinergi/contracts';

/** Stars of 1-2, or an SKM mean below 2.60 (band D, "Tidak Baik"), whatever the stars say. */
export function isNegative(stars: number | null, answers: readonly number[]): boolean {
  const mean = answers.reduce((a, b) => a + b, 0) / answers.length;
  return (stars !== null && stars <= 2) || mean < 2.6;
}

/** Titles written before a name (gelar depan) and honorifics; degrees after it carry a dot (S.Sos., M.Si.). */
const TITLES_BEFORE = ['dr', 'drs', 'dra', 'ir', 'h', 'hj', 'prof', 'kh', 'ust', 'ustadz'];
// after a comma any dotted abbreviation (", S.E.", ", M.Si."); without one only multi-part ones (" M.Si."), so a
// sentence's last word ("… Sutisna dan.") is not taken for a degree
const DEGREE_AFTER = String.raw`(?:,\s*(?:[A-Za-z]{1,4}\.){1,3}|\s+(?:[A-Za-z]{1,4}\.){2,3})`;

/** Zero-width and other invisible characters someone might slip into a name to dodge the filter. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]/g;

function nameParts(name: string): string[] {
  return name
    .replace(/,.*$/, '') // degrees after the comma
    .split(/\s+/)
    .map((p) => p.replace(/\.+$/, ''))
    .filter((p) => p.length >= 2 && !TITLES_BEFORE.includes(p.toLowerCase()));
}

/** Old and new Indonesian spellings of the same name: Soetisna / Sutisna, Djoko / Joko, Tjahjo / Cahyo. */
function spellingPattern(part: string): string {
  const canonical = part.toLowerCase().replace(/oe/g, 'u').replace(/dj/g, 'j').replace(/tj/g, 'c');
  return [...canonical]
    .map(
      (ch) =>
        ({ u: '(?:u|oe)', j: '(?:j|dj)', c: '(?:c|tj)', y: '(?:y|j)' })[ch] ??
        ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
}

export interface NamedOfficial {
  name: string;
  jobTitle: string;
}

/** Words people put before a name: Pak Bambang, Bu Siti, Kang Asep. The word itself stays. */
const HONORIFICS = [
  'pak',
  'bu',
  'bapak',
  'ibu',
  'mas',
  'mbak',
  'kang',
  'teh',
  'bang',
  'uda',
  'uni',
  'om',
  'tante',
  'sdr',
  'sdri',
  'saudara',
  'saudari',
];

/**
 * Replaces the written forms of the officials' names by their job title: the full name with titles
 * and degrees, two or more of its parts together, or one part after a title (Drs. Bambang) or an
 * honorific (Pak Bambang), in old or new spelling. One part alone is left: names such as Bagus,
 * Indah or Sari are also ordinary words ("pelayanan bagus").
 */
export function redactOfficialNames(text: string, officials: readonly NamedOfficial[]): string {
  let out = text.normalize('NFKC').replace(INVISIBLE, '');
  // longest names first, so "Asep Sutisna" is replaced whole before a colleague's "Asep"
  for (const o of [...officials].sort((a, b) => b.name.length - a.name.length)) {
    const parts = nameParts(o.name);
    if (parts.length === 0) continue;
    const part = `(?:${parts.map(spellingPattern).join('|')})`;
    const titled = String.raw`(?:(?:${TITLES_BEFORE.join('|')})\.?\s+)+${part}(?:[\s,]+${part})*`;
    const several = String.raw`${part}(?:[\s,]+${part})+`;
    const addressed = String.raw`(?<=(?<![\p{L}\p{N}])(?:${HONORIFICS.join('|')})\.?\s+)${part}`;
    const run = new RegExp(
      String.raw`(?<![\p{L}\p{N}])(?:${titled}|${several}|${addressed})${DEGREE_AFTER}*(?![\p{L}\p{N}])`,
      'giu',
    );
    // a function, not a string: "$&" in a job title must not bring the name back
    out = out.replace(run, () => o.jobTitle);
  }
  return out;
}

/** The text a comment shows publicly: personal data masked, officials by job title. */
export function publicCommentText(text: string, officials: readonly NamedOfficial[]): string {
  return redactOfficialNames(maskPersonalData(text), officials);
}
