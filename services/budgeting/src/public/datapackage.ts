/**
 * The published budget as a Fiscal Data Package (FDP 1.0rc1 on Data Package v2): one CSV resource in
 * the denormalised form FDP recommends (one amount per row, its phase in a column), every column
 * mapped to an FDP columnType:
 * - administrative classification = the unit (SKPD),
 * - functional classification = the Permendagri 90/2019 code of the sub-activity, level by level
 *   (urusan > bidang > program > kegiatan > sub-kegiatan),
 * - economic classification = the six-level account code (kode rekening),
 * - phase = approved (murni), adjusted (revised, APBD-P) or executed (realized),
 * - value = the amount in whole rupiah, currency IDR, fiscal period = the fiscal year.
 * Pure: the descriptor and rows are built from what the use case read.
 */
import { FDP_PHASES, type PhaseFigures } from './phases.js';
import { savingsResource } from './savings.js';
import { classificationOf } from './summaries.js';

interface FdpField {
  name: string;
  type: 'string' | 'integer';
  columnType: string;
  title: string;
  constraints?: { required?: boolean; pattern?: string; enum?: string[]; minimum?: number; maximum?: number };
}

const code = (name: string, columnType: string, title: string, pattern: string): FdpField => ({
  name,
  type: 'string',
  columnType,
  title,
  constraints: { required: true, pattern },
});
const label = (name: string, columnType: string, title: string): FdpField => ({
  name,
  type: 'string',
  columnType,
  title,
});
const fn = (level: number) => `functional-classification:generic:level${level}`;

/** The columns of the resource, in CSV order: the CSV writer and the descriptor both read them here. */
export const FDP_FIELDS: readonly FdpField[] = [
  code('budget_line_id', 'budget-line-id', 'ID rincian belanja', '^[0-9a-f-]{36}$'),
  {
    name: 'fiscal_year',
    type: 'integer',
    columnType: 'date:fiscal-year',
    title: 'Tahun anggaran',
    constraints: { required: true, minimum: 2000, maximum: 2100 },
  },
  code('unit', 'administrative-classification:generic:level1:code', 'Kode perangkat daerah (SKPD)', '^[a-z0-9-]+$'),
  label('unit_name', 'administrative-classification:generic:level1:label', 'Perangkat daerah'),
  code('urusan', `${fn(1)}:code`, 'Kode urusan', '^[1-8]$'),
  label('urusan_name', `${fn(1)}:label`, 'Urusan'),
  code('bidang', `${fn(2)}:code`, 'Kode bidang urusan', '^[1-8]\\.\\d{2}$'),
  label('bidang_name', `${fn(2)}:label`, 'Bidang urusan'),
  code('program', `${fn(3)}:code`, 'Kode program', '^[1-8]\\.\\d{2}\\.\\d{2}$'),
  label('program_name', `${fn(3)}:label`, 'Program'),
  code('kegiatan', `${fn(4)}:code`, 'Kode kegiatan', '^[1-8]\\.\\d{2}\\.\\d{2}\\.\\d\\.\\d{2}$'),
  label('kegiatan_name', `${fn(4)}:label`, 'Kegiatan'),
  code('sub_activity', `${fn(5)}:code`, 'Kode sub kegiatan', '^[1-8]\\.\\d{2}\\.\\d{2}\\.\\d\\.\\d{2}\\.\\d{4}$'),
  label('sub_activity_name', `${fn(5)}:label`, 'Sub kegiatan'),
  code(
    'account',
    'economic-classification:generic:code',
    'Kode rekening',
    '^5\\.[1-4]\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}$',
  ),
  label('account_name', 'economic-classification:generic:label', 'Rekening'),
  {
    name: 'phase',
    type: 'string',
    columnType: 'phase:id',
    title: 'Tahap (approved = murni, adjusted = perubahan, executed = realisasi)',
    constraints: { required: true, enum: FDP_PHASES.map(([phase]) => phase) },
  },
  {
    name: 'amount',
    type: 'integer',
    columnType: 'value',
    title: 'Jumlah (rupiah)',
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

export interface FdpLine extends PhaseFigures {
  id: string;
  unit: string;
  unitName: string;
  subActivity: string;
  account: string;
  accountName: string;
}

/** Every line three times, once per phase, cells in `FDP_FIELDS` order. */
export function fdpRows(input: { year: number; lines: readonly FdpLine[]; names: ReadonlyMap<string, string> }) {
  return input.lines.flatMap((l) => {
    const c = classificationOf(l.subActivity);
    const name = (k: string) => input.names.get(k) ?? '';
    const fixed = [
      l.id,
      String(input.year),
      l.unit,
      l.unitName,
      c.urusan,
      name(c.urusan),
      c.bidang,
      name(c.bidang),
      c.program,
      name(c.program),
      c.kegiatan,
      name(c.kegiatan),
      l.subActivity,
      name(l.subActivity),
      l.account,
      l.accountName,
    ];
    return FDP_PHASES.map(([phase, figure]) => [...fixed, phase, l[figure].toString(), 'IDR']);
  });
}

/**
 * The descriptor; `path` is where the lines' CSV is, relative to the descriptor's own URL, and
 * `savingsPath` (when given) where the savings of TAPD's review are, the package's second resource.
 */
export function fdpDescriptor(input: {
  tenant: string;
  regionName: string;
  year: number;
  path: string;
  savingsPath?: string;
}) {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: `apbd-${input.tenant.replace(/\./g, '-')}-${input.year}`,
    title: `APBD ${input.regionName} ${input.year}: belanja per rincian`,
    description:
      "Fiscal Data Package (1.0rc1) of the approved regional budget (APBD) of the year: every line item of the units whose budget TAPD approved or later, three times (approved = murni, adjusted = after shifts and the APBD-P, executed = realized spending recorded so far). Expenditure only. Amounts in whole rupiah. Beside it, the savings of TAPD's review: sub-activities cut per unit and reason, and the rupiah saved.",
    keywords: ['APBD', 'anggaran', 'fiscal-data-package', 'budget'],
    resources: [
      {
        name: 'rincian-belanja',
        path: input.path,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        title: `Rincian belanja ${input.year}`,
        schema: {
          fields: FDP_FIELDS,
          primaryKey: ['budget_line_id', 'phase'],
          missingValues: [''],
        },
      },
      ...(input.savingsPath ? [savingsResource(input.year, input.savingsPath)] : []),
    ],
  };
}
