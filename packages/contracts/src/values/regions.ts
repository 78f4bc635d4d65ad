import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseCsvRecords } from './csv.js';
import type { IndonesianTimeZone } from './time-zone.js';
import { timeZoneForProvince } from './time-zone.js';

/*
 * Kemendagri area codes from idn-area-data 4.0.1 (the 2025 decree's codes; data licence ODbL): province
 * `32`, region (kabupaten/kota) `32.73`, district (kecamatan) `32.73.01`, village (kelurahan/desa)
 * `32.73.01.1001`. Names are kept as the data spells them ("Kota Bandung", "Astanaanyar").
 * The CSVs are read synchronously on first use; villages (83k rows) only when a village is needed.
 */

export interface Area {
  code: string;
  name: string;
}
export interface RegionInfo {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}
export interface DistrictInfo extends Area {
  regionCode: string;
}
export interface VillageInfo extends Area {
  districtCode: string;
  regionCode: string;
}

export const PROVINCE_CODE_PATTERN = /^\d{2}$/;
export const REGION_CODE_PATTERN = /^\d{2}\.\d{2}$/;
export const DISTRICT_CODE_PATTERN = /^\d{2}\.\d{2}\.\d{2}$/;
export const VILLAGE_CODE_PATTERN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

let dataDir: string | undefined;
function readData(file: string): Record<string, string>[] {
  dataDir ??= join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data');
  return parseCsvRecords(readFileSync(join(dataDir, file), 'utf8'));
}

function field(record: Record<string, string>, name: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`idn-area-data: column ${name} missing`);
  return value;
}

/** Groups areas by their parent code, keeping the file order (which is code order). */
function index<T extends Area>(rows: T[], parentOf: (row: T) => string) {
  const byCode = new Map<string, T>();
  const byParent = new Map<string, Area[]>();
  for (const row of rows) {
    byCode.set(row.code, row);
    const siblings = byParent.get(parentOf(row));
    const area = { code: row.code, name: row.name };
    if (siblings) siblings.push(area);
    else byParent.set(parentOf(row), [area]);
  }
  return { byCode, byParent };
}

function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

const provinces = lazy(
  () => new Map(readData('provinces.csv').map((r) => [field(r, 'code'), field(r, 'name')] as const)),
);

const regions = lazy(() =>
  index(
    readData('regencies.csv').map((r): RegionInfo => {
      const provinceCode = field(r, 'province_code');
      return {
        code: field(r, 'code'),
        name: field(r, 'name'),
        provinceCode,
        provinceName: provinces().get(provinceCode) ?? '',
      };
    }),
    (r) => r.provinceCode,
  ),
);

const districts = lazy(() =>
  index(
    readData('districts.csv').map((r): DistrictInfo => ({
      code: field(r, 'code'),
      name: field(r, 'name'),
      regionCode: field(r, 'regency_code'),
    })),
    (d) => d.regionCode,
  ),
);

const villages = lazy(() =>
  index(
    readData('villages.csv').map((r): VillageInfo => {
      const districtCode = field(r, 'district_code');
      return { code: field(r, 'code'), name: field(r, 'name'), districtCode, regionCode: districtCode.slice(0, 5) };
    }),
    (v) => v.districtCode,
  ),
);

export function findProvince(code: string): Area | undefined {
  const name = provinces().get(code);
  return name === undefined ? undefined : { code, name };
}

export function listProvinces(): Area[] {
  return [...provinces()].map(([code, name]) => ({ code, name }));
}

export function findRegion(code: string): RegionInfo | undefined {
  const region = regions().byCode.get(code);
  return region && { ...region };
}

/** All regions (kabupaten/kota), or those of one province. */
export function listRegions(provinceCode?: string): RegionInfo[] {
  const all = [...regions().byCode.values()];
  return (provinceCode === undefined ? all : all.filter((r) => r.provinceCode === provinceCode)).map((r) => ({ ...r }));
}

/** The kecamatan of a region, in code order; empty for an unknown region. */
export function districtsOf(regionCode: string): Area[] {
  return (districts().byParent.get(regionCode) ?? []).map((a) => ({ ...a }));
}

export function findDistrict(code: string): DistrictInfo | undefined {
  const district = districts().byCode.get(code);
  return district && { ...district };
}

/** The kelurahan/desa of a kecamatan, in code order; empty for an unknown district. */
export function villagesOf(districtCode: string): Area[] {
  return (villages().byParent.get(districtCode) ?? []).map((a) => ({ ...a }));
}

export function findVillage(code: string): VillageInfo | undefined {
  const village = villages().byCode.get(code);
  return village && { ...village };
}

/** The time zone a region lives in, from its province. Throws for an unknown region. */
export function timeZoneForRegion(regionCode: string): IndonesianTimeZone {
  if (!findRegion(regionCode)) throw new RangeError(`unknown region code ${regionCode}`);
  return timeZoneForProvince(regionCode.slice(0, 2));
}

/** Names the kind of a code that has the wrong level, so a message can say "that is a district". */
function levelHint(input: unknown): string {
  if (typeof input !== 'string') return '';
  if (DISTRICT_CODE_PATTERN.test(input) && findDistrict(input)) return `${input} is a district (kecamatan) code; `;
  if (VILLAGE_CODE_PATTERN.test(input)) return `${input} looks like a village (kelurahan/desa) code; `;
  if (REGION_CODE_PATTERN.test(input) && findRegion(input)) return `${input} is a region (kabupaten/kota) code; `;
  if (PROVINCE_CODE_PATTERN.test(input) && findProvince(input)) return `${input} is a province code; `;
  return '';
}

function describe(input: unknown): string {
  if (input === undefined) return 'nothing (it is missing)';
  return typeof input === 'string' ? JSON.stringify(input) : `a ${input === null ? 'null' : typeof input}`;
}

interface AreaCodeSpec {
  level: string;
  pattern: RegExp;
  /** The shape spelled out for people, e.g. `NN.NN`. */
  form: string;
  example: string;
  exists: (code: string) => boolean;
}

function areaCode({ level, pattern, form, example, exists }: AreaCodeSpec) {
  return z
    .string({ error: (iss) => `${level} code must be a string like "${example}", got ${describe(iss.input)}` })
    .regex(pattern, {
      abort: true,
      error: (iss) =>
        `${levelHint(iss.input)}a ${level} code has the form ${form}, e.g. "${example}", got ${describe(iss.input)}`,
    })
    .refine(exists, { error: (iss) => `unknown ${level} code ${String(iss.input)}` });
}

export const ProvinceCode = areaCode({
  level: 'province',
  pattern: PROVINCE_CODE_PATTERN,
  form: 'NN',
  example: '32',
  exists: (c) => provinces().has(c),
});
export type ProvinceCode = z.infer<typeof ProvinceCode>;

/** A region (kabupaten/kota), our tenant: `32.73` = Kota Bandung. */
export const RegionCode = areaCode({
  level: 'region',
  pattern: REGION_CODE_PATTERN,
  form: 'NN.NN',
  example: '32.73',
  exists: (c) => regions().byCode.has(c),
});
export type RegionCode = z.infer<typeof RegionCode>;

export const DistrictCode = areaCode({
  level: 'district',
  pattern: DISTRICT_CODE_PATTERN,
  form: 'NN.NN.NN',
  example: '32.73.01',
  exists: (c) => districts().byCode.has(c),
});
export type DistrictCode = z.infer<typeof DistrictCode>;

export const VillageCode = areaCode({
  level: 'village',
  pattern: VILLAGE_CODE_PATTERN,
  form: 'NN.NN.NN.NNNN',
  example: '32.73.01.1001',
  exists: (c) => villages().byCode.has(c),
});
export type VillageCode = z.infer<typeof VillageCode>;
