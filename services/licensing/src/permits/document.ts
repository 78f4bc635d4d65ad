/**
 * The permit document: what is signed, shown as JSON, rendered as PDF and checked on verification.
 * Built once at issuance and stored as signed; later changes to the application never alter it.
 */
import { addCalendarDays, localDate, startOfLocalDay } from '@sinergi/service-kit';

/**
 * Art. 53 of UU 30/2014 as it stands: UU 11/2020 (Cipta Kerja) first amended it, but was revoked by
 * Perppu 2/2022, which amended the article again and was enacted as law by UU 6/2023. So the
 * amendment in force is Perppu 2/2022 as enacted by UU 6/2023, and UU 11/2020 is not cited
 * (shared/domain/licensing.md, review of December 2026). Permits signed before this text keep
 * their signed wording.
 */
export const FIKTIF_POSITIF_STATUTE =
  'Pasal 53 UU 30/2014 tentang Administrasi Pemerintahan sebagaimana telah diubah dengan Perppu 2/2022 tentang Cipta Kerja yang ditetapkan menjadi undang-undang dengan UU 6/2023';

export const LEGAL_BASIS_TEXT = {
  decision: 'Diterbitkan atas keputusan pejabat yang berwenang setelah permohonan memenuhi persyaratan.',
  'fiktif-positif': `Permohonan dianggap dikabulkan secara hukum karena tidak ada keputusan sampai batas waktu standar pelayanan (${FIKTIF_POSITIF_STATUTE}).`,
} as const;

export interface PermitDocument {
  [key: string]: unknown;
  format: 'sinergi-permit/1';
  number: string;
  region: { code: string; name: string };
  issuer: { unit: string; unitName: string };
  permitType: { code: string; name: string };
  registrationNumber: string;
  holder: { name: string; nik: string | null };
  particulars: Record<string, string>;
  fee: string | null;
  /** What the fee is in law and its name (permits issued since issue 16; older documents lack them). */
  feeKind?: 'retribusi' | 'pajak' | 'none';
  feeName?: string;
  issuedAt: string;
  validUntil: string | null;
  legalBasis: { kind: 'decision' | 'fiktif-positif'; text: string; decisionDue: string | null };
  verificationUrl: string;
}

/** The end (exclusive) of a validity of `months` calendar months from the local issue date. */
export function validUntil(issuedAt: Date, months: number | null, timeZone: string): Date | null {
  if (months === null) return null;
  const [y, m, d] = localDate(issuedAt, timeZone).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // 31 January + 1 month ends with February: clamp to the month's last day
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  return startOfLocalDay(addCalendarDays(date, 0), timeZone);
}

export const verificationUrl = (base: string, tenant: string, number: string) =>
  `${base.replace(/\/$/, '')}/v1/public/permits/verify?tenant=${encodeURIComponent(tenant)}&number=${encodeURIComponent(number)}`;

/** Revoked (the row), else expired by the signed document's own validity, else active: the rule of public verification. */
export function documentStatus(
  p: { revoked_at: Date | null },
  doc: Pick<PermitDocument, 'validUntil'>,
  now: Date,
): 'active' | 'revoked' | 'expired' {
  if (p.revoked_at) return 'revoked';
  return doc.validUntil !== null && now.getTime() >= Date.parse(doc.validUntil) ? 'expired' : 'active';
}
