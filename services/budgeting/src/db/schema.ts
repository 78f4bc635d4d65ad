import type { ColumnType, Generated, Transaction } from 'kysely';
import type { KitTables } from '@sinergi/service-kit';
import type { BudgetStatus } from '../cycle/workflow.js';
import type { Catalogue, PerpresAnnex } from '../reference/prices.js';
import type { NomenclatureLevel } from '../reference/codes.js';
import type { SpendingRule } from '../checks/rules.js';

export type { NomenclatureLevel };

import type { Json, Money } from './columns.js';
import type {
  CitizenReportTable,
  ComplaintWindowTable,
  UnitIkmTable,
  ComplaintMappingTable,
  EfficiencyTagTable,
  ReviewSettingTable,
  ReviewDecisionTable,
  ScrutinyCodeTable,
  ScrutinySessionTable,
  CitizenFlagTable,
} from './review-schema.js';

export type * from './review-schema.js';

/** A nomenclature and account version (a decree's codes), loaded once; fiscal years point at one. */
export interface ReferenceVersionTable {
  tenant_id: string;
  version: string;
  description: string | null;
  created_at: Generated<Date>;
}

export interface NomenclatureTable {
  tenant_id: string;
  version: string;
  code: string;
  level: NomenclatureLevel;
  name: string;
  /** Sub-kegiatan only: its output (kinerja), indicator and unit of measure. */
  output: string | null;
  indicator: string | null;
  unit_of_measure: string | null;
}

export interface AccountTable {
  tenant_id: string;
  version: string;
  code: string;
  name: string;
}

export interface FiscalYearTable {
  tenant_id: string;
  year: number;
  /** The reference version the year was drafted under; loading a newer one never changes it. */
  version: string;
  created_at: Generated<Date>;
}

export interface CatalogueItemTable {
  tenant_id: string;
  year: number;
  code: string;
  catalogue: Catalogue;
  name: string;
  specification: string;
  unit_of_measure: string;
  max_unit_price: Money;
  accounts: Json<string[]>;
  annex: PerpresAnnex | null;
  source: string;
  updated_at: Generated<Date>;
}

/** One unit's budget for one year: its KUA-PPAS ceiling (pagu) and its place in the cycle. The row every write of the unit locks. */
export interface UnitBudgetTable {
  tenant_id: string;
  year: number;
  unit: string;
  pagu: Money;
  status: BudgetStatus;
  updated_at: Generated<Date>;
}

export interface Indicator {
  text: string;
  target: string;
  unit: string;
}

export const PLANNING_SOURCES = ['rpjmd', 'musrenbang', 'pokir', 'none'] as const;
export type PlanningSource = (typeof PLANNING_SOURCES)[number];

export interface SubActivityTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  unit: string;
  code: string;
  pagu: Money;
  planning_source: PlanningSource;
  planning_reference: string | null;
  indicators: Json<Indicator[]>;
  /** Jumlah penerima manfaat (migration 0010), when the unit gives it. */
  beneficiaries: Generated<bigint | null>;
  created_at: Generated<Date>;
}

export interface StoredFactor {
  quantity: string;
  unit: string;
}

/**
 * Migration 0004 adds `line_no` (identity, insertion order) for the export's order; it is read only in
 * raw SQL (src/exports), so it stays out of this type and out of every insert.
 */
export interface LineItemTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  unit: string;
  sub_activity_id: string;
  account: string;
  catalogue_item: string;
  component_name: string;
  specification: string;
  unit_of_measure: string;
  factors: Json<StoredFactor[]>;
  volume: string;
  unit_price: Money;
  tax_percent: string;
  amount: Money;
  tax: Money;
  total: Money;
  funding_source: string;
  location: string;
  excess_reason: string | null;
  created_by: string;
  updated_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ReviewNoteTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  unit: string;
  line_item_id: string;
  note: string;
  /** `tapd:<account>`, as in the audit trail. */
  author: string;
  created_at: Generated<Date>;
}

export interface SpendingRuleTable {
  tenant_id: string;
  year: number;
  code: string;
  rule: Json<SpendingRule>;
}

/** One line item's spending in one month of a locked budget; the audit chain keeps every earlier figure. */
export interface RealizationTable {
  tenant_id: string;
  year: number;
  unit: string;
  line_item_id: string;
  month: number;
  amount: Money;
  /** 1 when first recorded, +1 with each correction. */
  revision: Generated<number>;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

/** A sub-activity indicator's realized value in one period (`2026-03` or `2026-Q1`), with a note. */
export interface IndicatorResultTable {
  tenant_id: string;
  year: number;
  unit: string;
  sub_activity_id: string;
  /** 1-based position in the sub-activity's indicators. */
  indicator: number;
  period: string;
  realized: string;
  note: string;
  revision: Generated<number>;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface AuditHeadTable {
  tenant_id: string;
  year: number;
  seq: number;
  hash: string;
}

/** The head of a chain as last published (anchored) outside the database. */
export interface AuditAnchorTable {
  tenant_id: string;
  year: number;
  seq: number;
  hash: string;
  anchored_at: Generated<Date>;
}

export interface AuditEntryTable {
  tenant_id: string;
  year: number;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  data: Json<unknown>;
  prev_hash: string;
  hash: string;
}

/** The murni (original) DPA of a unit, taken once, just before its first revision applies (see src/revision/murni.ts). */
export interface UnitMurniTable {
  tenant_id: string;
  year: number;
  unit: string;
  pagu: Money;
  total: Money;
  /** Sub-activity id -> its murni ceiling, whole rupiah as a string. */
  sub_pagu: Json<Record<string, string>>;
  taken_at: Generated<Date>;
}

/** A line's murni values; a line added after the lock has a row of zeros (murni 0). */
export interface LineMurniTable {
  line_item_id: string;
  tenant_id: string;
  year: number;
  unit: string;
  factors: Json<StoredFactor[]>;
  volume: string;
  unit_price: Money;
  tax_percent: string;
  total: Money;
}

export type ShiftKind = 'within-account' | 'between-accounts' | 'between-sub-activities';

export interface BudgetShiftTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  unit: string;
  kind: ShiftKind;
  approver: 'tapd' | 'unit-head';
  status: 'proposed' | 'approved' | 'rejected';
  reason: string;
  changes: Json<unknown[]>;
  moved: Money;
  proposed_by: string;
  decided_by: string | null;
  decision_reason: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

/** The year's one APBD-P: its row exists once opened. */
export interface ApbdRevisionTable {
  tenant_id: string;
  year: number;
  opened_by: string;
  opened_at: Generated<Date>;
}

/** One unit's part in the APBD-P: its status (the cycle's, from drafting to locked) and revised ceilings. */
export interface UnitRevisionTable {
  tenant_id: string;
  year: number;
  unit: string;
  status: BudgetStatus;
  pagu: Money;
  /** Sub-activity id -> its revised ceiling; absent means unchanged. */
  sub_pagu: ColumnType<Record<string, string>, string | undefined, string>;
  updated_at: Generated<Date>;
}

/** A drafted APBD-P change: a line's revised values (`line_item_id` set), a new line (null), or a cut (`cut`, zeros). */
export interface RevisionLineTable extends Omit<LineItemTable, 'created_at'> {
  line_item_id: string | null;
  cut: Generated<boolean>;
  reason: string | null;
}

export interface BudgetingDB extends KitTables {
  reference_version: ReferenceVersionTable;
  nomenclature: NomenclatureTable;
  account: AccountTable;
  fiscal_year: FiscalYearTable;
  catalogue_item: CatalogueItemTable;
  unit_budget: UnitBudgetTable;
  sub_activity: SubActivityTable;
  line_item: LineItemTable;
  review_note: ReviewNoteTable;
  spending_rule: SpendingRuleTable;
  realization: RealizationTable;
  indicator_result: IndicatorResultTable;
  audit_head: AuditHeadTable;
  audit_entry: AuditEntryTable;
  unit_murni: UnitMurniTable;
  line_murni: LineMurniTable;
  budget_shift: BudgetShiftTable;
  apbd_revision: ApbdRevisionTable;
  unit_revision: UnitRevisionTable;
  revision_line: RevisionLineTable;
  audit_anchor: AuditAnchorTable;
  citizen_report: CitizenReportTable;
  unit_ikm: UnitIkmTable;
  complaint_mapping: ComplaintMappingTable;
  complaint_window: ComplaintWindowTable;
  efficiency_tag: EfficiencyTagTable;
  review_setting: ReviewSettingTable;
  review_decision: ReviewDecisionTable;
  scrutiny_code: ScrutinyCodeTable;
  scrutiny_session: ScrutinySessionTable;
  citizen_flag: CitizenFlagTable;
}

export type Trx = Transaction<BudgetingDB>;
