/**
 * The staff API for a citizen's request about their personal data in reports (UU 27/2022): the kit's
 * admin routes, with what complaints keeps, erases and corrects.
 */
import { z } from 'zod';
import { ContactIdentifier, dataSubjectRoutes as kitRoutes, type App } from '@sinergi/service-kit';
import { IndonesianPhone } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import { correctSubject, dataSubjectAudit, eraseSubject, exportSubject, searchSubject } from './use-cases.js';

const CorrectSet = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    phone: IndonesianPhone.optional(),
    email: z.email().max(200).optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), 'name at least one field to correct');

export function dataSubjectRoutes(app: App, ctx: Ctx): void {
  kitRoutes(app, {
    identifier: ContactIdentifier,
    docs: {
      search: ['Find the reports of a citizen by phone, e-mail or NIK', 'Lists the reports, without their data.'],
      export: [
        'Export a citizen’s reports and personal data as JSON (right of access)',
        'A POST, not a GET, so the identifier never appears in a URL.',
      ],
      erase: [
        'Erase a citizen’s personal data from their reports (right of erasure)',
        'Name, phone, e-mail and NIK go; the reports stay anonymous with their text masked. 404 when nothing matches.',
      ],
      correct: [
        'Correct a citizen’s name, phone or e-mail on their reports (right of correction)',
        'Reports already erased stay erased. 404 when nothing matches.',
      ],
      requests: ['The audit of data subject requests', 'Who, when, why, which reports: no personal data.'],
    },
    search: (input) => searchSubject(ctx, input),
    export: (input) => exportSubject(ctx, input),
    erase: (input) => eraseSubject(ctx, input),
    correct: { set: CorrectSet, run: (input) => correctSubject(ctx, input) },
    requests: (tenant, limit) => dataSubjectAudit(ctx, tenant, limit),
  });
}
