/**
 * A citizen's request about their personal data (UU 27/2022 Art. 6-8: access, correction, erasure),
 * handled by an admin at the desk after checking who the citizen is. Each action is one tenant
 * transaction that also writes its audit row: who, when, why, which reports, which fields, never the
 * person's data (the reason is stored masked in case staff typed a number into it).
 */
import { maskPersonalData } from '@sinergi/contracts';
import {
  contactSubjectRequests,
  listDataSubjectRequests,
  type ContactIdentifier,
  type SubjectInput,
} from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { correctReporter, eraseReporter, findSubjectReports, timelineOf } from './repository.js';

type Input = SubjectInput<ContactIdentifier>;
type Reports = Awaited<ReturnType<typeof findSubjectReports>>;

/** Finds the person's reports, runs an action on them and audits it, all in one transaction. */
const handle = contactSubjectRequests({
  prefix: 'reporter',
  invalid: P.invalid_identifier,
  notFound: () => P.data_subject_not_found('No report in this region carries the identifier given.'),
  find: (trx: Trx, match) => findSubjectReports(trx, match),
  recordId: (r: Reports[number]) => r.tracking_id,
});

const summary = (r: Reports[number]) => ({
  trackingId: r.tracking_id,
  status: r.status,
  category: r.category,
  channel: r.channel,
  submittedAt: r.submitted_at.toISOString(),
  reporterErasedAt: r.reporter_erased_at?.toISOString() ?? null,
});

export const searchSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'search', async (_trx, reports) => ({ result: { reports: reports.map(summary) } }));

export const exportSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'export', async (trx, reports) => {
    const timeline = await timelineOf(
      trx,
      reports.map((r) => r.id),
    );
    return {
      result: {
        exportedAt: new Date().toISOString(),
        reports: reports.map((r) => ({
          ...summary(r),
          type: r.type,
          title: r.title,
          description: r.description,
          address: r.address,
          location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
          receivedAt: r.received_at.toISOString(),
          closedAt: r.closed_at?.toISOString() ?? null,
          anonim: r.anonim,
          rahasia: r.rahasia,
          reporter: {
            name: r.reporter_name,
            phone: r.reporter_phone,
            email: r.reporter_email,
            nik: r.reporter_nik_masked,
          },
          timeline: timeline
            .filter((t) => t.report_id === r.id)
            .map((t) => ({ at: t.at.toISOString(), action: t.action, status: t.to_status, note: t.note })),
        })),
      },
    };
  });

/** The report stays (the region's record of the complaint and its statistics); who made it goes. */
export const KEPT_ON_ERASURE =
  'The reports stay as the region’s record of the complaints (category, place, deadlines, timeline, statistics), anonymous, with phone numbers, e-mail addresses and NIKs in their text masked and without their photos.';

export const eraseSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'erase', async (trx, reports) => {
    for (const r of reports) {
      await eraseReporter(trx, r.id, {
        title: maskPersonalData(r.title),
        description: maskPersonalData(r.description),
      });
    }
    return {
      result: { erased: reports.map((r) => r.tracking_id), kept: KEPT_ON_ERASURE },
      fields: ['reporter_name', 'reporter_phone', 'reporter_email', 'reporter_nik', 'title', 'description', 'photos'],
    };
  });

export interface Correction {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export const correctSubject = (ctx: Ctx, input: Input & { set: Correction }) =>
  handle(ctx, input, 'correct', async (trx, reports) => {
    const set = {
      ...(input.set.name === undefined ? {} : { reporter_name: input.set.name }),
      ...(input.set.phone === undefined ? {} : { reporter_phone: input.set.phone }),
      ...(input.set.email === undefined ? {} : { reporter_email: input.set.email.toLowerCase() }),
    };
    // an erased report stays erased: a correction must not bring a person back to it
    const open = reports.filter((r) => r.reporter_erased_at === null);
    if (open.length > 0)
      await correctReporter(
        trx,
        open.map((r) => r.id),
        set,
      );
    const fields = Object.keys(set);
    return {
      result: { corrected: open.map((r) => r.tracking_id), fields },
      records: open.map((r) => r.tracking_id),
      fields,
    };
  });

/** The audit for auditors and admins: actions, not people. */
export const dataSubjectAudit = (ctx: Ctx, tenant: string, limit: number) =>
  ctx.db.withTenant(tenant, (trx) => listDataSubjectRequests(trx, limit));
