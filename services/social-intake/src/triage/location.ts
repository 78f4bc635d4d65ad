import { addressParts, nameAfter, type NameSpan } from './address.js';
import { AMBIGUOUS_AREA_NAMES, compile, WORD, type CompiledGazetteer, type Gazetteer } from './gazetteer.js';

export { AMBIGUOUS_AREA_NAMES, gazetteerForRegion, type AreaName, type Gazetteer } from './gazetteer.js';

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

const VILLAGE_MARKERS = new Set(['kel', 'kelurahan', 'desa', 'ds', 'lurah', 'kelurahannya']);
const DISTRICT_MARKERS = new Set(['kec', 'kecamatan', 'kecamatannya', 'camat', 'kcmtn', 'kecmtn']);

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

const districtOfVillage = (code: string): string => code.slice(0, code.lastIndexOf('.'));

function tokensOf(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
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
        found.push({
          kind: entry.kind,
          code: entry.code,
          name: entry.name,
          start: first.start,
          end: last.end,
          strength,
          dual,
        });
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
      !(
        c.dual &&
        c.strength < 3 &&
        !districtCands.some((d) => d.code === districtOfVillage(c.code) && d.start !== c.start)
      ),
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
