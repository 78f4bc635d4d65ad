/** The SQL of applications, their documents and timeline: each takes the transaction first and never opens one. */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { ApplicationRow, ApplicationTable, DocumentTable, Trx } from '../db/schema.js';
import { CLOCK_RUNNING, type ApplicationStatus } from './workflow.js';

export const findApplication = async (
  trx: Trx,
  registrationNumber: string,
  opts: { lock: boolean },
): Promise<ApplicationRow | undefined> => {
  const q = trx.selectFrom('application').selectAll().where('registration_number', '=', registrationNumber);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
};

/** The id of an application by its registration number (the rating invitation's owner). */
export const findApplicationId = async (trx: Trx, registrationNumber: string): Promise<string | undefined> =>
  (
    await trx
      .selectFrom('application')
      .select('id')
      .where('registration_number', '=', registrationNumber)
      .executeTakeFirst()
  )?.id;

/** Inserts a draft under `registrationNumber`; undefined when the number is taken (the caller draws again). */
export const insertApplication = (trx: Trx, values: Insertable<ApplicationTable>) =>
  trx
    .insertInto('application')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'registration_number']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateApplication = (trx: Trx, id: string, set: Updateable<ApplicationTable>) =>
  trx.updateTable('application').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const touchApplication = async (trx: Trx, id: string) => {
  await sql`update application set updated_at = now() where id = ${id}`.execute(trx);
};

/** The applicant's own applications, newest first. */
export const listByApplicant = (trx: Trx, sub: string) =>
  trx
    .selectFrom('application')
    .selectAll()
    .where('applicant_sub', '=', sub)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();

export interface StaffListFilter {
  unit: string | undefined;
  status?: ApplicationStatus | undefined;
  permitType?: string | undefined;
  limit: number;
  offset: number;
}

/** Submitted applications (never drafts), the nearest deadline first, whichever clock runs: the registration check or the decision. */
export const listForStaff = (trx: Trx, f: StaffListFilter) => {
  let query = trx.selectFrom('application').selectAll().where('status', '!=', 'draft');
  if (f.unit) query = query.where('unit', '=', f.unit);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.permitType) query = query.where('permit_type', '=', f.permitType);
  return (
    query
      // the deadline the office works to: the registration check, an objection's answer, or the decision
      .orderBy(
        sql`coalesce(case when status = 'submitted' then completeness_due when status = 'objected' then objection_due end, decision_due)`,
        (ob) => ob.asc().nullsLast(),
      )
      .orderBy('created_at')
      .limit(f.limit)
      .offset(f.offset)
      .execute()
  );
};

export interface TimelineEntry {
  tenant: string;
  applicationId: string;
  /** Who: a token subject, `applicant` or `system`. */
  actor: string;
  /** The workflow actor they acted as. */
  actorRole: string;
  action: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  note: string | null;
  details: unknown;
}

export const appendTimeline = async (trx: Trx, e: TimelineEntry) => {
  await trx
    .insertInto('application_timeline')
    .values({
      tenant_id: e.tenant,
      application_id: e.applicationId,
      actor: e.actor,
      actor_role: e.actorRole,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      note: e.note,
      details: e.details === null ? null : JSON.stringify(e.details),
    })
    .execute();
};

export const timelineOf = (trx: Trx, applicationId: string) =>
  trx
    .selectFrom('application_timeline')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('at')
    .orderBy('id')
    .execute();

/** When the file was last returned for completion. */
export const lastReturnAt = async (trx: Trx, applicationId: string): Promise<Date | undefined> =>
  (
    await trx
      .selectFrom('application_timeline')
      .select('at')
      .where('application_id', '=', applicationId)
      .where('action', '=', 'return')
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.at;

const DOCUMENT_META = [
  'id',
  'requirement',
  'version',
  'file_name',
  'media_type',
  'size_bytes',
  'sha256',
  'uploaded_at',
] as const;

export const documentsOf = (trx: Trx, applicationId: string) =>
  trx
    .selectFrom('application_document')
    .select(DOCUMENT_META)
    .where('application_id', '=', applicationId)
    .orderBy('requirement')
    .orderBy('version')
    .execute();

/** The requirements with an upload, optionally only those uploaded after `since`. */
export const uploadedRequirements = async (trx: Trx, applicationId: string, since?: Date): Promise<Set<string>> => {
  let q = trx
    .selectFrom('application_document')
    .select('requirement')
    .distinct()
    .where('application_id', '=', applicationId);
  if (since) q = q.where('uploaded_at', '>', since);
  return new Set((await q.execute()).map((d) => d.requirement));
};

export const lastDocumentVersion = async (trx: Trx, applicationId: string, requirement: string): Promise<number> =>
  (
    await trx
      .selectFrom('application_document')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('application_id', '=', applicationId)
      .where('requirement', '=', requirement)
      .executeTakeFirst()
  )?.v ?? 0;

export const insertDocument = (trx: Trx, values: Insertable<DocumentTable>) =>
  trx.insertInto('application_document').values(values).returning(DOCUMENT_META).executeTakeFirstOrThrow();

export const findDocument = (trx: Trx, applicationId: string, documentId: string) =>
  trx
    .selectFrom('application_document')
    .select(['file_name', 'media_type', 'content', 'sha256'])
    .where('application_id', '=', applicationId)
    .where('id', '=', documentId)
    .executeTakeFirst();

/** The application holding a payment reference. */
export const findByPaymentReference = (trx: Trx, paymentReference: string) =>
  trx
    .selectFrom('application')
    .select('registration_number')
    .where('payment_reference', '=', paymentReference)
    .executeTakeFirst();

/** Counts a failed deemed grant on the row, with its back-off. */
export const recordGrantFailure = async (
  trx: Trx,
  id: string,
  f: { failures: number; retryAt: Date; error: string },
) => {
  await trx
    .updateTable('application')
    .set({ grant_failures: f.failures, grant_retry_at: f.retryAt, grant_last_error: f.error })
    .where('id', '=', id)
    .execute();
};

/**
 * Claims the submitted file whose registration check ran out first, skipping `except` and rows
 * another replica holds (FOR UPDATE SKIP LOCKED); served by the partial index
 * application_completeness_due_by_tenant.
 */
export const claimCompletenessDue = async (
  trx: Trx,
  q: { tenant: string; now: Date; except: string[] },
): Promise<ApplicationRow | undefined> =>
  (
    await sql<ApplicationRow>`
      select * from application
       where tenant_id = ${q.tenant} and status = 'submitted' and completeness_due <= ${q.now}
         ${q.except.length ? sql`and id not in (${sql.join(q.except)})` : sql``}
       order by completeness_due
       limit 1
       for update skip locked`.execute(trx)
  ).rows[0];

/**
 * Claims the overdue undecided application due first whose grant is not backing off, skipping rows
 * another replica holds; the partial index application_decision_due_by_tenant serves it (the
 * benchmark prints its plan).
 */
export const claimDecisionDue = async (
  trx: Trx,
  q: { tenant: string; now: Date },
): Promise<ApplicationRow | undefined> =>
  (
    await sql<ApplicationRow>`
      select * from application
       where tenant_id = ${q.tenant} and status in (${sql.join(CLOCK_RUNNING)}) and decision_due <= ${q.now}
         and (grant_retry_at is null or grant_retry_at <= ${q.now})
       order by decision_due
       limit 1
       for update skip locked`.execute(trx)
  ).rows[0];

/** The deadlines of the follow-up sweeps: a returned file's reminder and lapse, an objection's decision. */
export type FollowUpDue = 'return_remind_at' | 'return_due' | 'objection_due';
const FOLLOW_UP_STATUS: Record<FollowUpDue, ApplicationStatus> = {
  return_remind_at: 'returned',
  return_due: 'returned',
  objection_due: 'objected',
};

/**
 * Claims the application whose `column` deadline passed first, in the status that deadline
 * belongs to, skipping `except` and rows another replica holds (FOR UPDATE SKIP LOCKED); each is
 * served by its partial index (migration 005). The step taken clears the column or leaves the
 * status in the same transaction, so it is taken once however many replicas sweep.
 */
export const claimFollowUpDue = async (
  trx: Trx,
  q: { tenant: string; now: Date; column: FollowUpDue; except: string[] },
): Promise<ApplicationRow | undefined> =>
  (
    await sql<ApplicationRow>`
      select * from application
       where tenant_id = ${q.tenant} and status = ${FOLLOW_UP_STATUS[q.column]} and ${sql.ref(q.column)} <= ${q.now}
         ${q.except.length ? sql`and id not in (${sql.join(q.except)})` : sql``}
       order by ${sql.ref(q.column)}
       limit 1
       for update skip locked`.execute(trx)
  ).rows[0];
