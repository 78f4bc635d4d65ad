/**
 * What TAPD's review cut, as open data: per fiscal year, unit and reason, how many sub-activities were
 * removed, how many lines and the rupiah they held. One table, read by the public savings report
 * (JSON and CSV) and described as the second resource of the Fiscal Data Package, so the package and
 * the report cannot disagree: the descriptor's fields are the CSV's columns, in order.
 */
import { formatRupiah } from '@sinergi/contracts';

export interface SavingsField {
  name: string;
  type: 'string' | 'integer';
  title: string;
  columnType?: string;
  constraints?: { required?: boolean; pattern?: string; enum?: string[]; minimum?: number; maximum?: number };
}

export const SAVINGS_FIELDS: readonly SavingsField[] = [
  {
    name: 'fiscal_year',
    type: 'integer',
    columnType: 'date:fiscal-year',
    title: 'Tahun anggaran',
    constraints: { required: true, minimum: 2000, maximum: 2100 },
  },
  {
    name: 'unit',
    type: 'string',
    columnType: 'administrative-classification:generic:level1:code',
    title: 'Kode perangkat daerah (SKPD)',
    constraints: { required: true, pattern: '^[a-z0-9-]+$' },
  },
  {
    name: 'unit_name',
    type: 'string',
    columnType: 'administrative-classification:generic:level1:label',
    title: 'Perangkat daerah',
  },
  { name: 'reason', type: 'string', title: 'Alasan pemotongan oleh TAPD', constraints: { required: true } },
  {
    name: 'activities',
    type: 'integer',
    title: 'Sub kegiatan dihapus',
    constraints: { required: true, minimum: 1 },
  },
  { name: 'lines', type: 'integer', title: 'Rincian belanja dinolkan', constraints: { required: true, minimum: 0 } },
  {
    name: 'saved',
    type: 'integer',
    columnType: 'value',
    title: 'Dihemat (rupiah)',
    constraints: { required: true, minimum: 0 },
  },
  {
    name: 'currency',
    type: 'string',
    columnType: 'value-currency:code',
    title: 'Mata uang (ISO 4217)',
    constraints: { required: true, enum: ['IDR'] },
  },
];

export interface SavingsRow {
  unit: string;
  reason: string | null;
  activities: number;
  lines: number;
  saved: bigint;
}

/** The report: per unit and reason, and the year's total with "N sub kegiatan dihapus, Rp X dihemat". */
export function savingsReportView(year: number, rows: readonly SavingsRow[], names: ReadonlyMap<string, string>) {
  const saved = rows.reduce((n, r) => n + r.saved, 0n);
  const activities = rows.reduce((n, r) => n + r.activities, 0);
  return {
    year,
    currency: 'IDR' as const,
    activities,
    saved: saved.toString(),
    summary: `${activities} sub kegiatan dihapus, ${formatRupiah(saved)} dihemat`,
    units: rows.map((r) => ({
      unit: r.unit,
      unitName: names.get(r.unit) ?? r.unit,
      reason: r.reason ?? '',
      activities: r.activities,
      lines: r.lines,
      saved: r.saved.toString(),
    })),
  };
}

/** The same report as CSV cells in `SAVINGS_FIELDS` order. */
export const savingsCsvRows = (report: ReturnType<typeof savingsReportView>) =>
  report.units.map((u) => [
    String(report.year),
    u.unit,
    u.unitName,
    u.reason,
    String(u.activities),
    String(u.lines),
    u.saved,
    report.currency,
  ]);

/** The Fiscal Data Package's second resource: the savings table, at `path` relative to the descriptor. */
export const savingsResource = (year: number, path: string) => ({
  name: 'penghematan',
  path,
  format: 'csv',
  mediatype: 'text/csv',
  encoding: 'utf-8',
  title: `Penghematan hasil reviu TAPD ${year}`,
  description:
    'What the review of effectiveness cut, per unit and reason: sub-activities removed, their lines set to zero and the rupiah they held. The same table as GET /v1/public/budgets/{year}/savings.',
  schema: { fields: SAVINGS_FIELDS, primaryKey: ['fiscal_year', 'unit', 'reason'], missingValues: [''] },
});
