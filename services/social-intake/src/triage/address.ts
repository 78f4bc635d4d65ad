/**
 * Address patterns in a post's raw text: "Jl."/"Jln."/"Jalan" + name, "Gg."/"Gang" + name, "No. 12",
 * "RT 03/RW 05". Pure.
 */
import { SIGNAL_WORDS, SLANG, STOPWORDS } from './lexicon.js';
import { keyOf } from './gazetteer.js';

/** Words that end a street or gang name, besides punctuation. */
const NAME_STOP = new Set([
  'no',
  'nomor',
  'nmr',
  'rt',
  'rw',
  'gg',
  'gang',
  'kel',
  'kelurahan',
  'kec',
  'kecamatan',
  'desa',
  'kota',
  'bandung',
  'arah',
  'menuju',
  'mau',
  'ke',
  'di',
  'dari',
  'yg',
  'yang',
  'dan',
  'sama',
  'sm',
  'dekat',
  'dkt',
  'deket',
  'depan',
  'dpn',
  'belakang',
  'samping',
  'sebelah',
  'seberang',
  'sekitar',
  'sktr',
  'persis',
  'pas',
  'tepat',
  'itu',
  'ini',
  'tuh',
  'nih',
  'teh',
  'mah',
  'sudah',
  'udah',
  'udh',
  'sdh',
  'masih',
  'msh',
  'tidak',
  'gak',
  'ga',
  'gk',
  'nggak',
  'belum',
  'blm',
  'rusak',
  'berlubang',
  'bolong',
  'rusaknya',
  'jalannya',
  'banjir',
  'macet',
  'gelap',
  'mati',
  'parah',
  'tolong',
  'tlg',
  'mohon',
  'min',
  'pak',
  'bu',
  'kang',
  'ya',
  'kapan',
  'kenapa',
  'knp',
  'lagi',
  'lg',
  'terus',
  'trs',
  'banget',
  'bgt',
  'pisan',
  'sejak',
  'selama',
  'sampai',
  'sampe',
  'hingga',
  'pagi',
  'siang',
  'sore',
  'malam',
  'tiap',
  'setiap',
  'hari',
  'minggu',
  'bulan',
  'tahun',
  'kemarin',
  'kmrn',
  'sekarang',
  'skrg',
  'tadi',
  'besok',
  'pada',
  'karena',
  'krn',
  'atau',
  'tapi',
  'juga',
  'jg',
  'aja',
  'saja',
  'sih',
  'dong',
  'deh',
  'kok',
  'lho',
  'loh',
  'euy',
  'atuh',
  'wae',
  'ada',
  'adalah',
  'jadi',
  'jd',
  'bikin',
  'buat',
  'untuk',
  'utk',
  'dengan',
  'dgn',
  'oleh',
  'para',
  'warga',
  'sampah',
  'lampu',
  'pohon',
  'air',
  'saluran',
  'selokan',
  'got',
  'trotoar',
  'mobil',
  'motor',
  'angkot',
  'parkir',
  'pedagang',
  'pkl',
  'tumpukan',
  'genangan',
  'lubang',
  'aspal',
  'kaki',
  'raya',
  'utama',
  'besar',
  'kecil',
  'sempit',
  'lingkungan',
  'kampung',
  'setapak',
  'tikus',
  'alternatif',
  'pintas',
  'licin',
  'lurus',
  'menurun',
  'menanjak',
  'tanjakan',
  'turunan',
  'rame',
  'ramai',
  'sepi',
  'padat',
  'penuh',
  'baru',
  'lama',
  'bagus',
  'mulus',
  'hancur',
  'retak',
  'amblas',
  'ambles',
  'longsor',
  'tergenang',
  'tersumbat',
  'mampet',
  'bau',
  'kotor',
  'jelek',
  'sudah',
  'harus',
  'perlu',
  'segera',
  'kami',
  'kita',
  'saya',
  'sy',
  'gw',
  'aku',
  'kalian',
  'pemkot',
  'dinas',
  'dishub',
  'satpol',
  'lurus',
  'kiri',
  'kanan',
  'tengah',
  'ujung',
  'pertigaan',
  'perempatan',
  'simpang',
  'bundaran',
  'jembatan',
  'halte',
  'pasar',
  'masjid',
  'sekolah',
  'sd',
  'smp',
  'sma',
  'puskesmas',
  'rumah',
  'kantor',
  'toko',
  'warung',
  'kost',
  'kos',
  'blok',
  'komplek',
  'kompleks',
  'perumahan',
  'jl',
  'jln',
  'jalan',
  'nya',
  'kapanpun',
  'rw',
  'tol',
  'protokol',
  'umum',
  'inspeksi',
  'lain',
]);

/** Title abbreviations that start or sit inside street names: "Jl. Dr. Djunjunan", "Jl. Ir. H. Juanda". */
const NAME_ABBREVIATIONS = new Set([
  'h',
  'hj',
  'dr',
  'drs',
  'ir',
  'jend',
  'moh',
  'mh',
  'kh',
  'prof',
  'r',
  'st',
  'kol',
  'letkol',
  'mayjen',
  'brigjen',
  'ki',
  'a',
  'ah',
  'ph',
  'pr',
  'dt',
  'wr',
  'sk',
  'bkr',
]);

const isCommonWord = (lower: string): boolean =>
  NAME_STOP.has(lower) || STOPWORDS.has(lower) || lower in SLANG || SIGNAL_WORDS.includes(lower);

function titleCase(words: string): string {
  return words.replace(/\p{L}[\p{L}']*/gu, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

export interface NameSpan {
  name: string;
  start: number;
  end: number;
}

/**
 * The name after a street or gang marker: words up to punctuation, a stop word, or 5 words. In a text that
 * uses capitals, words after the first must be capitalized (or digits, or abbreviations like "H.").
 */
export function nameAfter(text: string, from: number, mixedCase: boolean): NameSpan | null {
  const WORDISH = /^\s*([\p{L}\p{N}][\p{L}\p{N}'’-]*\.?)/u;
  const words: { text: string; start: number; end: number }[] = [];
  let offset = from;
  while (words.length < 5) {
    const m = WORDISH.exec(text.slice(offset));
    if (!m?.[1]) break;
    const leading = m[0].length - m[1].length;
    if (words.length > 0 && /[\n\r]/.test(m[0].slice(0, leading))) break;
    let word = m[1];
    const lower = word.toLowerCase().replace(/\.$/, '');
    const isAbbrev = word.endsWith('.') && (NAME_ABBREVIATIONS.has(lower) || lower.length === 1);
    if (!isAbbrev && isCommonWord(lower)) break;
    if (words.length > 0 && mixedCase && !/^[\p{Lu}\p{N}]/u.test(word)) break;
    if (words.length === 0 && /^\p{N}+$/u.test(word)) break;
    const start = offset + leading;
    // a full stop after anything but a title abbreviation ends the sentence
    const endsSentence = word.endsWith('.') && !isAbbrev;
    if (endsSentence) word = word.slice(0, -1);
    words.push({ text: word, start, end: start + word.length });
    offset += m[0].length;
    if (endsSentence || /^\s*[,;:!?()"]/u.test(text.slice(offset))) break;
  }
  while (words.length > 0 && words[words.length - 1]!.text.endsWith('.')) words.pop();
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last || keyOf(first.text).length < 2) return null;
  const raw = text.slice(first.start, last.end).replace(/\s+/g, ' ');
  const name = raw === raw.toLowerCase() || raw === raw.toUpperCase() ? titleCase(raw) : raw;
  return { name, start: first.start, end: last.end };
}

export interface AddressParts {
  street: NameSpan | null;
  gang: NameSpan | null;
  number: string | null;
  rt: string | null;
  rw: string | null;
}

const pad2 = (digits: string): string => String(Number.parseInt(digits, 10)).padStart(2, '0');

export function addressParts(text: string): AddressParts {
  const mixedCase = /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text) && text !== text.toUpperCase();
  const parts: AddressParts = { street: null, gang: null, number: null, rt: null, rw: null };

  const STREET = /(?<![\p{L}\p{N}])(jl|jln|jaln|jalan)(\.|(?=\s))\s*(?:raya\s+(?=\p{L}))?/giu;
  for (const m of text.matchAll(STREET)) {
    const abbreviated = m[1]!.toLowerCase() !== 'jalan';
    const span = nameAfter(text, m.index + m[0].length, mixedCase);
    if (!span) continue;
    // the full word "jalan" is often just "road": "jalan rusak". Then the name must not be a common word,
    // and in a text with capitals it must be capitalized.
    if (!abbreviated && mixedCase && !/^[\p{Lu}\p{N}]/u.test(span.name)) continue;
    const raya = /raya\s+$/i.test(m[0]) ? 'Raya ' : '';
    parts.street = { name: `Jl. ${raya}${span.name}`, start: m.index, end: span.end };
    break;
  }

  const GANG = /(?<![\p{L}\p{N}])(gg|gang)(\.|(?=\s))\s*/giu;
  for (const m of text.matchAll(GANG)) {
    const span = nameAfter(text, m.index + m[0].length, mixedCase);
    if (!span) continue;
    if (m[1]!.toLowerCase() === 'gang' && mixedCase && !/^[\p{Lu}\p{N}]/u.test(span.name)) continue;
    parts.gang = { name: `Gg. ${span.name}`, start: m.index, end: span.end };
    break;
  }

  // a house number right after a street or gang name (", No. 12", " no 12A", " nomor 7")
  for (const place of [parts.gang, parts.street]) {
    if (!place || parts.number) continue;
    const after = /^\s*,?\s*(?:no|nomor|nmr|nomer)\.?\s*(\d{1,4}[a-z]?(?:\s*\/\s*\d{1,4}[a-z]?)?)\b/iu.exec(
      text.slice(place.end),
    );
    if (after?.[1]) {
      parts.number = after[1].replace(/\s+/g, '').toUpperCase();
    }
  }

  const RTRW_PAIR = /(?<![\p{L}\p{N}])rt\s*\/\s*rw\.?\s*:?\s*(\d{1,3})\s*\/\s*(\d{1,3})/iu; // "RT/RW 003/005"
  const RTRW =
    /(?<![\p{L}\p{N}])rt\.?\s*:?\s*(\d{1,3})(?:(?:\s*\/\s*(?:rw\.?\s*:?\s*)?|\s*,?\s*rw\.?\s*:?\s*)(\d{1,3}))?/iu;
  const rtrw = RTRW_PAIR.exec(text) ?? RTRW.exec(text);
  if (rtrw?.[1]) {
    parts.rt = pad2(rtrw[1]);
    if (rtrw[2]) parts.rw = pad2(rtrw[2]);
  }
  if (!parts.rw) {
    const rw = /(?<![\p{L}\p{N}])rw\.?\s*:?\s*(\d{1,3})(?![\p{N}])/iu.exec(text);
    if (rw?.[1]) parts.rw = pad2(rw[1]);
  }
  return parts;
}
