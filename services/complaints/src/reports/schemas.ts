import { z } from 'zod';
import {
  DistrictCode,
  GeoPoint,
  IndonesianPhone,
  Nik,
  RegionCode,
  REPORT_STATUSES,
  ReportChannel,
  ReportType,
  Slug,
  UnitCode,
  VillageCode,
} from '@sinergi/contracts';

export const TrackingParams = z.object({
  trackingId: z.string().min(4).max(20).describe('Tracking ID, e.g. LPR-7K3M-Q9XD'),
});

export const AttachmentInput = z
  .object({ url: z.url({ protocol: /^https?$/ }).max(2000), caption: z.string().max(200).optional() })
  .strict();

export const SubmitBody = z
  .object({
    type: ReportType.default('pengaduan'),
    category: Slug,
    title: z.string().trim().min(5).max(150),
    description: z.string().trim().min(10).max(4000),
    location: GeoPoint.optional(),
    address: z.string().trim().min(3).max(500).optional(),
    districtCode: DistrictCode.optional(),
    villageCode: VillageCode.optional(),
    attachments: z.array(AttachmentInput).max(5).optional(),
    reporter: z
      .object({
        name: z.string().trim().min(2).max(120).optional(),
        phone: IndonesianPhone.optional(),
        email: z.email().max(200).optional(),
        nik: Nik.optional(),
      })
      .strict()
      .optional(),
    /** Safe by default: unless the reporter says otherwise, their identity is hidden. */
    anonim: z.boolean().default(true),
    rahasia: z.boolean().default(false),
    /** Only staff and integrators record reports from other channels (SMS gateways, walk-in desks). */
    channel: ReportChannel.exclude(['open311', 'social']).default('web'),
    /**
     * SMS and walk-in only: when the gateway received the message or the letter arrived at the desk.
     * Not in the future and not older than the region's limit (`complaintHandling.receivedTimeMaxAgeDays`).
     */
    receivedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('SMS and walk-in only: when the channel received the complaint; the deadlines count from it'),
  })
  .strict();

export const Submitted = z.object({
  trackingId: z.string(),
  secret: z.string().describe('Shown once: with the tracking ID it lets the reporter follow, reply, accept or dispute'),
  status: z.enum(REPORT_STATUSES),
  supporting: z.string().nullable().describe('Tracking ID of the open report this one was linked to as support'),
  dispositionDue: z.string(),
});

export const SecretHeader = z.object({ 'x-report-secret': z.string().min(10).max(100).optional() });
export const RequiredSecretHeader = z.object({ 'x-report-secret': z.string().min(10).max(100) });

/** A body whose fields are all optional may be left out: `POST .../accept` with no body at all is fine. */
const optionalBody = <T extends z.ZodObject>(schema: T) => z.preprocess((body) => body ?? {}, schema);

export const NoteBody = optionalBody(z.object({ note: z.string().trim().min(1).max(4000).optional() }).strict());
export const ReplyBody = z.object({ note: z.string().trim().min(1).max(4000) }).strict();
export const DisposeBody = optionalBody(
  z.object({ unit: UnitCode.optional(), note: z.string().trim().max(4000).optional() }).strict(),
);
export const RedisposeBody = z.object({ unit: UnitCode, note: z.string().trim().max(4000).optional() }).strict();
export const ArchiveBody = z
  .object({ reason: z.enum(['spam', 'duplicate', 'out-of-scope']), note: z.string().trim().max(4000).optional() })
  .strict();
const Destination = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unit: UnitCode }).strict(),
  z.object({ kind: z.literal('region'), region: RegionCode }).strict(),
  z.object({ kind: z.literal('agency'), name: z.string().trim().min(2).max(200) }).strict(),
]);
/** Bukan wewenang: `to` names the destination; `forwardedTo` (an agency's name) is the form from before December 2026. */
export const ForwardBody = z
  .object({
    to: Destination.optional(),
    forwardedTo: z.string().trim().min(2).max(200).optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .strict();
export const FollowUpBody = z
  .object({ resolution: z.string().trim().min(10).max(4000), photos: z.array(AttachmentInput).max(10).optional() })
  .strict();
export const ExtendBody = z
  .object({ reason: z.string().trim().min(10).max(2000).describe('The written reason the law requires') })
  .strict();
export const PrivacyBody = z.object({ anonim: z.boolean().optional(), rahasia: z.boolean().optional() }).strict();

const Person = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  nik: z.string().nullable(),
});
const Attachment = z.object({ url: z.string(), caption: z.string().optional() });

export const ReportOut = z.object({
  trackingId: z.string(),
  type: z.string(),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  unit: z.string().nullable(),
  channel: z.string(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  address: z.string().nullable(),
  districtCode: z.string().nullable(),
  villageCode: z.string().nullable(),
  attachments: z.array(Attachment),
  anonim: z.boolean(),
  rahasia: z.boolean(),
  reporter: Person.nullable(),
  supporters: z.number(),
  supporting: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  deadline: z
    .object({
      kind: z.string(),
      due: z.string(),
      /** Staff views: false when the deadline reaches into a year whose holiday list is not confirmed. */
      holidaysConfirmed: z.boolean().optional(),
    })
    .nullable(),
  resolution: z.string().nullable(),
  resolutionPhotos: z.array(Attachment),
  followedUpAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  archiveReason: z.string().nullable(),
  forwardedTo: z.string().nullable(),
  handedOverTo: z
    .object({
      kind: z.enum(['unit', 'region', 'agency']),
      code: z.string().nullable().describe('The unit or region code; null for an agency'),
      name: z.string(),
    })
    .nullable()
    .describe('Not our authority (bukan wewenang): where the report went'),
  receivedAt: z.string().describe('When the channel received the complaint; the deadlines count from it'),
  informationRequest: z
    .object({ due: z.string(), extended: z.boolean() })
    .nullable()
    .describe('An information request’s UU 14/2008 deadline: 10 working days, once extended by 7'),
  escalations: z
    .array(
      z.object({
        kind: z.string(),
        level: z.number(),
        office: z.string(),
        to: z.string().nullable(),
        at: z.string(),
      }),
    )
    .optional()
    .describe('Staff only: breached deadlines gone to the unit head (level 1) and the region’s oversight (level 2)'),
  source: z.object({ system: z.string(), id: z.string().nullable(), url: z.string().nullable() }).nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      unit: z.string().nullable(),
      note: z.string().nullable(),
      actor: z.string(),
    }),
  ),
  ratingInvitation: z
    .object({ url: z.string(), expiresAt: z.string() })
    .nullable()
    .optional()
    .describe(
      'Only in the reporter’s own view (with the secret): the single-use link to rate how the report was handled, or null before there is one',
    ),
});

export const RatingInvitationOut = z.object({
  url: z.string().describe('The rating form; the link itself is the permission to rate, so keep it private'),
  expiresAt: z.string(),
});

export const ReportSummary = z.object({
  trackingId: z.string(),
  title: z.string(),
  category: z.string(),
  type: z.string(),
  status: z.enum(REPORT_STATUSES),
  unit: z.string().nullable(),
  submittedAt: z.string(),
  deadline: z
    .object({
      kind: z.string(),
      due: z.string(),
      /** Staff views: false when the deadline reaches into a year whose holiday list is not confirmed. */
      holidaysConfirmed: z.boolean().optional(),
    })
    .nullable(),
  overdue: z.boolean(),
  /** The highest escalation level of the report's current deadline, 0 when none. */
  escalationLevel: z.number(),
  supporters: z.number(),
  anonim: z.boolean(),
  rahasia: z.boolean(),
});

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
