import { z } from 'zod';
import { IndonesianPhone, Nik, RupiahString, Slug } from '@sinergi/contracts';
import { APPLICATION_STATUSES } from './workflow.js';

export const RegParams = z.object({
  registrationNumber: z.string().min(4).max(30).describe('Registration number, e.g. IZN-7K3M-Q9XD'),
});

export const DocumentParams = RegParams.extend({ documentId: z.uuid() });

export const SecretHeader = z.object({ 'x-application-secret': z.string().min(10).max(100).optional() });

export const ApplicantBody = z
  .object({
    name: z.string().trim().min(2).max(120),
    nik: Nik.optional(),
    phone: IndonesianPhone.optional(),
    email: z.email().max(200).optional(),
  })
  .strict();

const DataValue = z.union([z.string().max(2000), z.number(), z.null()]);

export const CreateBody = z
  .object({
    permitType: Slug,
    applicant: ApplicantBody,
    data: z.record(z.string().max(64), DataValue).default({}),
  })
  .strict();

/** The applicant's details in a PATCH: fields left out keep their value; null removes an optional one. */
export const ApplicantPatchBody = z
  .object({
    name: z.string().trim().min(2).max(120).optional(),
    nik: Nik.nullable().optional(),
    phone: IndonesianPhone.nullable().optional(),
    email: z.email().max(200).nullable().optional(),
  })
  .strict();

export const UpdateBody = z
  .object({
    applicant: ApplicantPatchBody.optional(),
    data: z.record(z.string().max(64), DataValue).optional(),
  })
  .strict();

export const Created = z.object({
  registrationNumber: z.string(),
  secret: z
    .string()
    .describe('Shown once: with the registration number it lets the applicant follow and complete the application'),
  status: z.enum(APPLICATION_STATUSES),
});

const optionalBody = <T extends z.ZodObject>(schema: T) => z.preprocess((body) => body ?? {}, schema);

export const NoteBody = optionalBody(z.object({ note: z.string().trim().min(1).max(4000).optional() }).strict());

export const ReturnBody = z
  .object({
    items: z
      .array(z.object({ requirement: Slug, reason: z.string().trim().min(3).max(500) }).strict())
      .min(1)
      .max(50),
    note: z.string().trim().min(1).max(4000).optional(),
  })
  .strict();

export const AssignBody = optionalBody(
  z
    .object({ assignee: z.string().min(1).max(200).optional(), note: z.string().trim().min(1).max(4000).optional() })
    .strict(),
);

export const FindingBody = z
  .object({
    kind: z.enum(['technical-review', 'site-inspection']),
    result: z.enum(['meets', 'does-not-meet']),
    notes: z.string().trim().min(3).max(4000),
  })
  .strict();

/** A rejection, an objection (keberatan) against it, or the office upholding it: the reasons. */
export const RejectBody = z
  .object({
    reasons: z.array(z.string().trim().min(3).max(1000)).min(1).max(20),
    note: z.string().trim().min(1).max(4000).optional(),
  })
  .strict();

export const PaymentBody = z
  .object({
    registrationNumber: z.string().min(4).max(30),
    paymentReference: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:/-]{4,100}$/, 'must be 4-100 letters, digits or . _ : / -'),
    amount: RupiahString,
    paidAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const PaymentOut = z.object({
  registrationNumber: z.string(),
  paymentReference: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  permitNumber: z.string().nullable(),
  replay: z.boolean().describe('True when this payment reference had already been confirmed: nothing changed'),
});

export const DocumentOut = z.object({
  id: z.string(),
  requirement: z.string(),
  version: z.number(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
});

export const ListQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  permitType: Slug.optional(),
  unit: Slug.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const Summary = z.object({
  registrationNumber: z.string(),
  permitType: z.string(),
  unit: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  submittedAt: z.string().nullable(),
  completenessDue: z
    .string()
    .nullable()
    .describe('While the registration check runs: when the file is deemed complete'),
  decisionDue: z.string().nullable(),
  returnDue: z.string().nullable().describe('While returned: when the file lapses unless resubmitted'),
  objectionDue: z.string().nullable().describe('While objected: when the office must decide the objection'),
  updatedAt: z.string(),
});

const Json = z.unknown();

export const ApplicationOut = z.object({
  registrationNumber: z.string(),
  permitType: z.object({ code: z.string(), name: z.string() }),
  unit: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  statusLabel: z.string(),
  statusColour: z.enum(['green', 'yellow', 'red', 'grey']),
  next: z.object({
    who: z.enum(['applicant', 'office', 'payment', 'nobody']),
    text: z.string(),
    deadline: z
      .string()
      .nullable()
      .describe('Submitted: when the file is deemed complete; open: when the decision is due'),
    amountDue: z
      .string()
      .nullable()
      .describe('The fee still to pay, in rupiah (approved, or owed after a deemed grant)'),
    holidaysConfirmed: z
      .boolean()
      .optional()
      .describe('Staff only: false when the deadline reaches into a year whose holiday list is not confirmed yet'),
  }),
  applicant: z.object({
    name: z.string(),
    nik: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  data: z.record(z.string(), z.string()),
  checklist: z.array(
    z.object({
      requirement: z.string(),
      label: z.string(),
      required: z.boolean(),
      types: z.array(z.string()),
      maxBytes: z.number(),
      uploaded: z.boolean(),
      returned: z.boolean(),
    }),
  ),
  documents: z.array(DocumentOut),
  returnedItems: z.array(z.object({ requirement: z.string(), reason: z.string() })).nullable(),
  submittedAt: z.string().nullable(),
  completenessDue: z
    .string()
    .nullable()
    .describe('While submitted: the file is deemed complete at this moment unless returned or found complete first'),
  completedAt: z.string().nullable(),
  serviceStandardDays: z.number().nullable(),
  decisionDue: z.string().nullable(),
  assignedTo: z.string().nullable(),
  findings: z.array(z.object({ kind: z.string(), result: z.string(), notes: z.string(), at: z.string() })),
  fee: z.string().nullable(),
  feeKind: z
    .enum(['retribusi', 'pajak', 'none'])
    .describe('What the fee is in law: a regional levy, a regional tax (Pajak Reklame, UU 1/2022) or none'),
  feeName: z.string().describe('The fee as applicants read it, e.g. "Pajak Reklame", "Retribusi PBG"'),
  feeExplanation: z.string().nullable(),
  rejectionReasons: z.array(z.string()).nullable(),
  returnDue: z
    .string()
    .nullable()
    .describe('While returned: the file lapses at this moment unless completed and resubmitted'),
  objection: z.object({
    until: z
      .string()
      .nullable()
      .describe('While rejected and not objected to: objections (keberatan) are accepted until this moment'),
    filedAt: z.string().nullable(),
    reasons: z.array(z.string()).nullable(),
    decisionDue: z.string().nullable().describe('While objected: the office must decide by then'),
    outcome: z.enum(['upheld', 'granted']).nullable(),
  }),
  payment: z.object({ reference: z.string(), paidAt: z.string().nullable() }).nullable(),
  outcome: z.enum(['issued', 'rejected', 'deemed-granted']).nullable(),
  permit: z
    .object({
      number: z.string(),
      status: z.enum(['active', 'revoked', 'expired']),
      issuedAt: z.string(),
      validUntil: z.string().nullable(),
      legalBasis: z.enum(['decision', 'fiktif-positif']),
    })
    .nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      label: z.string(),
      colour: z.string(),
      actor: z.string(),
      actorRole: z.string(),
      note: z.string().nullable(),
      details: Json,
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const RatingInvitationOut = z
  .object({
    url: z.string().describe('Single-use link to rate the service; it is the permission itself: share it with nobody'),
    expiresAt: z.string(),
  })
  .describe('official-rating’s invitation, sent once the application is decided');

/**
 * The applicant's own view: the staff view's shape plus the rating invitation. Staff routes answer
 * with `ApplicationOut`, whose serializer drops any key it does not list, so the link cannot reach
 * them even by mistake.
 */
export const ApplicantApplicationOut = ApplicationOut.extend({
  // optional in the type only because the shared renderer leaves it out for staff; the applicant's view always has it
  ratingInvitation: RatingInvitationOut.nullable()
    .optional()
    .describe(
      'Always present in the applicant’s view: null until official-rating invites the applicant (after the decision)',
    ),
});

export const SignedPermitOut = z.object({
  document: z.record(z.string(), z.unknown()),
  signature: z.object({ kid: z.string(), alg: z.string(), value: z.string() }),
  canonicalization: z.literal('sorted-keys JSON without whitespace (RFC 8785 for these values)'),
});
