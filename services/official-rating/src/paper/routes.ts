/** Paper questionnaires: a batch as JSON or as a CSV file, and the audit list of batches. */
import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { paperFormsFromCsv } from './csv.js';
import {
  PAPER_CSV_COLUMNS,
  PaperBatchBody,
  PaperBatchCsvQuery,
  PaperBatchesQuery,
  PaperBatchList,
  PaperBatchOut,
} from './schemas.js';
import { enterPaperBatch, paperBatches } from './use-cases.js';

const bearer = [{ bearerAuth: [] }];
const LIMITS =
  'Limits: the caller’s own unit (admins name one), one service type, one month that has begun and ended at most PAPER_BATCH_MAX_AGE_DAYS ago (default 90), at most PAPER_BATCH_MAX_FORMS forms (default 2,000), and an archive reference used once per unit (409 paper_batch_exists). All or nothing: any bad form refuses the batch, naming every failing row and field.';

export function paperRoutes(app: App, ctx: Ctx): void {
  app.post(
    '/v1/staff/paper-batches',
    {
      config: { idempotent: true },
      schema: {
        tags: ['staff'],
        summary: 'Enter a batch of paper SKM questionnaires (JSON)',
        description: `Each form is counted in the IKM exactly as an online answer, with kind \`paper\`, and among the period’s service users. ${LIMITS}`,
        security: bearer,
        body: PaperBatchBody,
        response: { 201: PaperBatchOut },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await enterPaperBatch(ctx, {
          tenant: request.tenant,
          principal: requirePrincipal(request),
          input: request.body,
        }),
      ),
  );

  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_r, body, done) =>
      done(null, body),
    );
    (scope as App).post(
      '/v1/staff/paper-batches/csv',
      {
        config: { idempotent: true },
        schema: {
          tags: ['staff'],
          summary: 'Enter a batch of paper SKM questionnaires from a CSV file',
          description: `Body: text/csv (UTF-8, header row first) with the columns ${PAPER_CSV_COLUMNS.join(', ')}; a1-a9 are required, the others may be left out or empty (not given). The batch’s unit, service type, month and archive reference are query parameters. Row problems are reported as \`line N: column\`. ${LIMITS}`,
          security: bearer,
          querystring: PaperBatchCsvQuery,
          response: { 201: PaperBatchOut },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const forms = await paperFormsFromCsv(csvBody(request));
        const input = { ...request.query, forms };
        return reply.code(201).send(await enterPaperBatch(ctx, { tenant: request.tenant, principal, input }));
      },
    );
  });

  app.get(
    '/v1/staff/paper-batches',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'The paper batches entered: who entered each, when, from which archive, how many forms',
        description: 'Officers and unit heads see their own unit’s; admins and auditors every unit’s or one.',
        security: bearer,
        querystring: PaperBatchesQuery,
        response: { 200: PaperBatchList },
      },
    },
    async (request) =>
      paperBatches(ctx, { tenant: request.tenant, principal: requirePrincipal(request), ...request.query }),
  );
}

function csvBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw kitProblems.unsupported_media_type('Send the file as text/csv.');
  return request.body;
}
