/**
 * From normalized platform items to stored, triaged posts: each stored once per (channel, external
 * id), classified, located, checked against recent complaints, and, when it is a complaint, handed
 * to the complaints service by an event written in the same transaction.
 */
import { maskPersonalData, postComplaintDetected, postDuplicateAttached } from '@sinergi/contracts';
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { PostStatus, Trx } from '../db/schema.js';
import type { NormalizedPost } from '../platforms/index.js';
import { defaultClassifier, type Classifier } from '../triage/classifier.js';
import { extractLocation, gazetteerForRegion, type Gazetteer } from '../triage/location.js';
import { readQuestion } from '../triage/question.js';
import { decodeSignature, encodeSignature, signature, similarity, type Signature } from '../triage/minhash.js';
import { queueSupportLink } from '../replies/support-link.js';
import {
  duplicateAttachedEvent,
  externalRef,
  handOverEvent,
  type HandedOverPost,
  type OriginalRef,
} from './hand-over.js';
import { insertNewPosts, recentComplaints, storedExternalIds } from './repository.js';
import { nearDuplicate, triageOutcome } from './triage-outcome.js';

type AttachedTo = { id: string; similarity: number; original: OriginalRef; trackingId: string | null };

export interface Owned {
  post: NormalizedPost;
  tenant: string;
  unit: string | null;
  /** The integrator whose generic delivery this is (its token's subject); it may look the post up later. */
  deliveredBy?: string;
}

export interface IntakeResult {
  received: number;
  stored: number;
  repeated: number;
  unknownAccount: number;
  byStatus: Record<PostStatus, number>;
}

export class Intake {
  readonly #gazetteers = new Map<string, Gazetteer>();

  constructor(
    private readonly ctx: Ctx,
    private readonly classifier: Classifier = defaultClassifier(),
  ) {}

  /** The region and unit owning each item's receiving account; items of unknown accounts are dropped. */
  route(posts: readonly NormalizedPost[]): { owned: Owned[]; unknown: number } {
    const owned: Owned[] = [];
    let unknown = 0;
    for (const post of posts) {
      // the directory's platforms are our channel names: a Messenger item is channel `facebook` with its page id
      const owner = this.ctx.directory.accountOwner(post.channel, post.account);
      if (owner) owned.push({ post, tenant: owner.tenant, unit: owner.unit });
      else unknown += 1;
    }
    if (unknown > 0) this.ctx.logger.warn({ unknown }, 'webhook items for accounts no region owns were dropped');
    return { owned, unknown };
  }

  /** A platform's delivery: each item goes to the region owning its receiving account. */
  receive(posts: readonly NormalizedPost[]): Promise<IntakeResult> {
    const { owned, unknown } = this.route(posts);
    return this.ingest(owned, unknown);
  }

  async ingest(items: readonly Owned[], unknownAccount = 0): Promise<IntakeResult> {
    const result: IntakeResult = {
      received: items.length + unknownAccount,
      stored: 0,
      repeated: 0,
      unknownAccount,
      byStatus: { pending: 0, complaint: 0, 'not-complaint': 0, attached: 0 },
    };
    const byTenant = new Map<string, Owned[]>();
    for (const item of items) byTenant.set(item.tenant, [...(byTenant.get(item.tenant) ?? []), item]);
    for (const [tenant, group] of byTenant) {
      await this.ctx.db.withTenant(tenant, (trx) => this.#ingestBatch(trx, tenant, group, result));
    }
    return result;
  }

  #gazetteer(tenant: string): Gazetteer {
    let g = this.#gazetteers.get(tenant);
    if (!g) {
      g = gazetteerForRegion(tenant);
      this.#gazetteers.set(tenant, g);
    }
    return g;
  }

  /**
   * One delivery of one region in a constant number of statements: which items are new, the recent
   * complaints they might repeat, one insert of every new post, one insert of their events. Triage
   * itself runs in memory.
   */
  async #ingestBatch(trx: Trx, tenant: string, group: readonly Owned[], result: IntakeResult): Promise<void> {
    const seen = await storedExternalIds(
      trx,
      group.map(({ post }) => post),
    );
    const fresh = group.filter(({ post }) => !seen.has(`${post.channel}:${post.externalId}`));
    result.repeated += group.length - fresh.length;
    if (fresh.length === 0) return;

    const profile = this.ctx.region(tenant);
    const categories = new Set(profile.complaintCategories.map((c) => c.code));
    const thresholds = {
      minConfidence: this.ctx.config.TRIAGE_MIN_CONFIDENCE,
      dismissConfidence: this.ctx.config.TRIAGE_DISMISS_CONFIDENCE,
    };
    const windowMs = this.ctx.config.NEAR_DUPLICATE_WINDOW_HOURS * 3_600_000;
    const triaged = fresh.map(({ post, unit, deliveredBy }) => {
      const classification = this.classifier.classify(post.text);
      const question = readQuestion(post.text);
      classification.signals.push(...question.signals);
      return {
        id: randomUUID(),
        post,
        unit,
        deliveredBy: deliveredBy ?? null,
        classification,
        place: extractLocation(post.text, this.#gazetteer(tenant)),
        sig: signature(post.text),
        receivedAt: new Date(post.receivedAt),
        status: triageOutcome({ ...classification, question: question.question }, categories, thresholds) as PostStatus,
        attachedTo: null as AttachedTo | null,
      };
    });

    // earlier complaints (stored, or earlier in this delivery) that a new complaint may repeat
    const complaints = triaged.filter((t) => t.status === 'complaint');
    const known: {
      id: string;
      category: string | null;
      districtCode: string | null;
      unit: string | null;
      sig: Signature;
      receivedAt: Date;
      original: OriginalRef;
      trackingId: string | null;
    }[] = [];
    const key = this.ctx.config.IDENTIFIER_HMAC_KEY;
    if (complaints.length > 0) {
      const earliest = new Date(Math.min(...complaints.map((t) => t.receivedAt.getTime())) - windowMs);
      const repeatable = [...new Set(complaints.map((t) => t.classification.category!))];
      const recent = await recentComplaints(trx, { categories: repeatable, since: earliest, limit: 2000 });
      for (const r of recent)
        known.push({
          id: r.id,
          category: r.category,
          districtCode: r.district_code,
          unit: r.unit,
          sig: decodeSignature(r.minhash),
          receivedAt: r.received_at,
          original: { channel: r.channel, externalRef: r.external_ref ?? externalRef(key, r.channel, r.external_id) },
          trackingId: r.report_tracking_id,
        });
    }
    for (const t of complaints) {
      const candidates = known
        .filter(
          (k) =>
            k.category === t.classification.category && k.receivedAt.getTime() >= t.receivedAt.getTime() - windowMs,
        )
        .map((k) => ({ id: k.id, districtCode: k.districtCode, unit: k.unit, similarity: similarity(t.sig, k.sig) }));
      const match = nearDuplicate(
        { districtCode: t.place.districtCode, unit: t.unit },
        candidates,
        this.ctx.config.NEAR_DUPLICATE_SIMILARITY,
      );
      const repeated = match && known.find((k) => k.id === match.id);
      if (match && repeated) {
        t.status = 'attached';
        t.attachedTo = {
          id: match.id,
          similarity: match.similarity,
          original: repeated.original,
          trackingId: repeated.trackingId,
        };
      } else {
        known.push({
          id: t.id,
          category: t.classification.category,
          districtCode: t.place.districtCode,
          unit: t.unit,
          sig: t.sig,
          receivedAt: t.receivedAt,
          original: { channel: t.post.channel, externalRef: externalRef(key, t.post.channel, t.post.externalId) },
          trackingId: null,
        });
      }
    }

    const rows = triaged.map((t) => ({
      id: t.id,
      tenant_id: tenant,
      channel: t.post.channel,
      kind: t.post.kind,
      account: t.post.account,
      external_id: t.post.externalId,
      external_ref: externalRef(this.ctx.config.IDENTIFIER_HMAC_KEY, t.post.channel, t.post.externalId),
      unit: t.unit,
      thread: JSON.stringify(t.post.thread),
      author_platform_id: t.post.author.platformId,
      author_name: t.post.author.displayName,
      text: t.post.text,
      masked_text: maskPersonalData(t.post.text),
      lat: t.post.geo?.lat ?? null,
      lon: t.post.geo?.lon ?? null,
      address: t.post.geo?.address ?? t.place.address,
      district_code: t.place.districtCode,
      village_code: t.place.villageCode,
      received_at: t.receivedAt,
      raw: JSON.stringify(t.post.raw ?? null),
      status: t.status,
      is_complaint: t.classification.isComplaint,
      complaint_confidence: t.classification.complaintConfidence,
      category: t.classification.category,
      category_confidence: t.classification.categoryConfidence,
      signals: JSON.stringify(t.classification.signals),
      minhash: encodeSignature(t.sig),
      attached_to: t.attachedTo?.id ?? null,
      decided_by: 'model',
      delivered_by: t.deliveredBy,
      decided_at: t.status === 'pending' ? null : new Date(),
    }));
    // a concurrent delivery of the same item wins the race; ours is then a repeat
    const inserted = await insertNewPosts(trx, rows);
    result.repeated += rows.length - inserted.size;
    for (const row of rows) {
      if (!inserted.has(row.id)) continue;
      result.stored += 1;
      result.byStatus[row.status] += 1;
    }
    await this.ctx.outbox.emitMany(
      trx,
      postComplaintDetected,
      rows.filter((r) => r.status === 'complaint' && inserted.has(r.id)).map((r) => handOverEvent(key, tenant, r)),
    );
    await this.#attachSupport(trx, tenant, { triaged, rows, inserted });
  }

  /**
   * Near-duplicates count as support of the report they repeat: the event for complaints, and the
   * report's tracking link for the author when the report is known already (else `report.submitted`
   * of the earlier post queues it, replies/use-cases.ts).
   */
  async #attachSupport(
    trx: Trx,
    tenant: string,
    batch: {
      triaged: readonly { id: string; post: NormalizedPost; attachedTo: AttachedTo | null }[];
      rows: readonly HandedOverPost[];
      inserted: ReadonlySet<string>;
    },
  ): Promise<void> {
    const key = this.ctx.config.IDENTIFIER_HMAC_KEY;
    const attached = batch.triaged.filter((t) => t.attachedTo !== null && batch.inserted.has(t.id));
    const rowOf = new Map(batch.rows.map((r) => [r.id, r]));
    await this.ctx.outbox.emitMany(
      trx,
      postDuplicateAttached,
      attached.map((t) => duplicateAttachedEvent(key, tenant, rowOf.get(t.id)!, t.attachedTo!)),
    );
    for (const t of attached) {
      if (t.attachedTo!.trackingId === null) continue;
      const raw = t.post.raw as { message?: { chat?: { type?: string } } } | null | undefined;
      await queueSupportLink(trx, {
        tenant,
        post: {
          id: t.id,
          channel: t.post.channel,
          kind: t.post.kind,
          account: t.post.account,
          author_platform_id: t.post.author.platformId,
          received_at: new Date(t.post.receivedAt),
          telegram_chat_type: raw?.message?.chat?.type ?? null,
        },
        trackingId: t.attachedTo!.trackingId,
        trackingUrl: this.ctx.config.REPORT_TRACKING_URL,
      });
    }
  }
}
