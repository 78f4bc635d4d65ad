/**
 * The staff API for a citizen's request about the personal data in their posts (UU 27/2022): the
 * kit's admin routes, with what social-intake keeps and erases. Correction does not apply: the
 * author's name and id are what the platform sent, not something the citizen gave us.
 */
import { dataSubjectRoutes as kitRoutes, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { Identifier } from './identifier.js';
import { dataSubjectAudit, eraseSubject, exportSubject, searchSubject } from './use-cases.js';

export function dataSubjectRoutes(app: App, ctx: Ctx): void {
  kitRoutes(app, {
    identifier: Identifier,
    docs: {
      search: ['Find a citizen’s posts by phone or platform id', 'Lists the posts, without their data.'],
      export: [
        'Export a citizen’s posts and personal data as JSON (right of access)',
        'A POST, so the identifier never appears in a URL.',
      ],
      erase: [
        'Erase the personal data in a citizen’s posts (right of erasure)',
        'Author, thread, unmasked text and raw payload go; the posts stay with their masked text. 404 when nothing matches.',
      ],
      requests: ['The audit of data subject requests', 'Who, when, why, which posts: no personal data.'],
    },
    search: (input) => searchSubject(ctx, input),
    export: (input) => exportSubject(ctx, input),
    erase: (input) => eraseSubject(ctx, input),
    requests: (tenant, limit) => dataSubjectAudit(ctx, tenant, limit),
  });
}
