/** Reading, verifying and revoking issued permits. */
import { maskName, permitRevoked } from '@sinergi/contracts';
import { problems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { PermitRow } from '../db/schema.js';
import { permitStatus } from '../applications/views.js';
import type { PermitDocument } from './document.js';
import { renderPermitPdf } from './pdf.js';
import type { KeyRing, Signature } from './signing.js';

const notFound = (number: string) => problems.notFound('permit_not_found', `There is no permit ${number} in this region.`);

export const signatureOf = (p: PermitRow): Signature => ({ kid: p.signature_kid, alg: p.signature_alg as Signature['alg'], value: p.signature });

export class PermitsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly keys: KeyRing,
  ) {}

  /** What anyone may learn about a permit from its number: status, dates, masked holder, and whether the stored document's signature verifies. */
  async verify(tenant: string, number: string, now = new Date()) {
    const p = await this.ctx.db.withTenant(tenant, (trx) => trx.selectFrom('permit').selectAll().where('number', '=', number.trim()).executeTakeFirst());
    if (!p) throw notFound(number);
    const doc = p.document as PermitDocument;
    const signatureValid = this.keys.verify(tenant, doc, signatureOf(p));
    const status = permitStatus(p, now);
    return {
      status,
      statusLabel: { active: 'Dokumen aktif', revoked: 'Dicabut', expired: 'Kedaluwarsa' }[status],
      number: p.number,
      permitType: { code: p.permit_type, name: String((doc.permitType as { name?: unknown } | undefined)?.name ?? p.permit_type) },
      region: tenant,
      holder: maskName(p.holder_name),
      issuedAt: p.issued_at.toISOString(),
      validUntil: p.valid_until?.toISOString() ?? null,
      revokedAt: p.revoked_at?.toISOString() ?? null,
      revokeReason: p.revoke_reason,
      legalBasis: p.legal_basis,
      signature: { kid: p.signature_kid, alg: p.signature_alg },
      signatureValid,
    };
  }

  async pdf(p: PermitRow): Promise<Buffer> {
    return renderPermitPdf(p.document as PermitDocument, signatureOf(p), permitStatus(p, new Date()));
  }

  async revoke(tenant: string, number: string, reason: string, by: { id: string; unit: string | undefined }) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const p = await trx.selectFrom('permit').selectAll().where('number', '=', number.trim()).forUpdate().executeTakeFirst();
      if (!p) throw notFound(number);
      const app = await trx.selectFrom('application').select(['id', 'registration_number', 'unit', 'permit_type', 'status']).where('id', '=', p.application_id).executeTakeFirstOrThrow();
      if (by.unit !== undefined && app.unit !== by.unit) throw problems.forbidden('forbidden_unit', 'This permit was issued by another unit.');
      if (p.revoked_at) throw problems.conflict('already_revoked', `Permit ${p.number} was revoked on ${p.revoked_at.toISOString()}.`);
      const now = new Date();
      await trx.updateTable('permit').set({ revoked_at: now, revoke_reason: reason, revoked_by: by.id }).where('id', '=', p.id).execute();
      await trx
        .insertInto('application_timeline')
        .values({ tenant_id: tenant, application_id: app.id, actor: by.id, actor_role: 'unit', action: 'revoke-permit', from_status: app.status, to_status: app.status, note: reason, details: JSON.stringify({ permitNumber: p.number }) })
        .execute();
      await this.ctx.outbox.emit(trx, permitRevoked, {
        tenant,
        subject: app.registration_number,
        data: { registrationNumber: app.registration_number, permitType: app.permit_type, unit: app.unit, at: now.toISOString(), permitNumber: p.number },
      });
      return { number: p.number, revokedAt: now.toISOString(), reason };
    });
  }
}
