import { z } from 'zod';
import { DistrictCode, findRegion, RegionCode } from './values/regions.js';
import { Slug, UnitCode } from './values/slug.js';
import { IndonesianTimeZone, TIME_ZONE_LABEL, timeZoneForProvince } from './values/time-zone.js';

/*
 * The city directory: the profile of one region (tenant), kept in a NATS KV bucket by the service
 * kit and applied from JSON files by the CLI. Unknown fields are rejected, to catch typos in
 * hand-written files.
 */

function objectError(what: string) {
  return (iss: z.core.$ZodRawIssue) => {
    if (iss.code === 'unrecognized_keys') return `unknown field(s) in ${what}: ${iss.keys.join(', ')}`;
    if (iss.code === 'invalid_type') return `${what} must be a JSON object`;
    return undefined;
  };
}

function text(what: string) {
  return z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

function isRealDate(s: string): boolean {
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
}

// Cross-checks run once the fields themselves are valid; before that their values are not to be trusted.
const onlyWhenValid = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const HOLIDAY_KINDS = ['libur-nasional', 'cuti-bersama', 'libur-daerah'] as const;
export const UNIT_KINDS = [
  'dinas',
  'badan',
  'satuan',
  'sekretariat',
  'inspektorat',
  'kecamatan',
  'kelurahan',
  'lainnya',
] as const;
export const SOCIAL_PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram'] as const;

function oneOf<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, {
    error: (iss) => `${what} must be one of ${values.join(', ')}; got ${JSON.stringify(iss.input)}`,
  });
}

/** A day off: national holiday (libur nasional), collective leave (cuti bersama) or regional holiday. */
export const Holiday = z.strictObject(
  {
    date: z
      .string({ error: 'holiday date must be a string YYYY-MM-DD' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'holiday date must have the form YYYY-MM-DD', abort: true })
      .refine(isRealDate, { error: (iss) => `holiday date ${String(iss.input)} is not a real date` }),
    name: text('holiday name'),
    kind: oneOf('holiday kind', HOLIDAY_KINDS),
  },
  { error: objectError('a holiday') },
);
export type Holiday = z.infer<typeof Holiday>;

/**
 * Whether a year's holiday list is the confirmed one (the SKB of the three ministers and the Keppres on
 * cuti bersama are signed in the autumn before the year) or a partial list kept until then. A deadline
 * counted over a year without a confirmed list may move when the list arrives, so staff see it flagged.
 */
export const HolidayYear = z.strictObject(
  {
    year: z
      .number({ error: 'holiday year must be a number like 2026' })
      .int({ error: 'holiday year must be a whole number' })
      .min(2000, { error: 'holiday year must be 2000 or later' })
      .max(2100, { error: 'holiday year must be 2100 or earlier' }),
    confirmed: z.boolean({ error: 'holiday year confirmed must be true or false' }),
    source: text('holiday year source').optional(),
  },
  { error: objectError('a holiday year') },
);
export type HolidayYear = z.infer<typeof HolidayYear>;

/**
 * Cuti bersama is leave for civil servants, set by Keputusan Presiden each year; offices that serve the
 * public arrange their service on those days, and whether a region counts them as working days for its
 * service deadlines is the region's choice. The default keeps them days off, as the SKB lists them.
 */
export const CUTI_BERSAMA_RULES = ['day-off', 'working-day'] as const;

/** A work unit (SKPD/OPD) of the regional government. */
export const Unit = z.strictObject(
  {
    code: UnitCode,
    name: text('unit name'),
    kind: oneOf('unit kind', UNIT_KINDS),
    /** For a kecamatan or kelurahan office: the kecamatan it serves. */
    districtCode: DistrictCode.nullable().optional(),
  },
  { error: objectError('a unit') },
);
export type Unit = z.infer<typeof Unit>;

export const ComplaintCategory = z.strictObject(
  {
    code: Slug,
    name: text('category name'),
    /** The unit a new report of this category is disposed to unless someone decides otherwise. */
    defaultUnit: UnitCode,
    /** Reports of the same category closer than this are offered as possible duplicates. */
    duplicateRadiusMeters: z
      .number({ error: 'duplicateRadiusMeters must be a whole number of meters from 1 to 5000' })
      .int({ error: 'duplicateRadiusMeters must be a whole number of meters from 1 to 5000' })
      .min(1, { error: 'duplicateRadiusMeters must be a whole number of meters from 1 to 5000' })
      .max(5000, { error: 'duplicateRadiusMeters must be a whole number of meters from 1 to 5000' })
      .default(50),
  },
  { error: objectError('a complaint category') },
);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

/** A social-media account run by a unit; posts to it become complaints of that unit. */
export const SocialAccount = z.strictObject(
  {
    platform: oneOf('platform', SOCIAL_PLATFORMS),
    /** The platform's own id of the account (page id, business account id, phone number id, bot id). */
    accountId: text('accountId'),
    handle: text('handle').optional(),
    unit: UnitCode,
  },
  { error: objectError('a social-media account') },
);
export type SocialAccount = z.infer<typeof SocialAccount>;

/** A public official who can be rated (penilaian aparatur). */
export const Official = z.strictObject(
  {
    id: Slug,
    name: text('official name'),
    jobTitle: text('jobTitle'),
    unit: UnitCode,
    /**
     * The official's accounts at the region's identity provider (token `sub` values): services tell
     * by them who acts, e.g. that a desk officer is not creating a link to rate themselves.
     */
    accounts: z
      .array(z.string().min(1).max(200), { error: 'accounts must be an array of account ids' })
      .max(10)
      .default([]),
  },
  { error: objectError('an official') },
);
export type Official = z.infer<typeof Official>;

/**
 * How a region handles complaints where the national rules leave it open (complaints' README names
 * the source of each default): where a breached deadline goes after the unit head, when, how long
 * a deferred report may wait for its reporter, and how old a channel's received time may be.
 */
const days = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a whole number of days from 1 to ${max}` })
    .int({ error: `${what} must be a whole number of days from 1 to ${max}` })
    .min(1, { error: `${what} must be a whole number of days from 1 to ${max}` })
    .max(max, { error: `${what} must be a whole number of days from 1 to ${max}` });
export const ComplaintHandling = z.strictObject(
  {
    /** The region's oversight (the Sekretariat Daerah or the Inspektorat) a breach goes to after the unit head. */
    oversightUnit: UnitCode.optional(),
    /** Working days after a breach reached the unit head before it goes to the oversight. */
    oversightAfterWorkingDays: days('oversightAfterWorkingDays', 60).optional(),
    /** Working days a deferred (tunda) report waits for its reporter before it escalates. */
    deferralLimitWorkingDays: days('deferralLimitWorkingDays', 60).optional(),
    /** How many calendar days back a channel's received time may lie (an SMS gateway's, a post's, a letter's). */
    receivedTimeMaxAgeDays: days('receivedTimeMaxAgeDays', 365).optional(),
  },
  { error: objectError('complaintHandling') },
);
export type ComplaintHandling = z.infer<typeof ComplaintHandling>;

/** Adds an issue for every item whose key was already used by an earlier item. */
interface UniqueCheck<T> {
  keyOf: (item: T) => string;
  pathOf: (index: number) => PropertyKey[];
  describe: (item: T) => string;
}

function checkUnique<T>(ctx: z.core.$RefinementCtx, items: readonly T[], { keyOf, pathOf, describe }: UniqueCheck<T>) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: pathOf(i),
        message: `${describe(item)} is used twice (first at index ${first})`,
      });
  });
}

export const RegionProfile = z
  .strictObject(
    {
      code: RegionCode,
      name: text('region name'),
      timeZone: IndonesianTimeZone,
      /** Host names the region's public pages answer on. */
      hostnames: z
        .array(
          z.string({ error: 'hostname must be a string' }).regex(HOSTNAME, {
            error: (iss) =>
              `hostname ${JSON.stringify(iss.input)} must be a lowercase DNS name, e.g. bandung.sinergi.localhost`,
          }),
          { error: 'hostnames must be an array of host names' },
        )
        .default([]),
      holidays: z.array(Holiday, { error: 'holidays must be an array' }).default([]),
      holidayYears: z.array(HolidayYear, { error: 'holidayYears must be an array' }).default([]),
      cutiBersama: oneOf('cutiBersama', CUTI_BERSAMA_RULES).default('day-off'),
      units: z.array(Unit, { error: 'units must be an array' }).default([]),
      complaintCategories: z.array(ComplaintCategory, { error: 'complaintCategories must be an array' }).default([]),
      socialAccounts: z.array(SocialAccount, { error: 'socialAccounts must be an array' }).default([]),
      officials: z.array(Official, { error: 'officials must be an array' }).default([]),
      complaintHandling: ComplaintHandling.optional(),
    },
    { error: objectError('a region profile') },
  )
  .superRefine((p, ctx) => {
    const region = findRegion(p.code);
    if (region) {
      const expected = timeZoneForProvince(region.provinceCode);
      if (p.timeZone !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['timeZone'],
          message: `time zone ${p.timeZone} (${TIME_ZONE_LABEL[p.timeZone]}) is wrong for ${region.name} in ${region.provinceName}, which is ${expected} (${TIME_ZONE_LABEL[expected]})`,
        });
      }
    }
    checkUnique(ctx, p.hostnames, {
      keyOf: (h) => h,
      pathOf: (i) => ['hostnames', i],
      describe: (h) => `hostname ${h}`,
    });
    checkUnique(ctx, p.holidays, {
      keyOf: (h) => h.date,
      pathOf: (i) => ['holidays', i, 'date'],
      describe: (h) => `holiday date ${h.date}`,
    });
    checkUnique(ctx, p.holidayYears, {
      keyOf: (y) => String(y.year),
      pathOf: (i) => ['holidayYears', i, 'year'],
      describe: (y) => `holiday year ${y.year}`,
    });
    checkUnique(ctx, p.units, {
      keyOf: (u) => u.code,
      pathOf: (i) => ['units', i, 'code'],
      describe: (u) => `unit code ${u.code}`,
    });
    checkUnique(ctx, p.complaintCategories, {
      keyOf: (c) => c.code,
      pathOf: (i) => ['complaintCategories', i, 'code'],
      describe: (c) => `category code ${c.code}`,
    });
    checkUnique(ctx, p.socialAccounts, {
      keyOf: (a) => `${a.platform} ${a.accountId}`,
      pathOf: (i) => ['socialAccounts', i, 'accountId'],
      describe: (a) => `${a.platform} account ${a.accountId}`,
    });
    checkUnique(ctx, p.officials, {
      keyOf: (o) => o.id,
      pathOf: (i) => ['officials', i, 'id'],
      describe: (o) => `official id ${o.id}`,
    });

    p.units.forEach((u, i) => {
      if (u.districtCode && !u.districtCode.startsWith(`${p.code}.`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', i, 'districtCode'],
          message: `district ${u.districtCode} of unit ${u.code} is not in region ${p.code}`,
        });
      }
    });
    const units = new Set(p.units.map((u) => u.code));
    const needUnit = (list: string, items: readonly { unit: string }[], field = 'unit') =>
      items.forEach((item, i) => {
        if (!units.has(item.unit)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, field],
            message: `unit ${item.unit} is not among this region's units`,
          });
        }
      });
    needUnit(
      'complaintCategories',
      p.complaintCategories.map((c) => ({ unit: c.defaultUnit })),
      'defaultUnit',
    );
    needUnit('socialAccounts', p.socialAccounts);
    needUnit('officials', p.officials);
    const oversight = p.complaintHandling?.oversightUnit;
    const oversightKind = oversight && p.units.find((u) => u.code === oversight)?.kind;
    if (oversight && oversightKind !== 'sekretariat' && oversightKind !== 'inspektorat') {
      ctx.addIssue({
        code: 'custom',
        path: ['complaintHandling', 'oversightUnit'],
        message: `oversight unit ${oversight} must be one of this region's units of kind sekretariat or inspektorat`,
      });
    }
  }, onlyWhenValid);
export type RegionProfile = z.output<typeof RegionProfile>;
export type RegionProfileInput = z.input<typeof RegionProfile>;

/** Several profiles; across them, region codes, host names and social-media accounts are unique. */
export const RegionProfileList = z
  .array(RegionProfile, { error: 'a directory file must hold a region profile or an array of them' })
  .superRefine((file, ctx) => {
    checkUnique(ctx, file, {
      keyOf: (p) => p.code,
      pathOf: (i) => [i, 'code'],
      describe: (p) => `region code ${p.code}`,
    });
    const hostOwner = new Map<string, string>();
    const accountOwner = new Map<string, string>();
    file.forEach((p, i) => {
      p.hostnames.forEach((h, k) => {
        const owner = hostOwner.get(h);
        if (owner !== undefined && owner !== p.code) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'hostnames', k],
            message: `hostname ${h} is already used by region ${owner}`,
          });
        } else hostOwner.set(h, p.code);
      });
      p.socialAccounts.forEach((a, k) => {
        const key = `${a.platform} ${a.accountId}`;
        const owner = accountOwner.get(key);
        if (owner !== undefined && owner !== p.code) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'socialAccounts', k, 'accountId'],
            message: `${a.platform} account ${a.accountId} is already used by region ${owner}`,
          });
        } else accountOwner.set(key, p.code);
      });
    });
  }, onlyWhenValid);
/**
 * What a directory JSON file holds: one profile or an array of them. (Not a z.union, whose error
 * would only say "invalid input" instead of naming the field at fault.)
 */
export const DirectoryFile = z.unknown().transform((value, ctx): RegionProfile | RegionProfile[] => {
  const result = Array.isArray(value) ? RegionProfileList.safeParse(value) : RegionProfile.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: value });
  }
  return z.NEVER;
});
export type DirectoryFile = z.output<typeof DirectoryFile>;

export function findUnit(profile: RegionProfile, code: string): Unit | undefined {
  return profile.units.find((u) => u.code === code);
}

export function findCategory(profile: RegionProfile, code: string): ComplaintCategory | undefined {
  return profile.complaintCategories.find((c) => c.code === code);
}

/** The unit that runs a social-media account, if the account belongs to this region. */
export function findAccountOwner(
  profile: RegionProfile,
  platform: SocialAccount['platform'],
  accountId: string,
): Unit | undefined {
  const account = profile.socialAccounts.find((a) => a.platform === platform && a.accountId === accountId);
  return account && findUnit(profile, account.unit);
}

/**
 * The region's days off as `YYYY-MM-DD` strings, for working-day arithmetic: every holiday, less the
 * cuti bersama days when the region counts them as working days.
 */
export function holidaySet(profile: RegionProfile): Set<string> {
  const skip = profile.cutiBersama === 'working-day' ? 'cuti-bersama' : undefined;
  return new Set(profile.holidays.filter((h) => h.kind !== skip).map((h) => h.date));
}
