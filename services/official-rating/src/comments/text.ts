/*
 * What a comment may show publicly. Personal data in the text is masked (NIK, phones, e-mail), and
 * a negative comment names officials only by job title (as Care Opinion does with staff in
 * negative stories): criticism is of the office, and a name in an unanswered accusation is not
 * something a government site should publish.
 */
import { maskPersonalData } from '@sinergi/contracts';

/** Stars of 1-2, or without stars an SKM mean below 2.60 (band D, "Tidak Baik"). */
export function isNegative(stars: number | null, answers: readonly number[]): boolean {
  if (stars !== null) return stars <= 2;
  const mean = answers.reduce((a, b) => a + b, 0) / answers.length;
  return mean < 2.6;
}

/** Academic, religious and honorific titles that are part of a written name but not the person. */
const TITLE = /^(?:dr|drs|dra|ir|h|hj|prof|s\.?\w{1,4}|m\.?\w{1,4}|a\.?md|ph\.?d|mba|mpa|msc|bsc|se|sh|st|sp|skm|sked|mm|mt|mh|mkes)\.?$/i;

function nameParts(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .map((p) => p.replace(/\.+$/, ''))
    .filter((p) => p.length >= 3 && !TITLE.test(p) && !TITLE.test(`${p}.`));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NamedOfficial {
  name: string;
  jobTitle: string;
}

/**
 * Replaces every written form of the officials' names (the full name, or any run of its parts,
 * with or without titles) by their job title.
 */
export function redactOfficialNames(text: string, officials: readonly NamedOfficial[]): string {
  // longest names first, so "Asep Sutisna" is replaced whole before a colleague's "Asep"
  const sorted = [...officials].sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const o of sorted) {
    const parts = nameParts(o.name);
    if (parts.length === 0) continue;
    const part = `(?:${parts.map(escape).join('|')})`;
    const titles = String.raw`(?:(?:dr|drs|dra|ir|h|hj|prof)\.?\s+)*`;
    const run = new RegExp(String.raw`(?<![\p{L}\p{N}])${titles}${part}(?:[\s,]+${part})*(?:,?\s*(?:[SMD]\.\s?\w{1,5}\.?))*(?![\p{L}\p{N}])`, 'giu');
    out = out.replace(run, o.jobTitle);
  }
  return out;
}

/** The text a comment shows publicly. */
export function publicCommentText(text: string, negative: boolean, officials: readonly NamedOfficial[]): string {
  const masked = maskPersonalData(text);
  return negative ? redactOfficialNames(masked, officials) : masked;
}
