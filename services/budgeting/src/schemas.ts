import { z } from 'zod';
import { Rupiah, RupiahString, UnitCode } from '@sinergi/contracts';
import { PLANNING_SOURCES } from './db/schema.js';
import { CATALOGUES } from './reference/prices.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const Year = z.coerce.number().int().min(2000).max(2100);
export const YearParams = z.object({ year: Year });
export const VersionParams = z.object({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a version like 2026 or kepmendagri-050-5889-2021'),
});
export const UnitBudgetParams = z.object({ year: Year, unit: UnitCode });
export const SubActivityParams = UnitBudgetParams.extend({ code: z.string().max(40) });
export const IndicatorsBody = z.strictObject({
  indicators: z
    .array(z.strictObject({ text: text(500), target: text(100), unit: text(100) }))
    .min(1)
    .max(20),
});
export const LineItemParams = UnitBudgetParams.extend({ id: z.uuid() });
export const CatalogueItemParams = z.object({
  year: Year,
  code: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.\-_]{0,59}$/),
});
export const AuditQuery = z.object({
  year: z.coerce.number().int().min(0).max(2100).describe('The fiscal year; 0 for the reference data chain'),
  anchorSeq: z.coerce.number().int().min(1).max(2_000_000_000).optional().describe('An anchored head: its seq'),
  anchorHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits')
    .optional()
    .describe('An anchored head: its hash (with anchorSeq)'),
});
export const AuditYearParams = z.object({ year: AuditQuery.shape.year });
export const CatalogueQuery = z.object({
  after: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const PublicQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const YearBody = z.strictObject({ version: VersionParams.shape.version });
export const CatalogueItemBody = z.strictObject({
  catalogue: z.enum(CATALOGUES),
  name: text(500),
  specification: z.string().trim().max(500).default(''),
  unitOfMeasure: text(100),
  maxUnitPrice: RupiahString,
  accounts: z.array(z.string().max(30)).min(1).max(50),
  annex: z.enum(['I', 'II']).nullable().default(null),
  source: text(500),
});
export const CeilingBody = z.strictObject({ pagu: Rupiah });
export const RemoveSubActivityQuery = z.object({
  withLines: z.stringbool().default(false).describe('Remove the line items with it (each audited); otherwise refused'),
});

export const IndicatorSchema = z.strictObject({ text: text(500), target: text(100), unit: text(100) });
const Beneficiaries = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000)
  .describe('Jumlah penerima manfaat: people, households or schools the sub-activity serves');
export const SubActivityBody = z.strictObject({
  code: z.string().max(40),
  pagu: Rupiah,
  planningSource: z.enum(PLANNING_SOURCES).describe('RPJMD program, Musrenbang proposal, DPRD pokir, or none'),
  planningReference: z.string().trim().max(500).optional(),
  indicators: z.array(IndicatorSchema).max(20).default([]),
  beneficiaries: Beneficiaries.optional(),
});
export const BeneficiariesBody = z.strictObject({ beneficiaries: Beneficiaries.nullable() });

export const FactorSchema = z.strictObject({
  quantity: z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal with at most four places, e.g. "20" or "1.5"'),
  unit: text(50),
});
export const LineItemBody = z.strictObject({
  subActivity: z.string().max(40).describe("The sub-kegiatan code of one of the unit's sub-activities"),
  account: z
    .string()
    .regex(/^5\.[1-4]\.\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'a sixth-level spending account, e.g. 5.1.02.01.01.0024'),
  catalogueItem: z.string().max(60),
  specification: z.string().trim().max(500).optional(),
  factors: z.array(FactorSchema).min(1).max(4).describe('Volume as up to four factors: 20 orang x 3 hari x 2 kali'),
  unitPrice: Rupiah,
  taxPercent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .default('0'),
  fundingSource: text(200),
  location: text(200),
  excessReason: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('Required when the unit price exceeds a Perpres 33/2020 Annex II estimate'),
  reason: z.string().trim().max(2000).optional().describe("TAPD's reason for a rationalization; required from TAPD"),
});
export const MoveBody = z.strictObject({ reason: z.string().trim().max(2000).optional() }).default({});

const Money = z.string();
export const LineItemOut = z.object({
  id: z.string(),
  subActivity: z.string(),
  account: z.string(),
  catalogueItem: z.string(),
  componentName: z.string(),
  specification: z.string(),
  unitOfMeasure: z.string(),
  factors: z.array(z.object({ quantity: z.string(), unit: z.string() })),
  volume: z.string(),
  unitPrice: Money,
  taxPercent: z.string(),
  amount: Money,
  tax: Money,
  total: Money,
  fundingSource: z.string(),
  location: z.string(),
  excessReason: z.string().nullable(),
  createdBy: z.string(),
  updatedBy: z.string(),
});
export const NoteBody = z.strictObject({ note: text(2000) });
export const NoteOut = z.object({ id: z.string(), note: z.string(), author: z.string(), at: z.string() });
export const UnitBudgetOut = z.object({
  year: z.number(),
  unit: z.string(),
  status: z.string(),
  pagu: Money,
  total: Money,
  subActivities: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      pagu: Money,
      total: Money,
      planningSource: z.string(),
      planningReference: z.string().nullable(),
      indicators: z.array(IndicatorSchema),
      beneficiaries: z.number().nullable(),
    }),
  ),
  lineItems: z.array(LineItemOut.extend({ notes: z.array(NoteOut) })),
});
