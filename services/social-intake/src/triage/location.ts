import { districtsOf, villagesOf } from '@sinergi/contracts';
import { SIGNAL_WORDS, SLANG, STOPWORDS } from './lexicon.js';

/*
 * Location hints from the raw text of a post (before normalization: casing and punctuation help here).
 *
 * Address patterns: "Jl."/"Jln."/"Jalan" + name, "Gg."/"Gang" + name, "No. 12", "RT 03/RW 05",
 * "Kel."/"Kelurahan" X, "Kec."/"Kecamatan" X. Area names of the tenant (kecamatan and kelurahan) are matched
 * on whole words, case-insensitively, ignoring spaces inside a name ("Buah Batu" = "Buahbatu"), longest
 * match first, so "Andir" is not found inside "mandiri" and "Cipadung Kulon" beats "Cipadung".
 *
 * How the codes are chosen:
 *  - an explicit marker ("Kel. Dago", "Kecamatan Coblong", "camat Regol") beats a bare name, which beats a
 *    name that is only part of a street name ("Jl. Pasteur": a street is not always in the area of its name);
 *  - a bare name that is both a kecamatan and a kelurahan ("Batununggal") is read as the kecamatan, unless
 *    the kelurahan's own kecamatan is named too ("Batununggal, Bandung Kidul");
 *  - names that are also common words ("Merdeka", "Ledeng", "Babakan", "Taman Sari") count only after a marker;
 *  - a kelurahan fixes its kecamatan; an explicit kecamatan that contradicts a weaker kelurahan wins.
 * `confidence` (0..1) is about the area codes: 0.9 explicit, 0.75 bare kecamatan, 0.7 bare kelurahan, +0.05
 * when kelurahan and kecamatan agree, 0.35 from a street name only, 0.2 for an address without any area,
 * 0 for nothing; lowered when the text names areas that disagree.
 */

export interface AreaName {
  code: string;
  name: string;
}

export interface Gazetteer {
  districts: readonly AreaName[];
  villages: readonly AreaName[];
  /** Extra spellings: alias -> district or village code ("Kircon" -> Kiaracondong). */
  aliases?: Readonly<Record<string, string>>;
}

export interface LocationHint {
  /** The address phrases found, in a canonical spelling: "Jl. Dago No. 12, RT 03/RW 05, Kel. Dago"; or null. */
  address: string | null;
  districtCode: string | null;
  villageCode: string | null;
  districtName: string | null;
  villageName: string | null;
  confidence: number;
  street: string | null;
  gang: string | null;
  number: string | null;
  rt: string | null;
  rw: string | null;
  /** Why: e.g. "kelurahan:explicit:Dago", "kecamatan:bare:Coblong", "street:Jl. Dago". */
  evidence: string[];
}

/** Area names that are also ordinary words or famous elsewhere: they count only after "Kel."/"Kec.". */
export const AMBIGUOUS_AREA_NAMES: ReadonlySet<string> = new Set([
  'merdeka', 'garuda', 'ledeng', 'babakan', 'tamansari', 'campaka', 'kebonjeruk', 'lingkarselatan', 'arjuna',
  'citarum', 'malabar', 'wates', 'ancol', 'burangrang', 'turangga', 'pajajaran', 'sukamaju', 'isola',
  'mengger', 'samoja', 'paledang', 'pelindunghewan', 'margasari', 'sukaraja', 'derwati', 'binong',
]);

/** Default extra spellings for the tenants we ship a demo of. */
export const DEFAULT_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '32.73': { kircon: '32.73.16', 'ujung berung': '32.73.26', 'buah batu': '32.73.22' },
};

const VILLAGE_MARKERS = new Set(['kel', 'kelurahan', 'desa', 'ds', 'lurah', 'kelurahannya']);
const DISTRICT_MARKERS = new Set(['kec', 'kecamatan', 'kecamatannya', 'camat', 'kcmtn', 'kecmtn']);

/** Words that end a street or gang name, besides punctuation. */
const NAME_STOP = new Set([
  'no', 'nomor', 'nmr', 'rt', 'rw', 'gg', 'gang', 'kel', 'kelurahan', 'kec', 'kecamatan', 'desa', 'kota',
  'bandung', 'arah', 'menuju', 'mau', 'ke', 'di', 'dari', 'yg', 'yang', 'dan', 'sama', 'sm', 'dekat',
  'dkt', 'deket', 'depan', 'dpn', 'belakang', 'samping', 'sebelah', 'seberang', 'sekitar', 'sktr', 'persis',
  'pas', 'tepat', 'itu', 'ini', 'tuh', 'nih', 'teh', 'mah', 'sudah', 'udah', 'udh', 'sdh', 'masih', 'msh',
  'tidak', 'gak', 'ga', 'gk', 'nggak', 'belum', 'blm', 'rusak', 'berlubang', 'bolong', 'rusaknya', 'jalannya',
  'banjir', 'macet', 'gelap', 'mati', 'parah', 'tolong', 'tlg', 'mohon', 'min', 'pak', 'bu', 'kang', 'ya',
  'kapan', 'kenapa', 'knp', 'lagi', 'lg', 'terus', 'trs', 'banget', 'bgt', 'pisan', 'sejak', 'selama',
  'sampai', 'sampe', 'hingga', 'pagi', 'siang', 'sore', 'malam', 'tiap', 'setiap', 'hari', 'minggu', 'bulan',
  'tahun', 'kemarin', 'kmrn', 'sekarang', 'skrg', 'tadi', 'besok', 'pada', 'karena', 'krn', 'atau', 'tapi',
  'juga', 'jg', 'aja', 'saja', 'sih', 'dong', 'deh', 'kok', 'lho', 'loh', 'euy', 'atuh', 'wae', 'ada', 'adalah',
  'jadi', 'jd', 'bikin', 'buat', 'untuk', 'utk', 'dengan', 'dgn', 'oleh', 'para', 'warga', 'sampah',
  'lampu', 'pohon', 'air', 'saluran', 'selokan', 'got', 'trotoar', 'mobil', 'motor', 'angkot', 'parkir',
  'pedagang', 'pkl', 'tumpukan', 'genangan', 'lubang', 'aspal', 'kaki', 'raya', 'utama', 'besar', 'kecil',
  'sempit', 'lingkungan', 'kampung', 'setapak', 'tikus', 'alternatif', 'pintas', 'licin', 'lurus', 'menurun',
  'menanjak', 'tanjakan', 'turunan', 'rame', 'ramai', 'sepi', 'padat', 'penuh', 'baru', 'lama', 'bagus',
  'mulus', 'hancur', 'retak', 'amblas', 'ambles', 'longsor', 'tergenang', 'tersumbat', 'mampet', 'bau',
  'kotor', 'jelek', 'sudah', 'harus', 'perlu', 'segera', 'kami', 'kita', 'saya', 'sy', 'gw', 'aku', 'kalian',
  'pemkot', 'dinas', 'dishub', 'satpol', 'lurus', 'kiri', 'kanan', 'tengah', 'ujung', 'pertigaan',
  'perempatan', 'simpang', 'bundaran', 'jembatan', 'halte', 'pasar', 'masjid', 'sekolah', 'sd', 'smp', 'sma',
  'puskesmas', 'rumah', 'kantor', 'toko', 'warung', 'kost', 'kos', 'blok', 'komplek', 'kompleks', 'perumahan',
  'jl', 'jln', 'jalan', 'nya', 'kapanpun', 'rw', 'tol', 'protokol', 'umum', 'inspeksi', 'lain',
]);

/** Title abbreviations that start or sit inside street names: "Jl. Dr. Djunjunan", "Jl. Ir. H. Juanda". */
const NAME_ABBREVIATIONS = new Set([
  'h', 'hj', 'dr', 'drs', 'ir', 'jend', 'moh', 'mh', 'kh', 'prof', 'r', 'st', 'kol', 'letkol', 'mayjen',
  'brigjen', 'ki', 'a', 'ah', 'ph', 'pr', 'dt', 'wr', 'sk', 'bkr',
]);

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

interface Candidate {
  kind: 'district' | 'village';
  code: string;
  name: string;
  start: number;
  end: number;
  /** 3 explicit marker, 2 bare name, 1 inside a street name. */
  strength: number;
  dual: boolean;
}

interface CompiledGazetteer {
  byKey: Map<string, { kind: 'district' | 'village'; code: string; name: string }[]>;
  maxTokens: number;
  districtName: Map<string, string>;
  villageName: Map<string, string>;
}

const WORD = /[\p{L}\p{N}]+/gu;
const keyOf = (name: string): string => (name.toLowerCase().match(WORD) ?? []).join('');
const districtOfVillage = (code: string): string => code.slice(0, code.lastIndexOf('.'));

const compiled = new WeakMap<Gazetteer, CompiledGazetteer>();

function compile(gazetteer: Gazetteer): CompiledGazetteer {
  const cached = compiled.get(gazetteer);
  if (cached) return cached;
  const byKey = new Map<string, { kind: 'district' | 'village'; code: string; name: string }[]>();
  let maxTokens = 1;
  const add = (rawName: string, kind: 'district' | 'village', code: string, name: string) => {
    const key = keyOf(rawName);
    if (key === '') return;
    maxTokens = Math.max(maxTokens, (rawName.match(WORD) ?? []).length + 1);
    const list = byKey.get(key) ?? [];
    if (!list.some((e) => e.kind === kind && e.code === code)) list.push({ kind, code, name });
    byKey.set(key, list);
  };
  const districtName = new Map(gazetteer.districts.map((d) => [d.code, d.name]));
  const villageName = new Map(gazetteer.villages.map((v) => [v.code, v.name]));
  for (const d of gazetteer.districts) add(d.name, 'district', d.code, d.name);
  for (const v of gazetteer.villages) add(v.name, 'village', v.code, v.name);
  for (const [alias, code] of Object.entries(gazetteer.aliases ?? {})) {
    const d = districtName.get(code);
    const v = villageName.get(code);
    if (d !== undefined) add(alias, 'district', code, d);
    else if (v !== undefined) add(alias, 'village', code, v);
  }
  const result: CompiledGazetteer = {
    byKey,
    maxTokens: Math.min(maxTokens, 5),
    districtName,
    villageName,
  };
  compiled.set(gazetteer, result);
  return result;
}

const regionGazetteers = new Map<string, Gazetteer>();

/** The kecamatan and kelurahan of a region from @sinergi/contracts (idn-area-data), cached per region. */
export function gazetteerForRegion(regionCode: string): Gazetteer {
  let g = regionGazetteers.get(regionCode);
  if (!g) {
    const districts = districtsOf(regionCode);
    const villages = districts.flatMap((d) => villagesOf(d.code));
    g = { districts, villages, aliases: DEFAULT_ALIASES[regionCode] ?? {} };
    regionGazetteers.set(regionCode, g);
  }
  return g;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const isCommonWord = (lower: string): boolean =>
  NAME_STOP.has(lower) || STOPWORDS.has(lower) || lower in SLANG || SIGNAL_WORDS.includes(lower);

function titleCase(words: string): string {
  return words.replace(/\p{L}[\p{L}']*/gu, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

interface NameSpan {
  name: string;
  start: number;
  end: number;
}

/**
 * The name after a street or gang marker: words up to punctuation, a stop word, or 5 words. In a text that
 * uses capitals, words after the first must be capitalized (or digits, or abbreviations like "H.").
 */
function nameAfter(text: string, from: number, mixedCase: boolean): NameSpan | null {
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

interface AddressParts {
  street: NameSpan | null;
  gang: NameSpan | null;
  number: string | null;
  rt: string | null;
  rw: string | null;
}

const pad2 = (digits: string): string => String(Number.parseInt(digits, 10)).padStart(2, '0');

function addressParts(text: string): AddressParts {
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

function findAreaCandidates(tokens: Token[], places: CompiledGazetteer, streetSpans: [number, number][]) {
  const found: Candidate[] = [];
  const taken = new Set<number>();
  // longest first: every (start, length) pair, sorted by length descending
  for (let len = places.maxTokens; len >= 1; len--) {
    for (let i = 0; i + len <= tokens.length; i++) {
      let overlaps = false;
      for (let j = i; j < i + len; j++) if (taken.has(j)) overlaps = true;
      if (overlaps) continue;
      const words = tokens.slice(i, i + len);
      const key = words.map((t) => t.lower).join('');
      const entries = places.byKey.get(key);
      if (!entries) continue;
      const first = words[0]!;
      const last = words[words.length - 1]!;
      const before = tokens[i - 1]?.lower;
      const marker =
        before !== undefined && VILLAGE_MARKERS.has(before)
          ? 'village'
          : before !== undefined && DISTRICT_MARKERS.has(before)
            ? 'district'
            : null;
      const inStreet = streetSpans.some(([s, e]) => first.start >= s && last.end <= e);
      const ambiguous = AMBIGUOUS_AREA_NAMES.has(key);
      if (ambiguous && marker === null) continue;
      const dual = entries.some((e) => e.kind === 'district') && entries.some((e) => e.kind === 'village');
      for (const entry of entries) {
        let strength = inStreet ? 1 : 2;
        if (marker === entry.kind) strength = 3;
        else if (marker !== null) strength = inStreet ? 1 : 2; // "Kec. X" where X is only a kelurahan
        found.push({ kind: entry.kind, code: entry.code, name: entry.name, start: first.start, end: last.end, strength, dual });
      }
      for (let j = i; j < i + len; j++) taken.add(j);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function best(candidates: Candidate[]): Candidate | undefined {
  return [...candidates].sort((a, b) => b.strength - a.strength || a.start - b.start)[0];
}

/** Reads location hints from a post's raw text. Pure: the gazetteer is passed in. */
export function extractLocation(text: string, gazetteer: Gazetteer): LocationHint {
  const places = compile(gazetteer);
  const parts = addressParts(text);
  const tokens = tokensOf(text);
  const streetSpans: [number, number][] = [parts.street, parts.gang]
    .filter((p): p is NameSpan => p !== null)
    .map((p) => [p.start, p.end]);
  const candidates = findAreaCandidates(tokens, places, streetSpans);
  const evidence: string[] = [];

  const districtCands = candidates.filter((c) => c.kind === 'district');
  const mentionedDistricts = new Set(districtCands.map((c) => c.code));
  // a bare name that is both a kecamatan and a kelurahan is the kecamatan, unless the kelurahan's own
  // kecamatan is named as well ("Batununggal, Bandung Kidul")
  const villageCands = candidates.filter(
    (c) =>
      c.kind === 'village' &&
      !(c.dual && c.strength < 3 && !districtCands.some((d) => d.code === districtOfVillage(c.code) && d.start !== c.start)),
  );

  // strongest first; among equals, one whose kecamatan is named too; then the first in the text
  const agrees = (c: Candidate) => Number(mentionedDistricts.has(districtOfVillage(c.code)));
  let village: Candidate | undefined = [...villageCands].sort(
    (a, b) => b.strength - a.strength || agrees(b) - agrees(a) || a.start - b.start,
  )[0];
  let district = best(districtCands.filter((c) => !(c.dual && village && c.start === village.start)));
  let conflict = false;

  if (village && district && districtOfVillage(village.code) !== district.code) {
    const agreeing = districtCands.find((c) => c.code === districtOfVillage(village!.code));
    if (agreeing) district = agreeing;
    else {
      conflict = true;
      if (district.strength > village.strength) village = undefined;
      else if (village.strength > district.strength) district = undefined;
      else village = undefined;
    }
  }

  const districtCode = village ? districtOfVillage(village.code) : (district?.code ?? null);
  const villageCode = village?.code ?? null;

  let confidence = 0;
  const strongest = Math.max(village?.strength ?? 0, district?.strength ?? 0);
  if (strongest === 3) confidence = 0.9;
  else if (strongest === 2) confidence = village && !district ? 0.7 : 0.75;
  else if (strongest === 1) confidence = 0.35;
  if (village && district && districtOfVillage(village.code) === district.code && strongest >= 2) {
    confidence = Math.min(0.95, confidence + 0.05);
  }
  if (conflict) confidence = Math.max(0.2, confidence - 0.2);
  const distinctDistricts = new Set([
    ...districtCands.filter((c) => c.strength >= 2 && !(c.dual && c.start === village?.start)).map((c) => c.code),
    ...villageCands.filter((c) => c.strength >= 2).map((c) => districtOfVillage(c.code)),
  ]);
  if (distinctDistricts.size > 1) confidence = Math.max(0.2, confidence - 0.15);
  const hasAddress = parts.street || parts.gang || parts.rt || parts.rw;
  if (confidence === 0 && hasAddress) confidence = 0.2;

  const strengthName = (s: number) => (s === 3 ? 'explicit' : s === 2 ? 'bare' : 'street-name');
  if (village) evidence.push(`kelurahan:${strengthName(village.strength)}:${village.name}`);
  if (district) evidence.push(`kecamatan:${strengthName(district.strength)}:${district.name}`);
  if (conflict) evidence.push('areas-disagree');
  if (parts.street) evidence.push(`street:${parts.street.name}`);
  if (parts.gang) evidence.push(`gang:${parts.gang.name}`);

  // the address text: street-level parts, then kelurahan/kecamatan phrases written with a marker
  const pieces: string[] = [];
  if (parts.street) pieces.push(parts.street.name + (parts.number && !parts.gang ? ` No. ${parts.number}` : ''));
  if (parts.gang) pieces.push(parts.gang.name + (parts.number ? ` No. ${parts.number}` : ''));
  if (parts.rt || parts.rw) {
    pieces.push([parts.rt && `RT ${parts.rt}`, parts.rw && `RW ${parts.rw}`].filter(Boolean).join('/'));
  }
  const villageName = villageCode ? (places.villageName.get(villageCode) ?? null) : null;
  const districtName = districtCode ? (places.districtName.get(districtCode) ?? null) : null;
  const written = (markers: string): string | null => {
    const m = new RegExp(`(?<![\\p{L}\\p{N}])(?:${markers})\\.?\\s+`, 'iu').exec(text);
    return m ? (nameAfter(text, m.index + m[0].length, false)?.name ?? null) : null;
  };
  if (village?.strength === 3 && villageName) pieces.push(`Kel. ${villageName}`);
  else if (!village) {
    const name = written('kel|kelurahan|desa');
    if (name) pieces.push(`Kel. ${name}`);
  }
  if (district?.strength === 3 && districtName) pieces.push(`Kec. ${districtName}`);
  else if (!district && !village) {
    const name = written('kec|kecamatan');
    if (name) pieces.push(`Kec. ${name}`);
  }

  return {
    address: pieces.length > 0 ? pieces.join(', ') : null,
    districtCode,
    villageCode,
    districtName,
    villageName,
    confidence: Math.round(confidence * 100) / 100,
    street: parts.street?.name ?? null,
    gang: parts.gang?.name ?? null,
    number: parts.number,
    rt: parts.rt,
    rw: parts.rw,
    evidence,
  };
}
