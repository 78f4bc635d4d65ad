/**
 * The auditors' export: one row per report, no reporter data at all (no name, phone, e-mail or
 * NIK, not even masked), never a rahasia report (the query leaves them out).
 */
import type { Selectable } from 'kysely';
import { localIso } from '@sinergi/service-kit';
import type { ReportTable } from '../db/schema.js';
import { followUpOutcome } from '../statistics/deadline.js';
import { freeTextFor } from '../reports/views.js';

/** The columns the export reads: a whitelist, so a new reporter column can never slip in. */
export const EXPORT_SELECT = [
  'id',
  'tracking_id',
  'type',
  'category',
  'title',
  'status',
  'unit',
  'channel',
  'submitted_at',
  'disposition_due',
  'disposed_at',
  'first_response_at',
  'followup_due',
  'followed_up_at',
  'autoclose_due',
  'closed_at',
  'close_reason',
  'archive_reason',
  'anonim',
  'district_code',
  'village_code',
] as const satisfies readonly (keyof ReportTable)[];

export type ExportRow = Pick<Selectable<ReportTable>, (typeof EXPORT_SELECT)[number]> & { supporters: number };

type Cell = string | number | boolean | null;

/** within_deadline: true/false once decided (followed up before/after the follow-up deadline, or overdue without one), empty while running or not applicable. */
function withinDeadline(r: ExportRow, now: Date): Cell {
  const outcome = followUpOutcome(r, now);
  return outcome === 'met' ? true : outcome === 'missed' ? false : null;
}

export function exportColumns(timeZone: string, now: Date): { header: string; value: (r: ExportRow) => Cell }[] {
  const at = (d: Date | null) => localIso(d, timeZone);
  // an export leaves the system as a file: its free text is the auditor's, whoever downloads it
  const text = freeTextFor('auditor');
  return [
    { header: 'tracking_id', value: (r) => r.tracking_id },
    { header: 'type', value: (r) => r.type },
    { header: 'category', value: (r) => r.category },
    { header: 'title', value: (r) => text(r.title) },
    { header: 'status', value: (r) => r.status },
    { header: 'unit', value: (r) => r.unit },
    { header: 'channel', value: (r) => r.channel },
    { header: 'submitted_at', value: (r) => at(r.submitted_at) },
    { header: 'disposition_due', value: (r) => at(r.disposition_due) },
    { header: 'disposed_at', value: (r) => at(r.disposed_at) },
    { header: 'first_response_at', value: (r) => at(r.first_response_at) },
    { header: 'followup_due', value: (r) => at(r.followup_due) },
    { header: 'followed_up_at', value: (r) => at(r.followed_up_at) },
    { header: 'autoclose_due', value: (r) => at(r.autoclose_due) },
    { header: 'closed_at', value: (r) => at(r.closed_at) },
    { header: 'close_reason', value: (r) => text(r.close_reason) },
    { header: 'archive_reason', value: (r) => text(r.archive_reason) },
    { header: 'within_deadline', value: (r) => withinDeadline(r, now) },
    { header: 'supporters', value: (r) => r.supporters },
    { header: 'anonim', value: (r) => r.anonim },
    { header: 'district_code', value: (r) => r.district_code },
    { header: 'village_code', value: (r) => r.village_code },
  ];
}
