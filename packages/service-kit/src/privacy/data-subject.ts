/**
 * A citizen's request about their personal data (UU 27/2022 Art. 6-8: access, correction, erasure),
 * handled by an admin at the desk after checking who the citizen is. The plumbing every service that
 * keeps citizens' data shares lives here: the audit table, the identifier a citizen gives at the desk
 * and how it is matched, the transaction that finds the person's records, acts and audits, and the
 * admin routes. What a service keeps, erases or corrects stays in the service.
 *
 * Identifiers travel only in request bodies (never a URL, which proxies and logs keep) and are never
 * stored or answered back; the audit row says who, when, why, which records and which fields, never the
 * person's data, and the reason is stored masked in case staff typed a number into it.
 */
import { sql, type ColumnType, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { hashNik, maskPersonalData, Nik, normalizePhone } from '@sinergi/contracts';
import { enableTenantRls } from '../db/migrate.js';
import type { App } from '../http/app.js';
import { requirePrincipal, requireRoles } from '../http/auth.js';
import type { ProblemError } from '../http/problem.js';
import type { ProblemOptions } from '../problems/catalogue.js';

export const DATA_SUBJECT_ACTIONS = ['search', 'export', 'erase', 'correct'] as const;
export type DataSubjectAction = (typeof DATA_SUBJECT_ACTIONS)[number];

/** The audit table's row as the services' Kysely schemas declare it. */
export interface DataSubjectRequestRow {
  id: string;
  action: DataSubjectAction;
  identifier_kind: string;
  actor: string;
  at: Date;
  reason: string;
  records: string[];
  fields: string[];
}

/** The migration step that creates the audit table behind row-level security. */
export async function createDataSubjectRequestTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_subject_request (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null,
      action text not null check (action in ('search', 'export', 'erase', 'correct')),
      identifier_kind text not null,
      actor text not null,
      at timestamptz not null default now(),
      reason text not null,
      records jsonb not null,
      fields jsonb not null default '[]'
    )`.execute(db);
  await sql`create index data_subject_request_at on data_subject_request (tenant_id, at desc)`.execute(db);
  await enableTenantRls(db, 'data_subject_request');
}

// the audit table is the same in every service database; its name and columns come from this file
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

/** What the admin gives for every request: the citizen's identifier and why. */
export interface SubjectInput<I> {
  tenant: string;
  actor: string;
  identifier: I;
  reason: string;
}

export interface Audited<T> {
  result: T;
  /** The records the action touched, when not every record found. */
  records?: string[];
  fields?: string[];
}

export interface SubjectRequestOptions<I, R> {
  action: DataSubjectAction;
  /** How the identifier is named in the audit: its kind, never its value. */
  kindOf: (identifier: I) => string;
  /** The person's records, locked against a concurrent erasure, correction or retention job. */
  find: (trx: AnyTrx) => Promise<R[]>;
  /** How a record is named in the audit (tracking number, registration number, post id). */
  recordId: (record: R) => string;
  /** Thrown when an erasure or a correction finds nothing. */
  notFound: () => ProblemError;
}

/**
 * Finds the person's records, runs `act` on them and writes the audit row, all in the one tenant
 * transaction `trx`: an action that fails leaves neither its change nor its audit.
 */
export async function auditedSubjectRequest<I, R, T>(
  trx: AnyTrx,
  input: SubjectInput<I>,
  opts: SubjectRequestOptions<I, R>,
  act: (records: R[]) => Promise<Audited<T>>,
): Promise<T & { requestId: string }> {
  const records = await opts.find(trx);
  if ((opts.action === 'erase' || opts.action === 'correct') && records.length === 0) throw opts.notFound();
  const done = await act(records);
  const audit = await (trx as Transaction<{ data_subject_request: AuditInsert }>)
    .insertInto('data_subject_request')
    .values({
      tenant_id: input.tenant,
      action: opts.action,
      identifier_kind: opts.kindOf(input.identifier),
      actor: input.actor,
      reason: maskPersonalData(input.reason),
      records: JSON.stringify(done.records ?? records.map(opts.recordId)),
      fields: JSON.stringify(done.fields ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { requestId: audit.id, ...done.result };
}

interface AuditInsert {
  id: ColumnType<string, never, never>;
  tenant_id: string;
  action: string;
  identifier_kind: string;
  actor: string;
  reason: string;
  records: string;
  fields: string;
}

/** The audit for auditors and admins: actions, not people. */
export async function listDataSubjectRequests(trx: AnyTrx, limit: number) {
  const rows = (await trx
    .selectFrom('data_subject_request')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()) as DataSubjectRequestRow[];
  return rows.map((a) => ({
    requestId: a.id,
    action: a.action,
    identifierKind: a.identifier_kind,
    actor: a.actor,
    at: a.at.toISOString(),
    reason: a.reason,
    records: a.records,
    fields: a.fields,
  }));
}

export const CONTACT_KINDS = ['phone', 'email', 'nik'] as const;

/** A contact a citizen gave when they submitted (phone, e-mail or NIK), as they give it at the desk. */
export const ContactIdentifier = z.object({
  kind: z.enum(CONTACT_KINDS).describe('What the citizen gave at the desk'),
  value: z.string().min(1).max(200).describe('The value itself: never logged, never stored, never answered back'),
});
export type ContactIdentifier = z.infer<typeof ContactIdentifier>;

export interface ContactMatch<P extends string> {
  column: `${P}_phone` | `${P}_email` | `${P}_nik_hash`;
  value: string;
}

/**
 * The contact normalised the way submission stored it (E.164 phone, lower-case e-mail, HMAC of the
 * NIK), with the column it is compared with: `<prefix>_phone`, `<prefix>_email`, `<prefix>_nik_hash`.
 * Pure: the raw value never leaves except as the stored form, and a refusal never repeats it.
 */
export function contactMatch<P extends string>(
  identifier: ContactIdentifier,
  opts: { prefix: P; nikKey: string; refuse: (message: string) => ProblemError },
): ContactMatch<P> {
  const value = identifier.value.trim();
  switch (identifier.kind) {
    case 'phone':
      try {
        return { column: `${opts.prefix}_phone`, value: normalizePhone(value) };
      } catch {
        throw opts.refuse('not an Indonesian mobile number');
      }
    case 'email':
      if (!z.email().safeParse(value).success) throw opts.refuse('not an e-mail address');
      return { column: `${opts.prefix}_email`, value: value.toLowerCase() };
    case 'nik':
      if (!Nik.safeParse(value).success) throw opts.refuse('not a valid 16-digit NIK');
      return { column: `${opts.prefix}_nik_hash`, value: hashNik(value, opts.nikKey) };
  }
}

export interface ContactSubjectOptions<P extends string, R, Trx extends AnyTrx> {
  /** The stored columns' prefix: `reporter` for `reporter_phone`, `reporter_email`, `reporter_nik_hash`. */
  prefix: P;
  /** The service's `invalid_identifier` and `data_subject_not_found` problems. */
  invalid: (detail: string, options: ProblemOptions) => ProblemError;
  notFound: () => ProblemError;
  find: (trx: Trx, match: ContactMatch<P>) => Promise<R[]>;
  recordId: (record: R) => string;
}

interface ContactSubjectCtx<Trx> {
  db: { withTenant: <T>(tenant: string, fn: (trx: Trx) => Promise<T>) => Promise<T> };
  config: { NIK_HMAC_KEY: string };
}

/**
 * The request handler of a service that finds a citizen by the contacts they gave (phone, e-mail,
 * NIK): the identifier is matched before the transaction opens, then `auditedSubjectRequest`.
 */
export function contactSubjectRequests<P extends string, R, Trx extends AnyTrx>(
  opts: ContactSubjectOptions<P, R, Trx>,
) {
  return <T>(
    ctx: ContactSubjectCtx<Trx>,
    input: SubjectInput<ContactIdentifier>,
    action: DataSubjectAction,
    act: (trx: Trx, records: R[]) => Promise<Audited<T>>,
  ) => {
    const match = contactMatch(input.identifier, {
      prefix: opts.prefix,
      nikKey: ctx.config.NIK_HMAC_KEY,
      refuse: (message) =>
        opts.invalid('The identifier given does not have the form of its kind.', {
          errors: [{ in: 'body', field: 'identifier.value', message }],
        }),
    });
    return ctx.db.withTenant(input.tenant, (trx) =>
      auditedSubjectRequest(
        trx,
        input,
        {
          action,
          kindOf: (identifier) => identifier.kind,
          find: () => opts.find(trx, match),
          recordId: opts.recordId,
          notFound: opts.notFound,
        },
        (records) => act(trx, records),
      ),
    );
  };
}

const Reason = z
  .string()
  .trim()
  .min(5)
  .max(500)
  .describe('Why: the desk request and how the citizen’s identity was checked (stored masked, audited)');
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

type Doc = readonly [summary: string, description: string];

export interface DataSubjectRoutesOptions<I extends z.ZodType, S extends z.ZodType> {
  identifier: I;
  /** Each route's summary and description in the OpenAPI document. */
  docs: { search: Doc; export: Doc; erase: Doc; correct?: Doc; requests: Doc };
  search: (input: SubjectInput<z.infer<I>>) => Promise<unknown>;
  export: (input: SubjectInput<z.infer<I>>) => Promise<unknown>;
  erase: (input: SubjectInput<z.infer<I>>) => Promise<unknown>;
  /** Where correction applies: what may be set, and the action. */
  correct?: { set: S; run: (input: SubjectInput<z.infer<I>> & { set: z.infer<S> }) => Promise<unknown> };
  requests: (tenant: string, limit: number) => Promise<unknown[]>;
}

/** The admin API under `/v1/admin/data-subject/`: admins act, admins and auditors read the audit. */
export function dataSubjectRoutes<I extends z.ZodType, S extends z.ZodType>(
  app: App,
  opts: DataSubjectRoutesOptions<I, S>,
): void {
  const SubjectBody = z.object({ identifier: opts.identifier, reason: Reason });
  type Body = { identifier: z.infer<I>; reason: string };
  const doc = ([summary, description]: Doc) => ({
    tags: ['data-subject'],
    summary,
    description,
    security: [{ bearerAuth: [] }],
  });
  const input = (request: { tenant: string; body: unknown }) => {
    const body = request.body as Body;
    return {
      tenant: request.tenant,
      actor: requirePrincipal(request as Parameters<typeof requirePrincipal>[0]).sub,
      identifier: body.identifier,
      reason: body.reason,
    };
  };
  const admin = { preHandler: requireRoles('admin') };
  const body = { body: SubjectBody };
  app.post('/v1/admin/data-subject/search', { ...admin, schema: { ...doc(opts.docs.search), ...body } }, (request) =>
    opts.search(input(request)),
  );
  app.post(
    '/v1/admin/data-subject/export',
    { ...admin, schema: { ...doc(opts.docs.export), ...body } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return opts.export(input(request));
    },
  );
  app.post('/v1/admin/data-subject/erase', { ...admin, schema: { ...doc(opts.docs.erase), ...body } }, (request) =>
    opts.erase(input(request)),
  );
  const correct = opts.correct;
  if (correct && opts.docs.correct)
    app.patch(
      '/v1/admin/data-subject/correct',
      { ...admin, schema: { ...doc(opts.docs.correct), body: SubjectBody.extend({ set: correct.set }) } },
      (request) => correct.run({ ...input(request), set: (request.body as { set: z.infer<S> }).set }),
    );
  app.get(
    '/v1/admin/data-subject/requests',
    { preHandler: requireRoles('admin', 'auditor'), schema: { ...doc(opts.docs.requests), querystring: AuditQuery } },
    async (request) => ({
      requests: await opts.requests(request.tenant, (request.query as z.infer<typeof AuditQuery>).limit),
    }),
  );
}
