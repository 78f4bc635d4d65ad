import { z } from 'zod';
import { Slug, UnitCode } from '../values/slug.js';
import { SourceReference } from './complaints.js';
import { defineEvent } from './define.js';

/*
 * Official-rating events. Ratings are tied to real transactions: a closed complaint, a decided
 * permit application, or a visit at a service counter. Events never carry a rater's identity or
 * comment text.
 */

/** The nine SKM elements (unsur) of PermenPANRB 14/2017, in their regulated order. */
export const SKM_ELEMENTS = [
  'persyaratan',
  'prosedur',
  'waktu',
  'biaya',
  'produk',
  'kompetensi',
  'perilaku',
  'pengaduan',
  'sarana',
] as const;
export const SkmElement = z.enum(SKM_ELEMENTS);
export type SkmElement = z.infer<typeof SkmElement>;

export const RATING_SYSTEMS = ['complaints', 'licensing', 'counter'] as const;

/** The transaction a rating is about: a tracking id, a registration number or a counter visit. */
export const RatedTransaction = z.object({
  system: z.enum(RATING_SYSTEMS),
  id: z.string().min(1).max(200),
});
export type RatedTransaction = z.infer<typeof RatedTransaction>;

/** IKM quality bands (mutu pelayanan), PermenPANRB 14/2017. */
export const IKM_BANDS = ['A', 'B', 'C', 'D'] as const;
export const IkmBand = z.enum(IKM_BANDS);
export type IkmBand = z.infer<typeof IkmBand>;

/**
 * A rating period in the tenant's local time: a year (`2026`), a half (`2026-S1`), a quarter
 * (`2026-Q3`) or a month (`2026-11`).
 */
export const RatingPeriod = z.string().regex(/^20\d{2}(?:-(?:S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, {
  error: 'period must be a year from 2000 to 2099 (2026), half (2026-S1), quarter (2026-Q3) or month (2026-11)',
});
export type RatingPeriod = z.infer<typeof RatingPeriod>;

export const invitationCreated = defineEvent({
  service: 'official-rating',
  aggregate: 'invitation',
  name: 'created',
  version: 1,
  description:
    "A single-use rating invitation was created for a finished transaction. `url` carries the bearer token: pass it only to the citizen of that transaction, privately (the reporter's own view, a direct message), never in a public reply or a staff view.",
  data: z.object({
    invitationId: z.uuid(),
    transaction: RatedTransaction,
    /** Where the transaction came from when it started on another channel (e.g. a social-media post). */
    source: SourceReference.nullable(),
    unit: UnitCode,
    serviceType: Slug,
    official: Slug.nullable(),
    /** The rating form with the region and the token, e.g. https://nilai.example.go.id/r?tenant=32.73&token=<token>. */
    url: z.url().max(500),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});

export const ratingSubmitted = defineEvent({
  service: 'official-rating',
  aggregate: 'rating',
  name: 'submitted',
  version: 1,
  description:
    'A citizen answered the SKM questionnaire for a transaction, optionally rating the official who served them. Only the kind of transaction is named: its id (a tracking or registration number) would tie the answers to a person.',
  data: z.object({
    ratingId: z.uuid(),
    transactionKind: RatedTransaction.shape.system,
    unit: UnitCode,
    serviceType: Slug,
    official: Slug.nullable(),
    /** The nine SKM answers (1-4) in the order of SKM_ELEMENTS. */
    answers: z.array(z.number().int().min(1).max(4)).length(SKM_ELEMENTS.length),
    stars: z.number().int().min(1).max(5).nullable(),
    hasComment: z.boolean(),
    at: z.iso.datetime({ offset: true }),
  }),
});

export const unitIndexUpdated = defineEvent({
  service: 'official-rating',
  aggregate: 'unit-index',
  name: 'updated',
  version: 1,
  description:
    "A unit's community satisfaction index (IKM) for a period changed after new ratings; emitted at most once per refresh interval per unit and period.",
  data: z.object({
    unit: UnitCode,
    period: RatingPeriod,
    /** IKM 25.00-100.00, rounded to 2 decimals only at the end; null without respondents. */
    ikm: z.number().min(25).max(100).nullable(),
    band: IkmBand.nullable(),
    /** Mean value per element (NRR, 1-4), in the order of SKM_ELEMENTS, to 4 decimals. */
    elements: z.array(z.number().min(1).max(4)).length(SKM_ELEMENTS.length).nullable(),
    respondents: z.number().int().min(0),
    serviceUsers: z.number().int().min(0),
    /** Krejcie-Morgan minimum sample for serviceUsers; the result is flagged when respondents fall below it. */
    minimumSample: z.number().int().min(0),
    belowMinimumSample: z.boolean(),
    at: z.iso.datetime({ offset: true }),
  }),
});
