/**
 * The staff API for a citizen's request about their personal data in applications (UU 27/2022): the
 * kit's admin routes, with what licensing keeps, erases and corrects.
 */
import { z } from 'zod';
import { ContactIdentifier, dataSubjectRoutes as kitRoutes, type App } from '@sinergi/service-kit';
import { IndonesianPhone } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import { correctSubject, dataSubjectAudit, eraseSubject, exportSubject, searchSubject } from './use-cases.js';

const CorrectSet = z
  .object({
    phone: IndonesianPhone.optional(),
    email: z.email().max(200).optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), 'name at least one field to correct');

export function dataSubjectRoutes(app: App, ctx: Ctx): void {
  kitRoutes(app, {
    identifier: ContactIdentifier,
    docs: {
      search: [
        'Find the applications of a citizen by phone, e-mail or NIK',
        'Lists the applications, without their data.',
      ],
      export: [
        'Export a citizen’s applications and personal data as JSON (right of access)',
        'A POST, not a GET, so the identifier never appears in a URL.',
      ],
      erase: [
        'Erase a citizen’s contacts and uploaded documents from their decided applications (right of erasure)',
        'Phone, e-mail, NIK and documents go; the name, decision and permit stay (arsip). Open applications are listed, not erased. 404 when nothing matches.',
      ],
      correct: [
        'Correct a citizen’s phone or e-mail on their applications (right of correction)',
        'The name is on the decision and permit: correcting it is an amendment of the decision, not done here. Erased contacts stay erased. 404 when nothing matches.',
      ],
      requests: ['The audit of data subject requests', 'Who, when, why, which applications: no personal data.'],
    },
    search: (input) => searchSubject(ctx, input),
    export: (input) => exportSubject(ctx, input),
    erase: (input) => eraseSubject(ctx, input),
    correct: { set: CorrectSet, run: (input) => correctSubject(ctx, input) },
    requests: (tenant, limit) => dataSubjectAudit(ctx, tenant, limit),
  });
}
