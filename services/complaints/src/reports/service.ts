/**
 * Use cases of a report: submit, act on it, read it. Each runs in one tenant transaction that also
 * writes the timeline and the outbox, so state, history and events never disagree.
 */
import {
  distanceMeters,
  findCategory,
  isInIndonesiaBounds,
  findUnit,
  hashNik,
  maskNik,
  reportClosed,
  reportDisposed,
  reportFollowedUp,
  reportPrivacyChanged,
  reportStatusChanged,
  reportSubmitted,
  reportSupported,
  type ReportChannel,
  type ReportStatus,
  type ReportType,
} from '@sinergi/contracts';
import { problems, ProblemError, type ServiceContext } from '@sinergi/service-kit';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { ComplaintsConfig } from '../config.js';
import type { Attachment, ComplaintsDB, ReportTable, Trx } from '../db/schema.js';
import { autoCloseDue, dispositionDue, followUpDue } from '../deadlines/rules.js';
import { hashSecret, newSecret, newTrackingId, normalizeTrackingId, secretMatches } from './identifiers.js';
import { reportView, type Reader, type ReportRow } from './views.js';
import { decide, FINAL_STATUSES, OPEN_STATUSES, type Action, type Actor } from './workflow.js';

export type Ctx = ServiceContext<ComplaintsDB, ComplaintsConfig>;

export interface SubmitInput {
  type: ReportType;
  category: string;
  title: string;
  description: string;
  location?: { lat: number; lon: number } | undefined;
  address?: string | undefined;
  districtCode?: string | undefined;
  villageCode?: string | undefined;
  attachments?: Attachment[] | undefined;
  reporter?: { name?: string | undefined; phone?: string | undefined; email?: string | undefined; nik?: string | undefined } | undefined;
  anonim: boolean;
  rahasia: boolean;
  channel: ReportChannel;
  source?: { system: string; id: string; url?: string | undefined } | undefined;
  open311Token?: string | undefined;
}

export interface Submitted {
  trackingId: string;
  secret: string;
  status: ReportStatus;
  /** The open report this one now supports, when it was a nearby duplicate (and the target is public). */
  supporting: string | null;
  dispositionDue: string;
  /** True when the same source reference had already made a report (an intake redelivery). */
  existing: boolean;
}

export interface Caller {
  kind: Actor;
  /** The token subject, `reporter` or `system`: who goes on the timeline. */
  id: string;
  unit?: string | undefined;
}

export interface ActionInput {
  note?: string | undefined;
  unit?: string | undefined;
  reason?: 'spam' | 'duplicate' | 'out-of-scope' | undefined;
  forwardedTo?: string | undefined;
  resolution?: string | undefined;
  photos?: Attachment[] | undefined;
}

const BOX_DEGREES_PER_METER = 1 / 111_000;

/** A wrong secret is 403, except on a rahasia report: without its secret, it does not exist (404). */
const wrongSecret = (row: Pick<ReportRow, 'rahasia'>, trackingId: string) =>
  row.rahasia
    ? problems.notFound('report_not_found', `There is no report ${trackingId} in this region.`)
    : new ProblemError(403, 'wrong_secret', 'The secret does not match this report.');

export class ReportsService {
  constructor(private readonly ctx: Ctx) {}

  /** Region-level checks of a submission against the directory; all failures at once. */
  #validateAgainstDirectory(tenant: string, input: SubmitInput) {
    const profile = this.ctx.directory.get(tenant)!;
    const errors: { in: string; field: string; message: string }[] = [];
    const category = findCategory(profile, input.category);
    if (!category) errors.push({ in: 'body', field: 'category', message: `is not a complaint category of ${profile.name}` });
    if (input.location && !isInIndonesiaBounds(input.location)) {
      errors.push({ in: 'body', field: 'location', message: 'is outside Indonesia (check the signs and the order of lat and lon)' });
    }
    if (input.districtCode && !input.districtCode.startsWith(`${tenant}.`)) {
      errors.push({ in: 'body', field: 'districtCode', message: `is not a kecamatan of ${profile.name}` });
    }
    if (input.villageCode && !input.villageCode.startsWith(`${input.districtCode ?? tenant}.`)) {
      errors.push({ in: 'body', field: 'villageCode', message: input.districtCode ? 'is not in the given kecamatan' : `is not a kelurahan of ${profile.name}` });
    }
    if (errors.length > 0) throw problems.unprocessable('invalid_report', 'The report does not fit this region.', errors);
    return { profile, category: category! };
  }

  async submit(tenant: string, input: SubmitInput, caller: Caller): Promise<Submitted> {
    return this.ctx.db.withTenant(tenant, (trx) => this.submitInTransaction(trx, tenant, input, caller));
  }

  /** The body of `submit`, for callers that already hold the tenant transaction (the intake consumer). */
  async submitInTransaction(trx: Trx, tenant: string, input: SubmitInput, caller: Caller): Promise<Submitted> {
    const { category } = this.#validateAgainstDirectory(tenant, input);
    const secret = newSecret();
    const now = new Date();
    const due = dispositionDue(now, this.ctx.calendar(tenant));
    const nik = input.reporter?.nik;
    if (input.source) {
      const existing = await trx
        .selectFrom('report')
        .select(['tracking_id', 'status', 'disposition_due'])
        .where('source_system', '=', input.source.system)
        .where('source_id', '=', input.source.id)
        .executeTakeFirst();
      if (existing) {
        return { trackingId: existing.tracking_id, secret: '', status: existing.status, supporting: null, dispositionDue: existing.disposition_due.toISOString(), existing: true };
      }
    }
    const target = input.location && !input.rahasia ? await this.#findSupportTarget(trx, input.category, input.location, category.duplicateRadiusMeters) : undefined;
    const status: ReportStatus = target ? 'supporting' : 'submitted';
    const values = {
      tenant_id: tenant,
      secret_hash: hashSecret(secret),
      open311_token: input.open311Token ?? null,
      type: input.type,
      category: input.category,
      title: input.title,
      description: input.description,
      lat: input.location?.lat ?? null,
      lon: input.location?.lon ?? null,
      address: input.address ?? null,
      district_code: input.districtCode ?? null,
      village_code: input.villageCode ?? null,
      attachments: JSON.stringify(input.attachments ?? []),
      channel: input.channel,
      reporter_name: input.reporter?.name ?? null,
      reporter_phone: input.reporter?.phone ?? null,
      reporter_email: input.reporter?.email ?? null,
      reporter_nik_masked: nik ? maskNik(nik) : null,
      reporter_nik_hash: nik ? hashNik(nik, this.ctx.config.NIK_HMAC_KEY) : null,
      anonim: input.anonim,
      rahasia: input.rahasia,
      source_system: input.source?.system ?? null,
      source_id: input.source?.id ?? null,
      source_url: input.source?.url ?? null,
      status,
      supporting_id: target?.id ?? null,
      submitted_at: now,
      disposition_due: due,
      updated_at: now,
    };
    const inserted = await this.#insertWithFreshTrackingId(trx, values);
    await this.#timeline(trx, tenant, inserted.id, caller, 'submit', null, 'submitted', null, null);
    await this.ctx.outbox.emit(trx, reportSubmitted, {
      tenant,
      subject: inserted.tracking_id,
      data: {
        trackingId: inserted.tracking_id,
        category: input.category,
        at: now.toISOString(),
        type: input.type,
        channel: input.channel,
        suggestedUnit: category.defaultUnit,
        location: input.location ?? null,
        districtCode: input.districtCode ?? null,
        villageCode: input.villageCode ?? null,
        anonim: input.anonim,
        rahasia: input.rahasia,
        source: input.source ?? null,
        dispositionDue: due.toISOString(),
      },
    });
    if (target) {
      await this.#timeline(trx, tenant, inserted.id, { kind: 'system', id: 'system' }, 'link', 'submitted', 'supporting', null, `Mendukung laporan ${target.tracking_id}`);
      await this.#emitSupported(trx, tenant, target.id, target.tracking_id, inserted.tracking_id, input.category, true, now);
    }
    return {
      trackingId: inserted.tracking_id,
      secret,
      status,
      supporting: target && !target.rahasia ? target.tracking_id : null,
      dispositionDue: due.toISOString(),
      existing: false,
    };
  }

  async #insertWithFreshTrackingId(trx: Trx, values: Omit<Insertable<ReportTable>, 'tracking_id'>) {
    // a collision of the 40-bit id inserts nothing (no error, no savepoint round trips) and we draw again
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await trx
        .insertInto('report')
        .values({ ...values, tracking_id: newTrackingId() })
        .onConflict((oc) => oc.columns(['tenant_id', 'tracking_id']).doNothing())
        .returning(['id', 'tracking_id'])
        .executeTakeFirst();
      if (row) return row;
    }
    throw new Error('could not draw a free tracking id in 5 attempts');
  }

  /** The nearest open, public report of the category within the radius and the window. */
  async #findSupportTarget(trx: Trx, category: string, at: { lat: number; lon: number }, radius: number) {
    // two nearby reports submitted at the same moment must not both open a case: lock the grid cells
    // around the point (cells at least `radius` wide, in sorted order so lockers never deadlock)
    const cell = radius / 100_000;
    const [i, j] = [Math.floor(at.lat / cell), Math.floor(at.lon / cell)];
    const keys = [-1, 0, 1].flatMap((di) => [-1, 0, 1].map((dj) => `${category}|${radius}|${i + di}|${j + dj}`)).sort();
    await sql`select pg_advisory_xact_lock(h) from (select hashtextextended(k, 0) as h from unnest(${keys}::text[]) as k order by k) as cells`.execute(trx);
    const dLat = radius * BOX_DEGREES_PER_METER;
    const dLon = dLat / Math.max(Math.cos((at.lat * Math.PI) / 180), 0.01);
    const since = new Date(Date.now() - this.ctx.config.DUPLICATE_WINDOW_DAYS * 86_400_000);
    const candidates = await trx
      .selectFrom('report')
      .select(['id', 'tracking_id', 'lat', 'lon', 'rahasia'])
      .where('category', '=', category)
      .where('supporting_id', 'is', null)
      .where('rahasia', '=', false)
      .where('status', 'in', OPEN_STATUSES)
      .where('submitted_at', '>=', since)
      .where('lat', '>=', at.lat - dLat)
      .where('lat', '<=', at.lat + dLat)
      .where('lon', '>=', at.lon - dLon)
      .where('lon', '<=', at.lon + dLon)
      .limit(50)
      .execute();
    return candidates
      .map((c) => ({ ...c, distance: distanceMeters(at, { lat: c.lat!, lon: c.lon! }) }))
      .filter((c) => c.distance <= radius)
      .sort((a, b) => a.distance - b.distance)[0];
  }

  async #emitSupported(trx: Trx, tenant: string, targetId: string, targetTracking: string, supporterTracking: string, category: string, linked: boolean, now: Date) {
    const supporters = await this.#supporters(trx, targetId);
    await this.ctx.outbox.emit(trx, reportSupported, {
      tenant,
      subject: targetTracking,
      data: { trackingId: targetTracking, category, at: now.toISOString(), supporterTrackingId: supporterTracking, supporters, linked },
    });
  }

  async #supporters(trx: Trx, id: string): Promise<number> {
    const r = await trx.selectFrom('report').select((eb) => eb.fn.countAll<bigint>().as('n')).where('supporting_id', '=', id).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async #timeline(trx: Trx, tenant: string, reportId: string, caller: Caller, action: string, from: ReportStatus | null, to: ReportStatus, unit: string | null, note: string | null) {
    await trx
      .insertInto('report_timeline')
      .values({ tenant_id: tenant, report_id: reportId, actor: caller.id, actor_role: caller.kind, action, from_status: from, to_status: to, unit, note })
      .execute();
  }

  /** Loads a report, locked against concurrent changes when `lock`. 404 when it is not there. */
  async #find(trx: Trx, trackingId: string, lock = true): Promise<ReportRow> {
    const id = normalizeTrackingId(trackingId);
    const query = trx.selectFrom('report').selectAll().where('tracking_id', '=', id ?? '');
    const row = id ? await (lock ? query.forUpdate() : query).executeTakeFirst() : undefined;
    if (!row) throw problems.notFound('report_not_found', `There is no report ${trackingId} in this region.`);
    return row;
  }

  /** Takes an action on a report, checking actor, unit and state; returns the updated staff view. */
  async act(tenant: string, trackingId: string, action: Action, caller: Caller, input: ActionInput = {}, now = new Date()): Promise<ReportRow> {
    return this.ctx.db.withTenant(tenant, (trx) => this.actInTransaction(trx, tenant, trackingId, action, caller, input, now));
  }

  async actInTransaction(trx: Trx, tenant: string, trackingId: string, action: Action, caller: Caller, input: ActionInput, now: Date): Promise<ReportRow> {
    const report = await this.#find(trx, trackingId);
    // the unit first: unit staff learn nothing (not even the status) of reports that are not with them
    if (caller.kind === 'unit' && report.unit !== caller.unit) {
      throw problems.forbidden('forbidden_unit', 'This report is not with your unit.');
    }
    const decision = decide(action, report.status, caller.kind);
    if (!decision.ok) {
      // `currentStatus`, not `status`: a problem's `status` is its HTTP status and would overwrite it
      throw decision.reason === 'wrong_actor'
        ? problems.forbidden('forbidden_action', decision.detail)
        : problems.conflict('invalid_transition', decision.detail, { currentStatus: report.status });
    }
    const profile = this.ctx.directory.get(tenant)!;
    const calendar = this.ctx.calendar(tenant);
    const patch: Updateable<ReportTable> = { status: decision.to, updated_at: now };
    let unit = report.unit;

    switch (action) {
      case 'dispose':
      case 'redispose': {
        const target = input.unit ?? (action === 'dispose' ? findCategory(profile, report.category)?.defaultUnit : undefined);
        if (!target || !findUnit(profile, target)) {
          throw problems.unprocessable('unknown_unit', `Unit ${target ?? '(none)'} is not a unit of ${profile.name}.`, [{ in: 'body', field: 'unit', message: 'must be a unit of this region' }]);
        }
        if (action === 'redispose' && target === report.unit) throw problems.conflict('same_unit', `The report is already with ${target}.`);
        unit = target;
        Object.assign(patch, { unit, disposed_at: now, followup_due: followUpDue(now, calendar), first_response_at: action === 'redispose' ? null : report.first_response_at });
        break;
      }
      case 'provide-information':
        patch.disposition_due = dispositionDue(now, calendar);
        break;
      case 'archive':
        if (!input.reason) throw problems.badRequest('reason_required', 'Archiving needs a reason: spam, duplicate or out-of-scope.');
        patch.archive_reason = input.reason;
        patch.closed_at = now;
        break;
      case 'forward':
        if (!input.forwardedTo) throw problems.badRequest('forwarded_to_required', 'Say which agency the report was forwarded to.');
        patch.forwarded_to = input.forwardedTo;
        patch.closed_at = now;
        break;
      case 'reject-not-authority':
        patch.close_reason = 'not-authority';
        patch.closed_at = now;
        break;
      case 'respond':
        patch.first_response_at = now;
        break;
      case 'follow-up':
        if (!input.resolution) throw problems.badRequest('resolution_required', 'A follow-up needs the resolution text.');
        Object.assign(patch, {
          resolution: input.resolution,
          resolution_photos: JSON.stringify(input.photos ?? []),
          followed_up_at: now,
          autoclose_due: autoCloseDue(now, calendar),
          first_response_at: report.first_response_at ?? now,
        });
        break;
      case 'dispute':
        Object.assign(patch, { followup_due: followUpDue(now, calendar), autoclose_due: null });
        break;
      case 'accept':
      case 'auto-close':
        patch.close_reason = action === 'accept' ? 'accepted' : 'auto';
        patch.closed_at = now;
        break;
      case 'unlink':
        Object.assign(patch, { supporting_id: null, disposition_due: dispositionDue(now, calendar) });
        break;
      case 'defer':
      case 'link':
        break;
    }

    const updated = await trx.updateTable('report').set(patch).where('id', '=', report.id).returningAll().executeTakeFirstOrThrow();
    const note = input.note ?? input.resolution ?? (input.forwardedTo ? `Diteruskan ke ${input.forwardedTo}` : null);
    await this.#timeline(trx, tenant, report.id, caller, action, report.status, decision.to, unit, note ?? null);
    await this.#emitTransition(trx, tenant, report, updated, action, now);
    return updated;
  }

  async #emitTransition(trx: Trx, tenant: string, before: ReportRow, after: ReportRow, action: Action, now: Date) {
    const at = now.toISOString();
    const base = { trackingId: after.tracking_id, category: after.category, at };
    const source = this.#source(after);
    const subject = after.tracking_id;
    await this.ctx.outbox.emit(trx, reportStatusChanged, { tenant, subject, data: { ...base, from: before.status, to: after.status, action, unit: after.unit, source } });
    if (action === 'dispose' || action === 'redispose') {
      await this.ctx.outbox.emit(trx, reportDisposed, { tenant, subject, data: { ...base, unit: after.unit!, previousUnit: before.unit, followUpDue: after.followup_due!.toISOString() } });
    }
    if (action === 'follow-up') {
      const withinDeadline = !!before.followup_due && now < before.followup_due;
      await this.ctx.outbox.emit(trx, reportFollowedUp, { tenant, subject, data: { ...base, unit: after.unit!, withinDeadline, autoCloseDue: after.autoclose_due!.toISOString(), source } });
    }
    if (after.status === 'closed') {
      await this.ctx.outbox.emit(trx, reportClosed, { tenant, subject, data: { ...base, unit: after.unit, reason: after.close_reason!, source } });
    }
    if (action === 'unlink' && before.supporting_id) {
      const target = await trx.selectFrom('report').select(['id', 'tracking_id']).where('id', '=', before.supporting_id).executeTakeFirstOrThrow();
      await this.#emitSupported(trx, tenant, target.id, target.tracking_id, after.tracking_id, after.category, false, now);
    }
  }

  #source(r: ReportRow) {
    return r.source_system ? { system: r.source_system, id: r.source_id!, ...(r.source_url ? { url: r.source_url } : {}) } : null;
  }

  /** A report as `reader` may see it, or 404 (also for rahasia reports read publicly). */
  async view(tenant: string, trackingId: string, reader: Reader, opts: { secret?: string | undefined; unit?: string | undefined } = {}) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, trackingId, false);
      const notFound = () => problems.notFound('report_not_found', `There is no report ${trackingId} in this region.`);
      let as: Reader = reader;
      if (opts.secret !== undefined) {
        if (!secretMatches(opts.secret, row.secret_hash)) throw wrongSecret(row, trackingId);
        as = 'reporter';
      } else if (reader === 'public' && row.rahasia) {
        throw notFound();
      } else if (reader === 'unit' && row.unit !== opts.unit) {
        throw problems.forbidden('forbidden_unit', 'This report is handled by another unit.');
      }
      return this.#render(trx, row, as);
    });
  }

  async #render(trx: Trx, row: ReportRow, reader: Reader) {
    const [supporters, timeline, supporting] = await Promise.all([
      this.#supporters(trx, row.id),
      trx.selectFrom('report_timeline').selectAll().where('report_id', '=', row.id).orderBy('at').orderBy('id').execute(),
      row.supporting_id ? trx.selectFrom('report').select(['tracking_id', 'rahasia']).where('id', '=', row.supporting_id).executeTakeFirst() : undefined,
    ]);
    const supportingVisible = supporting && (reader !== 'public' || !supporting.rahasia) ? supporting.tracking_id : null;
    // the invitation is read for the reporter only, so no other reader's view can ever carry it
    const ratingInvitation = reader === 'reporter' ? await this.#ratingInvitation(trx, row.id) : undefined;
    return reportView(row, reader, { supporters, supportingTrackingId: supportingVisible, timeline, ratingInvitation });
  }

  async #ratingInvitation(trx: Trx, reportId: string) {
    const r = await trx.selectFrom('rating_invitation').select(['url', 'expires_at']).where('report_id', '=', reportId).executeTakeFirst();
    return r ? { url: r.url, expiresAt: r.expires_at.toISOString() } : null;
  }

  /** The reporter's rating invitation (tracking ID + secret), or 404 `rating_invitation_not_found` before there is one. */
  async ratingInvitationFor(tenant: string, trackingId: string, secret: string) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const report = await this.#find(trx, trackingId, false);
      if (!secretMatches(secret, report.secret_hash)) throw wrongSecret(report, trackingId);
      const invitation = await this.#ratingInvitation(trx, report.id);
      if (!invitation) {
        throw problems.notFound('rating_invitation_not_found', `There is no rating invitation for ${report.tracking_id} yet; it comes once the report is closed.`);
      }
      return invitation;
    });
  }

  /** Checks a reporter's secret and returns their view after `fn` ran in the same transaction. */
  async asReporter(tenant: string, trackingId: string, secret: string, action: Action | 'reply', note: string | undefined) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const report = await this.#find(trx, trackingId);
      if (!secretMatches(secret, report.secret_hash)) throw wrongSecret(report, trackingId);
      const caller: Caller = { kind: 'reporter', id: 'reporter' };
      let row = report;
      if (action === 'reply') {
        if (FINAL_STATUSES.includes(report.status)) {
          throw problems.conflict('report_finished', `The report is ${report.status}; submit a new report instead.`, { currentStatus: report.status });
        }
        // a reply to a deferred report is the information it waited for
        if (report.status === 'deferred') {
          row = await this.actInTransaction(trx, tenant, report.tracking_id, 'provide-information', caller, { note }, new Date());
        } else {
          await this.#timeline(trx, tenant, report.id, caller, 'reply', report.status, report.status, report.unit, note ?? null);
          await sql`update report set updated_at = now() where id = ${report.id}`.execute(trx);
        }
      } else {
        row = await this.actInTransaction(trx, tenant, report.tracking_id, action, caller, { note }, new Date());
      }
      return this.#render(trx, row, 'reporter');
    });
  }

  async staffView(tenant: string, trackingId: string, reader: Reader) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, trackingId, false);
      return this.#render(trx, row, reader);
    });
  }

  /** Admins set the privacy flags a reporter forgot, or lift them. */
  async setPrivacy(tenant: string, trackingId: string, flags: { anonim?: boolean | undefined; rahasia?: boolean | undefined }, caller: Caller) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const report = await this.#find(trx, trackingId);
      const updated = await trx
        .updateTable('report')
        .set({ anonim: flags.anonim ?? report.anonim, rahasia: flags.rahasia ?? report.rahasia, updated_at: new Date() })
        .where('id', '=', report.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const note = `anonim=${updated.anonim}, rahasia=${updated.rahasia}`;
      await this.#timeline(trx, tenant, report.id, caller, 'privacy', report.status, report.status, report.unit, note);
      if (updated.anonim !== report.anonim || updated.rahasia !== report.rahasia) {
        await this.ctx.outbox.emit(trx, reportPrivacyChanged, {
          tenant,
          subject: updated.tracking_id,
          data: { trackingId: updated.tracking_id, category: updated.category, at: updated.updated_at.toISOString(), anonim: updated.anonim, rahasia: updated.rahasia, source: this.#source(updated) },
        });
      }
      return this.#render(trx, updated, 'admin');
    });
  }
}
