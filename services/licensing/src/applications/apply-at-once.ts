/**
 * Applying in one step, as the browser form does: the draft, every document and the submission in
 * one transaction, so a refused document or an incomplete file leaves nothing behind (no orphan
 * draft whose secret the applicant never saw). The same use cases as the JSON API's three calls.
 */
import type { Ctx, Deps } from '../context.js';
import { actIn, createIn, uploadIn, type NewApplication, type UploadedDocument } from './applicant-actions.js';

export const applyAtOnce = (
  ctx: Ctx,
  deps: Pick<Deps, 'keys'>,
  c: NewApplication & { documents: readonly UploadedDocument[] },
) =>
  ctx.db.withTenant(c.tenant, async (trx) => {
    const created = await createIn(trx, ctx, c);
    const target = {
      tenant: c.tenant,
      registrationNumber: created.registrationNumber,
      access: { secret: created.secret, sub: c.sub ?? undefined },
    };
    for (const d of c.documents) await uploadIn(trx, target, d);
    const view = await actIn(trx, ctx, deps, { ...target, action: 'submit' });
    return { ...created, status: view.status };
  });
