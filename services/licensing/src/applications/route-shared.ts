/** What the applicant and the staff routes share: the security note, file downloads, the issued permit. */
import type { App, requireRoles } from '@sinergi/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../context.js';
import { signatureOf } from '../permits/service.js';
import type { ReadAccess } from './access.js';
import { issuedPermit } from './read.js';
import { RegParams, SecretHeader, SignedPermitOut } from './schemas.js';

export const bearer = [{ bearerAuth: [] }];

export const sendDocument = (
  reply: FastifyReply,
  doc: { file_name: string; media_type: string; content: Buffer; sha256: string },
) =>
  reply
    .header('content-type', doc.media_type)
    .header('content-disposition', `attachment; filename="${doc.file_name}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('digest', `sha-256=${Buffer.from(doc.sha256, 'hex').toString('base64')}`)
    .send(doc.content);

/** The issued permit (signed JSON and PDF) under `prefix`, for whoever `who` says the caller is. */
export function issuedPermitRoutes(
  app: App,
  ctx: Ctx,
  deps: Deps,
  {
    prefix,
    tag,
    who,
    pre,
  }: {
    prefix: string;
    tag: string;
    who: (request: FastifyRequest) => ReadAccess;
    pre?: ReturnType<typeof requireRoles>;
  },
): void {
  app.get(
    `${prefix}/:registrationNumber/permit`,
    {
      ...(pre ? { preHandler: pre } : {}),
      schema: {
        tags: [tag],
        summary: 'The issued permit as signed JSON',
        params: RegParams,
        headers: SecretHeader,
        response: { 200: SignedPermitOut },
      },
    },
    async (request) => {
      const p = await issuedPermit(ctx, {
        tenant: request.tenant,
        registrationNumber: request.params.registrationNumber,
        who: who(request),
      });
      return {
        document: p.document,
        signature: signatureOf(p),
        canonicalization: 'sorted-keys JSON without whitespace (RFC 8785 for these values)' as const,
      };
    },
  );
  app.get(
    `${prefix}/:registrationNumber/permit.pdf`,
    {
      ...(pre ? { preHandler: pre } : {}),
      schema: {
        tags: [tag],
        summary: 'The issued permit as PDF, with the QR code to its public verification',
        params: RegParams,
        headers: SecretHeader,
      },
    },
    async (request, reply) => {
      const p = await issuedPermit(ctx, {
        tenant: request.tenant,
        registrationNumber: request.params.registrationNumber,
        who: who(request),
      });
      const pdf = await deps.permits.pdf(p);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="izin-${p.number.replace(/[^\w-]+/g, '-')}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
}
