/**
 * Staff API: the triage inbox, a post with its raw payload, decisions (each kept as labelled data for
 * the next model), and the volume of posts per account, unit and category over time: the spread over
 * departments the founding story is about.
 */
import { ProblemError, requirePrincipal, requireRoles, unitScopeOf, type App, type Principal } from '@sinergi/service-kit';
import { hashIdentifier, maskName, maskPersonalData, Slug, UnitCode } from '@sinergi/contracts';
import { sql } from 'kysely';
import { z } from 'zod';
import { externalRef, type Ctx, type Intake } from '../posts/intake.js';

const bearer = [{ bearerAuth: [] }];
const NOT_COMPLAINT = 'bukan-aduan';

const PostSummary = z.object({
  id: z.string(),
  channel: z.string(),
  kind: z.string(),
  account: z.string(),
  unit: z.string().nullable(),
  text: z.string(),
  status: z.string(),
  isComplaint: z.boolean().nullable(),
  complaintConfidence: z.number().nullable(),
  category: z.string().nullable(),
  categoryConfidence: z.number().nullable(),
  districtCode: z.string().nullable(),
  receivedAt: z.string(),
  reportTrackingId: z.string().nullable(),
  attachedTo: z.string().nullable(),
});

const PostDetail = PostSummary.extend({
  externalId: z.string(),
  author: z.object({ platformId: z.string(), displayName: z.string().nullable() }),
  address: z.string().nullable(),
  villageCode: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  signals: z.array(z.string()),
  decidedBy: z.string(),
  /** The platform's payload as sent (the original text, ids and names): only for staff handling the post, else null. */
  raw: z.unknown(),
  /** true when ids, author and raw are the platform's own; false when masked and hashed (auditors). */
  unmasked: z.boolean(),
});

/**
 * Who reads a post's personal data (the author's platform id and name, the original text in `raw`):
 * the staff who handle it, i.e. admins and the officers and unit heads of the unit owning the
 * receiving account. Everyone else with read access (auditors) gets masked text and keyed hashes.
 * Decided here only.
 */
export function handlesPost(principal: Principal, post: { unit: string | null }): boolean {
  if (principal.roles.includes('admin')) return true;
  const unitStaff = principal.roles.includes('officer') || principal.roles.includes('unit-head');
  return unitStaff && principal.unit !== undefined && principal.unit === post.unit;
}

type Row = {
  id: string;
  channel: string;
  kind: string;
  account: string;
  unit: string | null;
  masked_text: string;
  status: string;
  is_complaint: boolean | null;
  complaint_confidence: number | null;
  category: string | null;
  category_confidence: number | null;
  district_code: string | null;
  received_at: Date;
  report_tracking_id: string | null;
  attached_to: string | null;
};

const summary = (r: Row) => ({
  id: r.id,
  channel: r.channel,
  kind: r.kind,
  account: r.account,
  unit: r.unit,
  // staff lists show the masked text; the detail view has the original for whoever handles it
  text: r.masked_text,
  status: r.status,
  isComplaint: r.is_complaint,
  complaintConfidence: r.complaint_confidence,
  category: r.category,
  categoryConfidence: r.category_confidence,
  districtCode: r.district_code,
  receivedAt: r.received_at.toISOString(),
  reportTrackingId: r.report_tracking_id,
  attachedTo: r.attached_to,
});

export function staffRoutes(app: App, ctx: Ctx, intake: Intake): void {
  app.get(
    '/v1/triage',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Triage inbox: posts the model was not sure about (officers see their unit’s accounts)',
        security: bearer,
        querystring: z.object({ status: z.enum(['pending', 'complaint', 'not-complaint', 'attached']).default('pending'), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.object({ items: z.array(PostSummary) }) },
      },
    },
    async (request) => {
      const unit = unitScopeOf(requirePrincipal(request));
      const rows = await ctx.db.withTenant(request.tenant, (trx) => {
        let q = trx.selectFrom('post').selectAll().where('status', '=', request.query.status);
        if (unit) q = q.where('unit', '=', unit);
        return q.orderBy('received_at', 'desc').limit(request.query.limit).offset(request.query.offset).execute();
      });
      return { items: rows.map(summary) };
    },
  );

  app.get(
    '/v1/posts/:id',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head', 'auditor'),
      schema: { tags: ['staff'], summary: 'A post; its raw platform payload, ids and author only for the staff handling it (auditors: masked and hashed)', security: bearer, params: z.object({ id: z.uuid() }), response: { 200: PostDetail } },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const unit = unitScopeOf(principal);
      const p = await ctx.db.withTenant(request.tenant, (trx) => trx.selectFrom('post').selectAll().where('id', '=', request.params.id).executeTakeFirst());
      if (!p || (unit && p.unit !== unit)) throw new ProblemError(404, 'post_not_found', 'There is no such post for you in this region.');
      const raw = handlesPost(principal, p);
      const key = ctx.config.IDENTIFIER_HMAC_KEY;
      return {
        ...summary(p),
        externalId: raw ? p.external_id : (p.external_ref ?? externalRef(key, p.channel, p.external_id)),
        author: raw
          ? { platformId: p.author_platform_id, displayName: p.author_name }
          : { platformId: hashIdentifier(`${p.channel}:${p.author_platform_id}`, key), displayName: p.author_name && maskName(p.author_name) },
        address: raw || p.address === null ? p.address : maskPersonalData(p.address),
        villageCode: p.village_code,
        location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
        signals: p.signals as unknown as string[],
        decidedBy: p.decided_by,
        raw: raw ? p.raw : null,
        unmasked: raw,
      };
    },
  );

  app.post(
    '/v1/posts/:id/decision',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Confirm or correct triage: a complaint in a category (handed to complaints) or not a complaint',
        description: 'Every decision is kept as a labelled example for retraining. A post already handed over cannot be handed over twice.',
        security: bearer,
        params: z.object({ id: z.uuid() }),
        body: z.union([z.object({ complaint: z.literal(true), category: Slug }).strict(), z.object({ complaint: z.literal(false) }).strict()]),
        response: { 200: PostSummary },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const unit = unitScopeOf(principal);
      const body = request.body;
      const row = await ctx.db.withTenant(request.tenant, async (trx) => {
        const p = await trx.selectFrom('post').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!p || (unit && p.unit !== unit)) throw new ProblemError(404, 'post_not_found', 'There is no such post for you in this region.');
        if (body.complaint) {
          const profile = ctx.directory.get(request.tenant)!;
          if (!profile.complaintCategories.some((c) => c.code === body.category)) {
            throw new ProblemError(422, 'unknown_category', `${body.category} is not a complaint category of ${profile.name}.`, { errors: [{ in: 'body', field: 'category', message: 'is not a category of this region' }] });
          }
        }
        if (p.status === 'complaint' && !body.complaint) {
          throw new ProblemError(409, 'already_handed_over', 'This post is already a report in complaints; archive the report there instead.');
        }
        await trx.insertInto('label').values({ tenant_id: request.tenant, post_id: p.id, text: p.masked_text, label: body.complaint ? body.category : NOT_COMPLAINT, labeled_by: principal.sub }).execute();
        const handOver = body.complaint && p.status !== 'complaint';
        const updated = await trx
          .updateTable('post')
          .set({
            status: body.complaint ? 'complaint' : 'not-complaint',
            is_complaint: body.complaint,
            category: body.complaint ? body.category : p.category,
            decided_by: principal.sub,
            decided_at: new Date(),
            ...(body.complaint ? { category_confidence: 1, complaint_confidence: 1 } : {}),
          })
          .where('id', '=', p.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (handOver) await intake.handOver(trx, request.tenant, p.id);
        return updated;
      });
      return summary(row);
    },
  );

  app.get(
    '/v1/statistics/volume',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Posts per account, unit or category per day: how the load spreads over departments',
        security: bearer,
        querystring: z.object({
          by: z.enum(['account', 'unit', 'category']).default('unit'),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          unit: UnitCode.optional(),
        }),
        response: { 200: z.object({ by: z.string(), from: z.string(), to: z.string(), rows: z.array(z.object({ day: z.string(), key: z.string().nullable(), posts: z.number(), complaints: z.number() })) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const to = q.to ?? new Date().toISOString().slice(0, 10);
      const from = q.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
      if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000 || from > to) {
        throw new ProblemError(400, 'bad_period', 'The period must run forward and span at most 366 days.');
      }
      const tz = ctx.directory.get(request.tenant)!.timeZone;
      const key = sql.ref(q.by === 'account' ? 'account' : q.by);
      const rows = await ctx.db.withTenant(request.tenant, (trx) =>
        sql<{ day: string; key: string | null; posts: number; complaints: number }>`
          select to_char(received_at at time zone ${tz}, 'YYYY-MM-DD') as day, ${key}::text as key,
                 count(*)::int as posts, count(*) filter (where status in ('complaint', 'attached'))::int as complaints
            from post
           where (received_at at time zone ${tz})::date between ${from}::date and ${to}::date
             ${q.unit ? sql`and unit = ${q.unit}` : sql``}
           group by 1, 2 order by 1, 2`.execute(trx),
      );
      return { by: q.by, from, to, rows: rows.rows };
    },
  );
}
