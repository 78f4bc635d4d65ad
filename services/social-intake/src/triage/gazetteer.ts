/**
 * The kecamatan and kelurahan names of a region, compiled once per gazetteer into a lookup by their
 * spelling without spaces or punctuation ("Buah Batu" = "Buahbatu"), for `extractLocation`.
 */
import { districtsOf, villagesOf } from '@sinergi/contracts';

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

/** Area names that are also ordinary words or famous elsewhere: they count only after "Kel."/"Kec.". */
export const AMBIGUOUS_AREA_NAMES: ReadonlySet<string> = new Set([
  'merdeka',
  'garuda',
  'ledeng',
  'babakan',
  'tamansari',
  'campaka',
  'kebonjeruk',
  'lingkarselatan',
  'arjuna',
  'citarum',
  'malabar',
  'wates',
  'ancol',
  'burangrang',
  'turangga',
  'pajajaran',
  'sukamaju',
  'isola',
  'mengger',
  'samoja',
  'paledang',
  'pelindunghewan',
  'margasari',
  'sukaraja',
  'derwati',
  'binong',
]);

/** Default extra spellings for the tenants we ship a demo of. */
export const DEFAULT_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '32.73': { kircon: '32.73.16', 'ujung berung': '32.73.26', 'buah batu': '32.73.22' },
};

export interface CompiledGazetteer {
  byKey: Map<string, { kind: 'district' | 'village'; code: string; name: string }[]>;
  maxTokens: number;
  districtName: Map<string, string>;
  villageName: Map<string, string>;
}

export const WORD = /[\p{L}\p{N}]+/gu;
export const keyOf = (name: string): string => (name.toLowerCase().match(WORD) ?? []).join('');

const compiled = new WeakMap<Gazetteer, CompiledGazetteer>();

export function compile(gazetteer: Gazetteer): CompiledGazetteer {
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
