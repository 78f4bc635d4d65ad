import { z } from 'zod';
import { DistrictCode, RegionCode, VillageCode } from '../values/regions.js';
import { GeoPoint } from '../values/geo.js';
import { Slug, UnitCode } from '../values/slug.js';
import { defineEvent } from './define.js';

/*
 * Complaints (LAPOR!) events. Reports are named by their tracking id; no event carries the
 * reporter's identity or contact, nor free text (titles and descriptions may contain either).
 */

/** pengaduan (complaint), aspirasi (suggestion), permintaan informasi (information request). */
export const REPORT_TYPES = ['pengaduan', 'aspirasi', 'permintaan-informasi'] as const;
export const ReportType = z.enum(REPORT_TYPES);
export type ReportType = z.infer<typeof ReportType>;

export const REPORT_CHANNELS = ['web', 'sms', 'social', 'open311', 'walk-in'] as const;
export const ReportChannel = z.enum(REPORT_CHANNELS);
export type ReportChannel = z.infer<typeof ReportChannel>;

/**
 * submitted: waiting for verification. disposed: sent to a unit (disposisi). deferred (tunda):
 * needs information from the reporter. forwarded: not our authority, sent elsewhere.
 * archived (arsip): spam, duplicate or out of scope. in-progress: the unit responded.
 * followed-up (tindak lanjut): the unit posted its resolution. closed: accepted, closed
 * automatically, or not our authority. supporting: linked as support to an earlier report.
 */
export const REPORT_STATUSES = [
  'submitted',
  'disposed',
  'deferred',
  'forwarded',
  'archived',
  'in-progress',
  'followed-up',
  'closed',
  'supporting',
] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const SourceReference = z.object({
  system: z.string().min(1).max(40),
  id: z.string().min(1).max(200),
  url: z.url().optional(),
});

const base = {
  trackingId: z.string().min(4).max(40),
  category: Slug,
  at: z.iso.datetime({ offset: true }),
};

export const reportSubmitted = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'submitted',
  version: 1,
  description: 'A report was received on any channel and waits for verification.',
  data: z.object({
    ...base,
    type: ReportType,
    channel: ReportChannel,
    /** The category's default unit: where the report will most likely go. */
    suggestedUnit: UnitCode.nullable(),
    location: GeoPoint.nullable(),
    districtCode: DistrictCode.nullable(),
    villageCode: VillageCode.nullable(),
    anonim: z.boolean(),
    rahasia: z.boolean(),
    source: SourceReference.nullable(),
    dispositionDue: z.iso.datetime({ offset: true }),
  }),
});

export const reportDisposed = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'disposed',
  version: 1,
  description: 'A verifier sent the report to a unit (disposisi), or an admin re-disposed it to another.',
  data: z.object({
    ...base,
    unit: UnitCode,
    previousUnit: UnitCode.nullable(),
    followUpDue: z.iso.datetime({ offset: true }),
  }),
});

export const reportStatusChanged = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'status-changed',
  version: 1,
  description: 'Any change of a report’s status, with the action that caused it.',
  data: z.object({
    ...base,
    from: ReportStatus,
    to: ReportStatus,
    action: z.string().min(1).max(40),
    unit: UnitCode.nullable(),
    source: SourceReference.nullable(),
  }),
});

export const reportFollowedUp = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'followed-up',
  version: 1,
  description: 'The unit posted its follow-up (tindak lanjut); the reporter may accept or dispute it.',
  data: z.object({
    ...base,
    unit: UnitCode,
    withinDeadline: z.boolean(),
    autoCloseDue: z.iso.datetime({ offset: true }),
    source: SourceReference.nullable(),
  }),
});

export const reportClosed = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'closed',
  version: 1,
  description: 'The report was closed: accepted by the reporter, closed automatically, or not our authority.',
  data: z.object({
    ...base,
    unit: UnitCode.nullable(),
    reason: z.enum(['accepted', 'auto', 'not-authority']),
    source: SourceReference.nullable(),
  }),
});

/** deferral: a deferred (tunda) report waited longer than its region's limit for the reporter. */
export const DEADLINE_KINDS = ['disposition', 'follow-up', 'deferral'] as const;
export const DeadlineKind = z.enum(DEADLINE_KINDS);

export const reportDeadlineBreached = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'deadline-breached',
  version: 1,
  description:
    'A deadline passed: disposition (3 working days), the unit’s follow-up (5; 10 for an information request) or a deferral’s limit. Emitted once per report and deadline.',
  data: z.object({ ...base, kind: DeadlineKind, unit: UnitCode.nullable(), dueAt: z.iso.datetime({ offset: true }) }),
});

export const reportSupported = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'supported',
  version: 1,
  description: 'A new report was linked as support to an open one nearby (same category), or unlinked again.',
  data: z.object({
    ...base,
    supporterTrackingId: z.string().min(4).max(40),
    supporters: z.number().int().min(0),
    linked: z.boolean(),
  }),
});

export const reportPrivacyChanged = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'privacy-changed',
  version: 1,
  description:
    'An admin set or lifted the anonim or rahasia flag; consumers stop (or resume) showing the report publicly, e.g. public reply comments.',
  data: z.object({ ...base, anonim: z.boolean(), rahasia: z.boolean(), source: SourceReference.nullable() }),
});

/** Who a breached deadline went to: the unit's head (or the verifiers, before a unit has it), then the region's oversight. */
export const ESCALATION_OFFICES = ['unit-head', 'verifier', 'oversight'] as const;

export const reportEscalated = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'escalated',
  version: 1,
  description:
    'A breached deadline went up the region’s chain (pengelolaan pengaduan berjenjang): level 1 to the unit head (or the verifiers), level 2 to the oversight (Sekretariat Daerah or Inspektorat). Emitted once per report, deadline and level.',
  data: z.object({
    ...base,
    kind: DeadlineKind,
    level: z.number().int().min(1).max(2),
    office: z.enum(ESCALATION_OFFICES),
    /** The unit the escalation is addressed to; null when it goes to the verifiers. */
    to: UnitCode.nullable(),
    /** The unit whose deadline was missed, if the report had one. */
    unit: UnitCode.nullable(),
    dueAt: z.iso.datetime({ offset: true }),
  }),
});

/** Where a report that is not our authority (bukan wewenang) went: another unit, another region, or a named agency. */
export const HandOverDestination = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unit: UnitCode }),
  z.object({ kind: z.literal('region'), region: RegionCode }),
  /** The agency's name as the admin wrote it, with personal data masked. */
  z.object({ kind: z.literal('agency'), name: z.string().min(2).max(200) }),
]);

export const reportHandedOver = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'handed-over',
  version: 1,
  description:
    'Not our authority (bukan wewenang): the report was handed over to another unit, another region or a named agency. Tells the reporter where it went (no wrong door).',
  data: z.object({ ...base, from: UnitCode.nullable(), to: HandOverDestination, source: SourceReference.nullable() }),
});

export const reportDeadlineExtended = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'deadline-extended',
  version: 1,
  description:
    'An information request’s 10 working days (UU 14/2008 Art. 22) were extended once by 7 working days, with a written reason on the timeline.',
  data: z.object({
    ...base,
    previousDueAt: z.iso.datetime({ offset: true }),
    dueAt: z.iso.datetime({ offset: true }),
  }),
});

export type DeadlineKind = z.infer<typeof DeadlineKind>;
export type HandOverDestination = z.infer<typeof HandOverDestination>;
