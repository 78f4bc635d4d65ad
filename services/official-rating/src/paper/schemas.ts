/** Paper questionnaires entered in batches: request and response schemas. */
import { SKM_ELEMENTS } from '@sinergi/contracts';
import { z } from 'zod';
import { RespondentBody } from '../schemas.js';
import { Slug, UnitCode } from '@sinergi/contracts';

/** A month: paper forms count in it and in the quarter, half and year that contain it. */
export const PaperPeriod = z
  .string()
  .regex(/^20\d{2}-(?:0[1-9]|1[0-2])$/, { error: 'period must be a month, e.g. 2026-11' });

const LocalDate = z.iso.date({ error: 'a date as YYYY-MM-DD' });

export const PaperForm = z.object({
  answers: z
    .array(z.number().int().min(1, 'answers are 1-4').max(4, 'answers are 1-4'))
    .length(SKM_ELEMENTS.length, `answer all ${SKM_ELEMENTS.length} elements, in order: ${SKM_ELEMENTS.join(', ')}`),
  respondent: RespondentBody.optional(),
  filledOn: LocalDate.optional().describe(
    'The date written on the form, inside the batch’s month; default its first day',
  ),
});
export type PaperForm = z.infer<typeof PaperForm>;

const BatchHeader = {
  unit: UnitCode.optional().describe('Defaults to the caller’s unit'),
  serviceType: Slug.describe('The service the forms were collected for, e.g. `ktp-el`'),
  period: PaperPeriod.describe('The month the forms were filled in'),
  archiveReference: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('Where the paper forms are kept (box or file number); once per unit'),
};

export const PaperBatchBody = z.object({ ...BatchHeader, forms: z.array(PaperForm).min(1) });
export const PaperBatchCsvQuery = z.object(BatchHeader);

export const PaperBatchOut = z.object({
  batchId: z.uuid(),
  unit: z.string(),
  serviceType: z.string(),
  period: z.string(),
  archiveReference: z.string(),
  forms: z.number().int().describe('Questionnaires recorded: every row of the batch'),
  enteredBy: z.string(),
  enteredAt: z.date(),
});

export const PaperBatchesQuery = z.object({
  unit: UnitCode.optional(),
  period: PaperPeriod.optional(),
});
export const PaperBatchList = z.object({ items: z.array(PaperBatchOut) });

/** The CSV columns: the nine answers, then the optional profile and date (empty = not given). */
export const PAPER_CSV_COLUMNS = [
  ...SKM_ELEMENTS.map((_, i) => `a${i + 1}`),
  'sex',
  'ageBand',
  'education',
  'occupation',
  'filledOn',
] as const;
