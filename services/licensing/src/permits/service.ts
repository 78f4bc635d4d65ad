/** Reading, verifying and revoking issued permits: built once in `setup` with the region's keys. */
import { maskName, permitRevoked } from '@sinergi/contracts';
import { kitProblems } from '@sinergi/service-kit';
import { appendTimeline } from '../applications/repository.js';
import type { Ctx } from '../context.js';
import type { PermitRow, RevocationCategory } from '../db/schema.js';
import { P } from '../problems.js';
import { applicationOfPermit, findPermitByNumber, markRevoked } from './repository.js';
import { documentStatus, type PermitDocument } from './document.js';
import { renderPermitPdf } from './pdf.js';
import type { KeyRing, Signature } from './signing.js';

const notFound = (number: string) => P.permit_not_found(`There is no permit ${number} in this region.`);

export const signatureOf = (p: PermitRow): Signature => ({
  kid: p.signature_kid,
  alg: p.signature_alg as Signature['alg'],
  value: p.signature,
});

const STATUS_LABEL = {
  active: 'Dokumen aktif',
  revoked: 'Dicabut',
  expired: 'Kedaluwarsa',
  invalid: 'Tidak valid: data izin tidak cocok dengan dokumen yang ditandatangani',
} as const;

/** What verification says of a revocation: the category only; the reason in words may name people and is not public. */
const CATEGORY_LABEL: Record<RevocationCategory, string> = {
  'requested-by-holder': 'Atas permintaan pemegang izin',
  'false-information': 'Data atau dokumen permohonan tidak benar',
  'conditions-violated': 'Ketentuan izin dilanggar',
  'court-order': 'Putusan pengadilan',
  other: 'Alasan lain',
};

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Whether the row's columns say what the signed document says: an edited column makes the permit invalid. */
function agrees(p: PermitRow, doc: PermitDocument, tenant: string): boolean {
  return (
    doc.number === p.number &&
    doc.region?.code === tenant &&
    doc.permitType?.code === p.permit_type &&
    doc.holder?.name === p.holder_name &&
    doc.issuedAt === iso(p.issued_at) &&
    doc.validUntil === iso(p.valid_until) &&
    doc.legalBasis?.kind === p.legal_basis
  );
}

export { documentStatus };

/** A revocation: the category is public, the reason in words stays with staff. */
export interface Revocation {
  number: string;
  category: RevocationCategory;
  reason: string;
  /** Who revokes; `unit` undefined for admins (region-wide). */
  by: { id: string; unit: string | undefined };
}

export type VerificationResult = Awaited<ReturnType<PermitsService['verify']>>;

export class PermitsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly keys: KeyRing,
  ) {}

  /**
   * What anyone may learn about a permit from its number. Everything shown comes from the signed
   * document, and only when its signature verifies and the row agrees with it: a permit whose
   * columns were edited (a later valid_until, another holder) or whose document was tampered with
   * answers `invalid` with `signatureValid: false` and shows nothing it claims. Expiry is judged
   * from the document's validity; revocation is the region's own later act, kept on the row.
   */
  async verify(tenant: string, number: string, now = new Date()) {
    return (await this.verification(tenant, number, now)).result;
  }

  /** `verify`'s answer, and for the page also the issuing unit's name: from the signed document, and only when it verifies. */
  async verification(tenant: string, number: string, now = new Date()) {
    const p = await this.ctx.db.withTenant(tenant, (trx) => findPermitByNumber(trx, number.trim(), { lock: false }));
    if (!p) throw notFound(number);
    const doc = p.document as PermitDocument;
    const signatureValid = this.keys.verify(tenant, doc, signatureOf(p)) && agrees(p, doc, tenant);
    const category = p.revoked_at ? (p.revoke_category ?? 'other') : null;
    const revoked = {
      revokedAt: p.revoked_at?.toISOString() ?? null,
      revocationCategory: category,
      revocationCategoryLabel: category && CATEGORY_LABEL[category],
    };
    const signature = { kid: p.signature_kid, alg: p.signature_alg };
    if (!signatureValid) {
      const result = {
        status: 'invalid' as const,
        statusLabel: STATUS_LABEL.invalid,
        number: p.number,
        permitType: null,
        region: tenant,
        holder: null,
        issuedAt: null,
        validUntil: null,
        ...revoked,
        legalBasis: null,
        signature,
        signatureValid: false,
      };
      return { result, issuerName: null };
    }
    const status = documentStatus(p, doc, now);
    const result = {
      status,
      statusLabel: STATUS_LABEL[status],
      number: doc.number,
      permitType: { code: doc.permitType.code, name: doc.permitType.name },
      region: doc.region.code,
      holder: maskName(doc.holder.name),
      issuedAt: doc.issuedAt,
      validUntil: doc.validUntil,
      ...revoked,
      legalBasis: doc.legalBasis.kind,
      signature,
      signatureValid: true,
    };
    return { result, issuerName: doc.issuer?.unitName ?? null };
  }

  async pdf(p: PermitRow): Promise<Buffer> {
    const doc = p.document as PermitDocument;
    return renderPermitPdf(doc, signatureOf(p), documentStatus(p, doc, new Date()));
  }

  async revoke(tenant: string, r: Revocation) {
    const { number, category, reason, by } = r;
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const p = await findPermitByNumber(trx, number.trim(), { lock: true });
      if (!p) throw notFound(number);
      const app = await applicationOfPermit(trx, p.application_id);
      if (by.unit !== undefined && app.unit !== by.unit)
        throw kitProblems.forbidden_unit('This permit was issued by another unit.');
      if (p.revoked_at) throw P.already_revoked(`Permit ${p.number} was revoked on ${p.revoked_at.toISOString()}.`);
      const now = new Date();
      await markRevoked(trx, p.id, { at: now, category, reason, by: by.id });
      await appendTimeline(trx, {
        tenant,
        applicationId: app.id,
        actor: by.id,
        actorRole: 'unit',
        action: 'revoke-permit',
        from: app.status,
        to: app.status,
        note: reason,
        details: { permitNumber: p.number, category },
      });
      await this.ctx.outbox.emit(trx, permitRevoked, {
        tenant,
        subject: app.registration_number,
        data: {
          registrationNumber: app.registration_number,
          permitType: app.permit_type,
          unit: app.unit,
          at: now.toISOString(),
          permitNumber: p.number,
          category,
        },
      });
      return { number: p.number, revokedAt: now.toISOString(), category, reason };
    });
  }
}
