/** Request and response schemas of the HTTP API (also the OpenAPI document at /docs). */
import { IkmBand, RatingPeriod, SKM_ELEMENTS, Slug, UnitCode } from '@sinergi/contracts';
import { z } from 'zod';
import { FollowUpOut } from './follow-up/schemas.js';
import { PROFILE_OPTIONS, type ProfileAttribute } from './skm/profile.js';

export const PeriodQuery = z.object({
  period: RatingPeriod.optional().describe(
    'Year (2026), half (2026-S1), quarter (2026-Q3) or month (2026-11) in the region’s time zone; default the current year.',
  ),
});

export const TokenQuery = z.object({ token: z.string().trim().min(16).max(80) });
export const UnitParams = z.object({ unit: UnitCode });
export const CommentParams = z.object({ id: z.uuid() });
export const OfficialParams = z.object({ id: Slug });

const Stars = z.number().int().min(1, 'stars are 1-5').max(5, 'stars are 1-5');

const profileCode = (a: ProfileAttribute) => {
  const codes = PROFILE_OPTIONS[a].map((o) => o.code) as [string, ...string[]];
  return z.enum(codes, { error: `one of ${codes.join(', ')}` }).optional();
};

/** The respondent profile of the SKM questionnaire (PermenPANRB 14/2017); every part optional. */
export const RespondentBody = z
  .object({
    sex: profileCode('sex').describe('L (laki-laki) or P (perempuan)'),
    ageBand: profileCode('ageBand'),
    education: profileCode('education'),
    occupation: profileCode('occupation'),
  })
  .describe('Optional for the respondent; published only as counts per attribute, small cells suppressed');

export const RatingBody = z.object({
  token: z.string().trim().min(16).max(80),
  answers: z
    .array(z.number().int().min(1, 'answers are 1-4').max(4, 'answers are 1-4'))
    .length(SKM_ELEMENTS.length, `answer all ${SKM_ELEMENTS.length} elements, in order: ${SKM_ELEMENTS.join(', ')}`),
  official: z
    .object({
      stars: Stars,
      reason: z.string().trim().min(3, 'say why in a few words').max(500),
      dimensions: z.record(Slug, Stars).optional(),
    })
    .optional(),
  comment: z.string().trim().max(2000).optional(),
  respondent: RespondentBody.optional(),
});

export const RatingCreated = z.object({
  ratingId: z.uuid(),
  commentPublishedAt: z
    .date()
    .nullable()
    .describe('When the comment becomes public; negative comments wait for the unit’s reply a few days.'),
});

const UnitRef = z.object({ code: z.string(), name: z.string() });

export const InvitationPreview = z.object({
  status: z.enum(['open', 'used', 'expired']),
  unit: UnitRef,
  serviceType: z.string(),
  serviceName: z.string().nullable().describe('The name the owning service published for the type, when known'),
  transactionKind: z.enum(['complaints', 'licensing', 'counter']),
  official: z.object({ jobTitle: z.string() }).nullable(),
  dimensions: z.array(z.object({ key: z.string(), label: z.string() })),
  elements: z.number().int(),
  expiresAt: z.date(),
});

const Summary = {
  ikm: z.number().nullable().describe('25.00-100.00, rounded once at the end; null without respondents'),
  band: IkmBand.nullable(),
  performance: z.string().nullable(),
  mean: z.number().nullable().describe('Mean of all answers on the 1-4 scale'),
  respondents: z.number().int(),
};
const Sample = {
  serviceUsers: z.number().int(),
  serviceUsersSource: z.enum(['declared', 'invitations', 'respondents']),
  minimumSample: z.number().int().describe('Krejcie-Morgan minimum sample for serviceUsers'),
  belowMinimumSample: z.boolean().describe('True when the result is not representative'),
};

export const UnitIkmQuery = PeriodQuery.extend({
  serviceType: Slug.optional().describe('One service type only, e.g. `ktp-el`'),
});

export const UnitIkm = z.object({
  unit: UnitRef,
  period: z.string(),
  serviceType: z.string().nullable(),
  ...Summary,
  ...Sample,
  elements: z.array(
    z.object({
      number: z.number().int(),
      code: z.string(),
      label: z.string(),
      nrr: z.number().nullable(),
      weightedNrr: z.number().nullable(),
    }),
  ),
  respondentsByKind: z
    .object({
      complaints: z.number().int(),
      licensing: z.number().int(),
      counter: z.number().int(),
      paper: z.number().int(),
    })
    .describe('Respondents per kind of transaction; `paper` counts questionnaires entered from paper batches'),
  serviceTypes: z.array(
    z.object({
      serviceType: z.string(),
      name: z.string().nullable().describe('The name the owning service published for the type, when known'),
      ...Summary,
    }),
  ),
  followUp: FollowUpOut.nullable().describe(
    'The unit’s follow-up plan (rencana tindak lanjut) for this period, published with the results; null until set',
  ),
});

export const RespondentProfileOut = z.object({
  unit: UnitRef,
  period: z.string(),
  serviceType: z.string().nullable(),
  respondents: z.number().int(),
  minimumCell: z.number().int().describe('Cells with fewer respondents than this (but more than 0) are suppressed'),
  attributes: z.array(
    z.object({
      attribute: z.enum(['sex', 'ageBand', 'education', 'occupation']),
      label: z.string(),
      cells: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          count: z.number().int().nullable().describe('null when suppressed'),
          suppressed: z.boolean(),
        }),
      ),
    }),
  ),
});

export const Rankings = z.object({
  period: z.string(),
  items: z.array(z.object({ rank: z.number().int(), unit: UnitRef, ...Summary, ...Sample })),
});

const Dimension = z.object({ key: z.string(), label: z.string(), weight: z.number() });
const Card = z.object({
  official: z.object({ id: z.string(), name: z.string(), jobTitle: z.string(), unit: UnitRef }),
  overall: z.object({ ratings: z.number().int(), mean: z.number().nullable(), bayesian: z.number().nullable() }),
  dimensions: z.array(
    Dimension.extend({ ratings: z.number().int(), mean: z.number().nullable(), bayesian: z.number().nullable() }),
  ),
  score: z.number().nullable(),
  colour: z.enum(['red', 'yellow', 'green']).nullable(),
});
const ConfigSource = {
  custom: z.boolean().describe('False while the region runs on Sinergi’s default'),
  effectiveFrom: z.string().nullable().describe('The local date the settings came into force'),
  basis: z.string().describe('Where the settings come from, as stated by the admin who set them'),
};

export const ReportCards = z.object({
  period: z.string(),
  configuration: z
    .object(ConfigSource)
    .describe('The settings in force on the period’s last day (today for a running period) and their source'),
  dimensions: z.array(Dimension),
  bands: z.object({ yellowFrom: z.number(), greenFrom: z.number() }),
  minimumRatings: z.number().int(),
  tenantMean: z.number().nullable(),
  cards: z.array(Card),
});
export const ReportCardOut = Card.extend({ period: z.string() });

export const CommentsQuery = z.object({
  unit: UnitCode.optional(),
  official: Slug.optional(),
  before: z.coerce
    .date()
    .min(new Date('2000-01-01T00:00:00Z'), 'before must be from the year 2000')
    .max(new Date('2100-01-01T00:00:00Z'), 'before must be before the year 2100')
    .optional()
    .describe('Page: comments submitted before this instant'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const PublicComment = z.object({
  id: z.uuid(),
  unit: UnitRef,
  serviceType: z.string(),
  official: z
    .object({ jobTitle: z.string(), name: z.string().optional() })
    .nullable()
    .describe('Negative comments name the official by job title only'),
  stars: z.number().int().nullable(),
  text: z.string().describe('Personal data masked; officials named by job title'),
  submittedOn: z.string().describe('The local date it was written'),
  reply: z.object({ text: z.string(), at: z.date() }).nullable(),
});
export const StaffComment = PublicComment.extend({
  publicText: z.string(),
  negative: z.boolean(),
  published: z.boolean(),
  publishAt: z.date(),
  hidden: z.object({ at: z.date(), reason: z.string(), by: z.string() }).nullable(),
});

export const ReplyBody = z.object({ text: z.string().trim().min(2).max(2000) });
export const ModerationBody = z.object({ reason: z.string().trim().min(3, 'give a reason').max(500) });

export const ReportCardConfigBody = z.object({
  dimensions: z
    .array(
      z.object({
        key: Slug,
        label: z.string().trim().min(1).max(80),
        weight: z.number().int().min(1).max(100),
      }),
    )
    .max(12),
  bands: z.object({
    yellowFrom: z.number().min(1).max(5),
    greenFrom: z.number().min(1).max(5),
  }),
  minimumRatings: z.number().int().min(0).max(1000),
});

export const ReportCardConfigPut = ReportCardConfigBody.extend({
  effectiveFrom: z.iso
    .date()
    .optional()
    .describe('The local date from which it applies, today or later; default today. Earlier cards keep theirs.'),
  basis: z
    .string()
    .trim()
    .min(3, 'say where these settings come from (a decree, a regulation, or your own choice)')
    .max(500),
});
export const ReportCardConfigOut = ReportCardConfigBody.extend({
  ...ConfigSource,
  setBy: z.string().nullable(),
  setAt: z.date().nullable(),
});
export const ReportCardConfigVersions = z.object({
  items: z.array(
    ReportCardConfigBody.extend({
      version: z.number().int(),
      effectiveFrom: z.string(),
      basis: z.string(),
      setBy: z.string(),
      setAt: z.date(),
    }),
  ),
});

export const CounterTokenBody = z.object({
  unit: UnitCode.optional().describe('Defaults to the caller’s unit'),
  serviceType: Slug.describe('The service the citizen received, e.g. `ktp-el` or `izin-reklame`'),
  official: Slug.optional().describe('The directory id of the official at the desk'),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('The queue ticket or receipt number of the visit; one invitation per reference'),
});
export const CounterToken = z.object({
  invitationId: z.uuid(),
  token: z.string(),
  url: z.string(),
  expiresAt: z.date(),
});

export const ServiceUsersBody = z.object({ count: z.number().int().min(0).max(100_000_000) });
export const ServiceUsersParams = UnitParams.extend({ period: RatingPeriod });
