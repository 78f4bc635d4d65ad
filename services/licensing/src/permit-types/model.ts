/**
 * A permit type as data, per region: its requirement checklist (documents and data fields), service
 * standard, review steps, fee rule (retribusi) and validity. The schemas here validate what admins
 * configure; the fee rule is evaluated by `fees.ts`, never by eval.
 */
import { z } from 'zod';
import { RupiahString, Slug, UnitCode } from '@sinergi/contracts';
import { FILE_KINDS } from '@sinergi/service-kit';
import { formatPermitNumber } from '../permits/numbering.js';
import { feeKindProblems, legalSettings } from './legal.js';

export const FileKind = z.enum(FILE_KINDS);
export type FileKind = z.infer<typeof FileKind>;

export const FIELD_TYPES = ['text', 'integer', 'decimal', 'date', 'choice'] as const;

/** Working days of the registration check when a type sets none (Sinergi policy, not statute). */
export const DEFAULT_COMPLETENESS_DAYS = 2;

/** A decimal written as a string, so no float ever touches money: `12.5`, `0.75`, `3`. */
export const DecimalString = z
  .string()
  .regex(/^(0|[1-9]\d{0,12})(\.\d{1,6})?$/, 'must be a non-negative decimal like "12.5" with at most 6 decimals');

export const DocumentRequirement = z
  .object({
    code: Slug,
    label: z.string().trim().min(2).max(200),
    required: z.boolean().default(true),
    types: z.array(FileKind).min(1).default(['pdf']),
    /** Largest accepted file, in bytes. */
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(5 * 1024 * 1024),
  })
  .strict();
export type DocumentRequirement = z.output<typeof DocumentRequirement>;

export const DataField = z
  .object({
    code: Slug,
    label: z.string().trim().min(2).max(200),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(true),
    /** For `choice`: the allowed values. */
    options: z.array(Slug).min(1).optional(),
    /** A unit shown beside the value, e.g. `m²`. */
    unit: z.string().max(20).optional(),
    /** Bounds for integer and decimal fields, as decimal strings. */
    min: DecimalString.optional(),
    max: DecimalString.optional(),
    /**
     * `months`: this integer field is how long the applicant asks the permit to hold (a PKL stall for 6
     * months); the permit is valid that long, never longer than the type's `validityMonths`.
     */
    validity: z.literal('months').optional(),
  })
  .strict()
  .refine((f) => f.type !== 'choice' || (f.options?.length ?? 0) > 0, {
    message: 'a choice field needs options',
    path: ['options'],
  })
  .refine((f) => f.validity === undefined || f.type === 'integer', {
    message: 'only an integer field can set the validity in months',
    path: ['validity'],
  });
export type DataField = z.output<typeof DataField>;

/** The key a field's value has in the signed permit's particulars: its label, with its unit in brackets. */
export const particularLabel = (f: Pick<DataField, 'label' | 'unit'>) => (f.unit ? `${f.label} (${f.unit})` : f.label);

export const ROUNDING = ['floor', 'ceil', 'half-up', 'half-even'] as const;

/** One factor of a fee product: a field's value, a constant, or a rate looked up by a choice field. */
export const FeeFactor = z.union([
  z.object({ field: Slug }).strict(),
  z.object({ constant: DecimalString }).strict(),
  z.object({ field: Slug, table: z.record(Slug, DecimalString) }).strict(),
]);
export type FeeFactor = z.output<typeof FeeFactor>;

export const FeeRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }).strict(),
  z.object({ kind: z.literal('fixed'), amount: RupiahString }).strict(),
  z
    .object({
      kind: z.literal('product'),
      /** Multiplied exactly; the product is rounded once, to whole rupiah. */
      factors: z.array(FeeFactor).min(1).max(8),
      rounding: z.enum(ROUNDING).default('half-up'),
      minimum: RupiahString.optional(),
      /** Shown to applicants, e.g. "luas (m²) × tarif per m² per bulan × lama (bulan)". */
      description: z.string().max(300).optional(),
    })
    .strict(),
]);
export type FeeRule = z.output<typeof FeeRule>;

/**
 * The permit number format: literal text with `{seq:N}` (the per-type, per-year sequence, zero
 * padded to N digits), `{type}` / `{TYPE}` (the type code), `{unit}` / `{UNIT}`, `{year}`, `{month}`
 * and `{roman}` (the month in Roman numerals, as Indonesian letter numbers use).
 */
export const NumberFormat = z
  .string()
  .min(5)
  .max(80)
  .refine((f) => /\{seq(:\d)?\}/.test(f), 'must contain {seq} or {seq:N}')
  .refine((f) => /\{year\}/.test(f), 'must contain {year}: sequences restart every year')
  .refine(
    (f) => (f.match(/\{[^}]*\}/g) ?? []).every((t) => /^\{(seq(:\d)?|type|TYPE|unit|UNIT|year|month|roman)\}$/.test(t)),
    'knows only {seq:N}, {type}, {TYPE}, {unit}, {UNIT}, {year}, {month}, {roman}',
  );

/** The longest a permit number may be (events and the verification query take at most 80 characters). */
export const MAX_PERMIT_NUMBER_LENGTH = 80;

/** The longest number a format can give for a type: a 7-digit sequence (or wider padding), month VIII, and the type's own code and unit. */
export const worstCasePermitNumber = (format: string, type: string, unit: string) =>
  formatPermitNumber(
    format.replace(/\{seq(?::(\d))?\}/g, (_all, w: string | undefined) => '9'.repeat(Math.max(7, Number(w ?? 1)))),
    { seq: 0, type, unit, localDate: '9999-08-01' },
  );

export const PermitTypeInput = z
  .object({
    code: Slug,
    name: z.string().trim().min(3).max(200),
    description: z.string().trim().max(2000).optional(),
    unit: UnitCode.describe('The unit (SKPD) responsible for the permit type; its officers handle the applications'),
    documents: z.array(DocumentRequirement).max(30).default([]),
    fields: z.array(DataField).max(40).default([]),
    /** Working days from the complete application; null means the statutory 5. */
    serviceStandardDays: z.number().int().min(1).max(365).nullable().default(null),
    /**
     * Working days the registration check has, from submission, to return the file or find it
     * complete; after that the file is deemed complete and the service-standard clock starts. A
     * Sinergi policy (the statute counts only from the complete file), so an office cannot keep
     * the clock off by never declaring the file complete.
     */
    completenessCheckDays: z.number().int().min(1).max(30).default(DEFAULT_COMPLETENESS_DAYS),
    technicalReview: z.boolean().default(false),
    siteInspection: z.boolean().default(false),
    fee: FeeRule,
    /** Months a permit stays valid; null for permits that do not expire (e.g. PBG). */
    validityMonths: z.number().int().min(1).max(600).nullable().default(null),
    numberFormat: NumberFormat.default('503/{seq:4}/{TYPE}/{roman}/{year}'),
    active: z.boolean().default(true),
    ...legalSettings,
  })
  .strict()
  .superRefine((t, ctx) => {
    const kindProblem = feeKindProblems(t.fee, t.feeKind);
    if (kindProblem) ctx.addIssue({ code: 'custom', path: ['feeKind'], message: kindProblem });
    if (t.returnReminderDays >= t.returnCompletionDays && t.returnReminderDays > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['returnReminderDays'],
        message: 'must be fewer than returnCompletionDays (0: no reminder)',
      });
    const dup = (list: { code: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.code))
          ctx.addIssue({ code: 'custom', path: [path, i, 'code'], message: `${x.code} is used twice` });
        seen.add(x.code);
      });
    };
    dup(t.documents, 'documents');
    dup(t.fields, 'fields');
    if (t.fee.kind === 'product') {
      t.fee.factors.forEach((f, i) => {
        if (!('field' in f)) return;
        const field = t.fields.find((x) => x.code === f.field);
        if (!field)
          ctx.addIssue({
            code: 'custom',
            path: ['fee', 'factors', i, 'field'],
            message: `${f.field} is not a field of this permit type`,
          });
        else if ('table' in f ? field.type !== 'choice' : field.type !== 'integer' && field.type !== 'decimal') {
          ctx.addIssue({
            code: 'custom',
            path: ['fee', 'factors', i, 'field'],
            message: `${f.field} is a ${field.type} field; ${'table' in f ? 'a rate table needs a choice field' : 'a factor needs an integer or decimal field'}`,
          });
        } else if (field && !field.required) {
          ctx.addIssue({
            code: 'custom',
            path: ['fee', 'factors', i, 'field'],
            message: `${f.field} is optional; a fee factor must be a required field`,
          });
        }
        if ('table' in f && field?.options) {
          for (const o of field.options)
            if (!(o in f.table))
              ctx.addIssue({
                code: 'custom',
                path: ['fee', 'factors', i, 'table'],
                message: `has no rate for option ${o}`,
              });
        }
      });
    }
  });
export type PermitTypeInput = z.output<typeof PermitTypeInput>;

const ROMAN_MONTHS = '(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)';
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every number a type's format can give, as a regular expression (the type's code and unit filled in). */
export function permitNumberPattern(format: string, type: string, unit: string): RegExp {
  const parts = format.split(/(\{[^}]*\})/);
  const body = parts
    .map((p) => {
      const m = /^\{(seq(?::\d)?|type|TYPE|unit|UNIT|year|month|roman)\}$/.exec(p);
      if (!m) return escapeRegex(p);
      const token = m[1]!;
      if (token.startsWith('seq')) return '\\d+';
      return {
        type: escapeRegex(type),
        TYPE: escapeRegex(type.toUpperCase()),
        unit: escapeRegex(unit),
        UNIT: escapeRegex(unit.toUpperCase()),
        year: '\\d{4}',
        month: '\\d{2}',
        roman: ROMAN_MONTHS,
      }[token]!;
    })
    .join('');
  return new RegExp(`^${body}$`);
}

/** Sample numbers of a format: short and long sequences, every month. */
function sampleNumbers(format: string, type: string, unit: string): string[] {
  const out: string[] = [];
  for (const seq of [1, 10, 12, 123, 1234, 12345, 123456, 1234567]) {
    for (let month = 1; month <= 12; month++)
      out.push(formatPermitNumber(format, { seq, type, unit, localDate: `2026-${String(month).padStart(2, '0')}-01` }));
  }
  return out;
}

/**
 * What a well-formed permit type must also satisfy to work (422 at PUT, each failing field named):
 * its numbers fit the 80 characters events and verification take; they cannot be numbers another
 * type of the region gives (formats are compared as patterns with each other type's sample numbers;
 * the service also compares the pattern with the numbers already issued); each requirement's
 * size limit fits MAX_UPLOAD_BYTES; and each data field has its own key in the permit's particulars.
 */
export function permitTypeProblems(
  t: PermitTypeInput,
  others: readonly { code: string; unit: string; number_format: string }[],
  limits: { maxUploadBytes: number } = { maxUploadBytes: Number.MAX_SAFE_INTEGER },
): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  // a limit above what the service reads at all would be advertised and then refused with 413
  t.documents.forEach((d, i) => {
    if (d.maxBytes > limits.maxUploadBytes)
      errors.push({
        field: `documents.${i}.maxBytes`,
        message: `is above the largest upload this service accepts (MAX_UPLOAD_BYTES = ${limits.maxUploadBytes})`,
      });
  });
  const longest = worstCasePermitNumber(t.numberFormat, t.code, t.unit);
  if (longest.length > MAX_PERMIT_NUMBER_LENGTH) {
    errors.push({
      field: 'numberFormat',
      message: `can give numbers of ${longest.length} characters (${longest}); at most ${MAX_PERMIT_NUMBER_LENGTH} are allowed`,
    });
  }
  const mine = permitNumberPattern(t.numberFormat, t.code, t.unit);
  const mySamples = sampleNumbers(t.numberFormat, t.code, t.unit);
  for (const o of others) {
    if (o.code === t.code) continue;
    const theirs = permitNumberPattern(o.number_format, o.code, o.unit);
    const clash =
      mySamples.find((n) => theirs.test(n)) ?? sampleNumbers(o.number_format, o.code, o.unit).find((n) => mine.test(n));
    if (clash) {
      errors.push({
        field: 'numberFormat',
        message: `can give the same numbers as permit type ${o.code} (e.g. ${clash}); put {TYPE} or another distinct text in it`,
      });
      break;
    }
  }
  // labels are what applicants and the signed permit show: two fields with one key in the permit's
  // particulars would silently lose one value, so uniqueness is checked on that very key
  const labels = new Map<string, number>();
  t.fields.forEach((f, i) => {
    const key = particularLabel(f).toLowerCase();
    if (labels.has(key))
      errors.push({ field: `fields.${i}.label`, message: `is also the label of fields.${labels.get(key)}` });
    else labels.set(key, i);
  });
  return errors;
}
