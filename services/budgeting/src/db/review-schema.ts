/**
 * The tables of the effectiveness review (issue 14): citizens' signals folded from events, the year's
 * policy data, TAPD's settings and decisions, and public scrutiny. Part of `BudgetingDB` (schema.ts).
 */
import type { Generated, ColumnType } from 'kysely';
import type { Json, Money } from './columns.js';

/** A complaint as far as budgeting needs it (no reporter, no text): folded from complaints events. */
export interface CitizenReportTable {
  tenant_id: string;
  tracking_id: string;
  category: string | null;
  unit: string | null;
  closed: boolean;
  overdue: boolean;
  updated_at: Generated<Date>;
  /** The submitted event's time; null for reports held before it was kept (they count in no window). */
  submitted_at: Date | null;
}

/** The dates (inclusive, the region's local dates) whose complaints count for a year; default: the year itself. */
export interface ComplaintWindowTable {
  tenant_id: string;
  year: number;
  from_date: string;
  to_date: string;
}

/** A unit's latest IKM per period from official-rating; an older computation never replaces a newer one. */
export interface UnitIkmTable {
  tenant_id: string;
  unit: string;
  period: string;
  ikm: string | null;
  computed_at: Date;
}

/** Which complaints count for a year: a category, the units (and optionally program prefixes) it speaks about. */
export interface ComplaintMappingTable {
  tenant_id: string;
  year: number;
  category: string;
  units: Json<string[]>;
  programs: Json<string[]>;
}

/** An efficiency tag of the year's policy (Inpres 1/2025 ...): account prefixes and/or catalogue items. */
export interface EfficiencyTagTable {
  tenant_id: string;
  year: number;
  code: string;
  label: string;
  accounts: Json<string[]>;
  items: Json<string[]>;
  basis: string;
}

/** A tenant's scoring weights and anomaly thresholds (overrides of the documented defaults). */
export interface ReviewSettingTable {
  tenant_id: string;
  weights: Json<Record<string, number>>;
  thresholds: Json<Record<string, string | number>>;
  /** Staff (pegawai) per unit: a unit's own consumption is proportional to it. */
  unit_staff: ColumnType<Record<string, number>, string | undefined, string>;
  updated_at: Generated<Date>;
}

/** TAPD's decision on a candidate sub-activity: cut (lines zeroed, `saved` what they held) or keep. */
export interface ReviewDecisionTable {
  tenant_id: string;
  year: number;
  unit: string;
  sub_activity_id: string;
  decision: 'cut' | 'keep';
  reason: string | null;
  lines: number;
  saved: Money;
  score: number | null;
  decided_by: string;
  decided_at: Generated<Date>;
}

export interface ScrutinyCodeTable {
  id: Generated<string>;
  tenant_id: string;
  email_hash: string;
  nik_hash: string | null;
  code_hash: string;
  attempts: Generated<number>;
  used: Generated<boolean>;
  expires_at: Date;
  created_at: Generated<Date>;
}

export interface ScrutinySessionTable {
  token_hash: string;
  tenant_id: string;
  email_hash: string;
  nik_hash: string | null;
  expires_at: Date;
}

/** A verified citizen's flag on a published line, moderated by TAPD with a published answer. */
export interface CitizenFlagTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  unit: string;
  line_item_id: string;
  email_hash: string;
  reason: string;
  status: Generated<'pending' | 'accepted' | 'rejected'>;
  answer: string | null;
  moderated_by: string | null;
  created_at: Generated<Date>;
  moderated_at: Date | null;
}
