/**
 * Pure rules for the two classifications a budget line carries (no I/O):
 *
 * - The program nomenclature of Permendagri 90/2019 (updated by Kepmendagri 050-3708/2020,
 *   050-5889/2021 and later decrees): `urusan.bidang.program.kegiatan.sub_kegiatan`, e.g.
 *   `1.01.01.2.02.0001`. Urusan 1-3 are the government affairs (1 mandatory basic services,
 *   2 mandatory non-basic, 3 optional); 4-8 code the support, supporting, oversight, territorial and
 *   general-government functions (Setda/Setwan, Bappeda/BKAD/BKD, Inspektorat, kecamatan,
 *   Kesbangpol), without which a kecamatan or BKAD cannot be coded. The kegiatan's first digit is
 *   the level of government: 1 province, 2 kabupaten/kota.
 * - Account codes (kode rekening) of six levels: akun . kelompok . jenis . objek . rincian objek .
 *   sub rincian objek, e.g. `5.1.02.01.01.0024`: 4 revenue, 5 spending (5.1 operating, 5.2 capital,
 *   5.3 unforeseen, 5.4 transfers), 6 financing.
 */

export const NOMENCLATURE_LEVELS = ['urusan', 'bidang', 'program', 'kegiatan', 'sub_kegiatan'] as const;
export type NomenclatureLevel = (typeof NOMENCLATURE_LEVELS)[number];

/** Segment patterns in order: urusan, bidang, program, kegiatan (level digit . two digits), sub-kegiatan. */
const NOMENCLATURE_SEGMENTS = [/^[1-8]$/, /^\d{2}$/, /^\d{2}$/, /^[12]\.\d{2}$/, /^\d{4}$/];

export type CodeCheck<T> = { ok: true; value: T } | { ok: false; message: string };

export interface NomenclatureCode {
  code: string;
  level: NomenclatureLevel;
  urusan: number;
  /** The kegiatan's level-of-government digit, for kegiatan and sub-kegiatan codes. */
  governmentLevel?: GovernmentLevel;
  /** The code one level up; undefined for an urusan. */
  parent?: string;
}

export type GovernmentLevel = 'provinsi' | 'kabupaten-kota';
const LEVEL_DIGIT: Record<string, GovernmentLevel> = { '1': 'provinsi', '2': 'kabupaten-kota' };

/**
 * Splits a nomenclature code into its segments. The kegiatan segment is itself two parts (`2.02`),
 * so `1.01.01.2.02.0001` has six dot-separated parts for five levels.
 */
export function parseNomenclatureCode(code: string): CodeCheck<NomenclatureCode> {
  if (typeof code !== 'string' || code.length > 40)
    return { ok: false, message: 'must be a code like 1.01.01.2.02.0001' };
  const parts = code.split('.');
  // urusan, bidang, program: 1 part each; kegiatan: 2 parts; sub-kegiatan: 1 part
  const sizes = [1, 2, 3, 5, 6];
  const depth = sizes.indexOf(parts.length);
  if (depth < 0)
    return {
      ok: false,
      message: 'must have the form urusan.bidang.program.kegiatan.sub_kegiatan, e.g. 1.01.01.2.02.0001',
    };
  const segments = [parts[0], parts[1], parts[2], parts.slice(3, 5).join('.'), parts[5]].slice(
    0,
    depth + 1,
  ) as string[];
  for (let i = 0; i < segments.length; i++) {
    if (!NOMENCLATURE_SEGMENTS[i]!.test(segments[i]!)) {
      return {
        ok: false,
        message: `the ${NOMENCLATURE_LEVELS[i]} segment ${JSON.stringify(segments[i])} is not valid (urusan 1-8, two-digit bidang and program, kegiatan as level digit 1 or 2 and two digits, four-digit sub-kegiatan)`,
      };
    }
  }
  const level = NOMENCLATURE_LEVELS[depth]!;
  const parentParts =
    depth === 0 ? undefined : depth === 3 ? parts.slice(0, 3) : depth === 4 ? parts.slice(0, 5) : parts.slice(0, depth);
  const result: NomenclatureCode = { code, level, urusan: Number(parts[0]) };
  if (parentParts) result.parent = parentParts.join('.');
  if (depth >= 3) result.governmentLevel = LEVEL_DIGIT[parts[3]!]!;
  return { ok: true, value: result };
}

/**
 * The level of government a tenant is. Tenants are region codes: `NN.NN` is a kabupaten/kota
 * (every tenant the directory holds today, RegionProfile.code); a bare province code `NN` would be
 * a province.
 */
export function governmentLevelOfRegion(regionCode: string): GovernmentLevel {
  return /^\d{2}$/.test(regionCode) ? 'provinsi' : 'kabupaten-kota';
}

/** A kegiatan or sub-kegiatan code of the other level of government cannot be budgeted by this region. */
export function checkGovernmentLevel(code: NomenclatureCode, region: GovernmentLevel): string | undefined {
  if (!code.governmentLevel || code.governmentLevel === region) return undefined;
  const digit = region === 'provinsi' ? '1' : '2';
  return `the kegiatan level digit of ${code.code} is for a ${code.governmentLevel}; a ${region} uses ${digit}`;
}

export const ACCOUNT_LEVELS = ['akun', 'kelompok', 'jenis', 'objek', 'rincian_objek', 'sub_rincian_objek'] as const;
export type AccountLevel = (typeof ACCOUNT_LEVELS)[number];
const ACCOUNT_SEGMENTS = [/^[4-6]$/, /^\d$/, /^\d{2}$/, /^\d{2}$/, /^\d{2}$/, /^\d{4}$/];

/** Spending groups (kelompok) of akun 5 that exist; revenue and financing groups are not restricted here. */
const SPENDING_GROUPS = new Set(['1', '2', '3', '4']);

export interface AccountCode {
  code: string;
  level: AccountLevel;
  akun: 'revenue' | 'spending' | 'financing';
  parent?: string;
}

export function parseAccountCode(code: string): CodeCheck<AccountCode> {
  if (typeof code !== 'string' || code.length > 30)
    return { ok: false, message: 'must be an account code like 5.1.02.01.01.0024' };
  const parts = code.split('.');
  if (parts.length < 1 || parts.length > 6)
    return {
      ok: false,
      message: 'must have one to six levels: akun.kelompok.jenis.objek.rincian_objek.sub_rincian_objek',
    };
  for (let i = 0; i < parts.length; i++) {
    if (!ACCOUNT_SEGMENTS[i]!.test(parts[i]!)) {
      return {
        ok: false,
        message: `the ${ACCOUNT_LEVELS[i]} segment ${JSON.stringify(parts[i])} is not valid (akun 4, 5 or 6; one-digit kelompok; two-digit jenis, objek and rincian objek; four-digit sub rincian objek)`,
      };
    }
  }
  if (parts[0] === '5' && parts.length > 1 && !SPENDING_GROUPS.has(parts[1]!)) {
    return {
      ok: false,
      message: 'spending (5) has the groups 5.1 operating, 5.2 capital, 5.3 unforeseen and 5.4 transfers',
    };
  }
  const akun = parts[0] === '4' ? 'revenue' : parts[0] === '5' ? 'spending' : 'financing';
  const result: AccountCode = { code, level: ACCOUNT_LEVELS[parts.length - 1]!, akun };
  if (parts.length > 1) result.parent = parts.slice(0, -1).join('.');
  return { ok: true, value: result };
}

/** A line item is budgeted on a spending account at its most detailed level (sub rincian objek). */
export function checkLineItemAccount(code: string): string | undefined {
  const parsed = parseAccountCode(code);
  if (!parsed.ok) return parsed.message;
  if (parsed.value.akun !== 'spending') return 'a line item needs a spending account (5...)';
  if (parsed.value.level !== 'sub_rincian_objek')
    return 'a line item needs an account at the sixth level (sub rincian objek), e.g. 5.1.02.01.01.0024';
  return undefined;
}
