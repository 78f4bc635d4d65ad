/**
 * From normalized platform items to stored, triaged posts: each stored once per (channel, external
 * id), classified, located, checked against recent complaints, and, when it is a complaint, handed
 * to the complaints service by an event written in the same transaction.
 */
import { postComplaintDetected, SocialChannel } from '@sinergi/contracts';
import type { ServiceContext } from '@sinergi/service-kit';
import type { SocialIntakeConfig } from '../config.js';
import type { PostStatus, SocialIntakeDB, Trx } from '../db/schema.js';
import { maskPersonalData, type NormalizedPost } from '../platforms/index.js';
import { defaultClassifier, type Classifier } from '../triage/classifier.js';
import { extractLocation, gazetteerForRegion, type Gazetteer } from '../triage/location.js';
import { decodeSignature, encodeSignature, signature, similarity } from '../triage/minhash.js';
import { decide, nearDuplicate } from './decide.js';

export type Ctx = ServiceContext<SocialIntakeDB, SocialIntakeConfig>;

export interface Owned {
  post: NormalizedPost;
  tenant: string;
  unit: string | null;
}

export interface IntakeResult {
  received: number;
  stored: number;
  repeated: number;
  unknownAccount: number;
  byStatus: Record<PostStatus, number>;
}

/** Directory platforms are the channels that have accounts; Messenger belongs to its Facebook page. */
const directoryPlatform = (channel: string) => channel;

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
      const owner = this.ctx.directory.accountOwner(directoryPlatform(post.channel), post.account);
      if (owner) owned.push({ post, tenant: owner.tenant, unit: owner.unit });
      else unknown += 1;
    }
    if (unknown > 0) this.ctx.logger.warn({ unknown }, 'webhook items for accounts no region owns were dropped');
    return { owned, unknown };
  }

  async ingest(items: readonly Owned[], unknownAccount = 0): Promise<IntakeResult> {
    const result: IntakeResult = { received: items.length + unknownAccount, stored: 0, repeated: 0, unknownAccount, byStatus: { pending: 0, complaint: 0, 'not-complaint': 0, attached: 0 } };
    const byTenant = new Map<string, Owned[]>();
    for (const item of items) byTenant.set(item.tenant, [...(byTenant.get(item.tenant) ?? []), item]);
    for (const [tenant, group] of byTenant) {
      await this.ctx.db.withTenant(tenant, async (trx) => {
        for (const item of group) {
          const status = await this.#ingestOne(trx, tenant, item);
          if (status === undefined) result.repeated += 1;
          else {
            result.stored += 1;
            result.byStatus[status] += 1;
          }
        }
      });
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

  /** Stores and triages one item; undefined when the platform had sent it before. */
  async #ingestOne(trx: Trx, tenant: string, { post, unit }: Owned): Promise<PostStatus | undefined> {
    const classification = this.classifier.classify(post.text);
    const place = extractLocation(post.text, this.#gazetteer(tenant));
    const profile = this.ctx.directory.get(tenant)!;
    const categories = new Set(profile.complaintCategories.map((c) => c.code));
    let status: PostStatus = decide(classification, categories, {
      minConfidence: this.ctx.config.TRIAGE_MIN_CONFIDENCE,
      dismissConfidence: this.ctx.config.TRIAGE_DISMISS_CONFIDENCE,
    });
    const sig = signature(post.text);
    let attachedTo: string | null = null;
    if (status === 'complaint') {
      const since = new Date(new Date(post.receivedAt).getTime() - this.ctx.config.NEAR_DUPLICATE_WINDOW_HOURS * 3_600_000);
      const recent = await trx
        .selectFrom('post')
        .select(['id', 'district_code', 'unit', 'minhash'])
        .where('status', '=', 'complaint')
        .where('category', '=', classification.category)
        .where('received_at', '>=', since)
        .orderBy('received_at', 'desc')
        .limit(200)
        .execute();
      const match = nearDuplicate(
        { districtCode: place.districtCode, unit },
        recent.map((r) => ({ id: r.id, districtCode: r.district_code, unit: r.unit, similarity: similarity(sig, decodeSignature(r.minhash)) })),
        this.ctx.config.NEAR_DUPLICATE_SIMILARITY,
      );
      if (match) {
        status = 'attached';
        attachedTo = match.id;
      }
    }
    const masked = maskPersonalData(post.text);
    const inserted = await trx
      .insertInto('post')
      .values({
        tenant_id: tenant,
        channel: post.channel,
        kind: post.kind,
        account: post.account,
        external_id: post.externalId,
        unit,
        thread: JSON.stringify(post.thread),
        author_platform_id: post.author.platformId,
        author_name: post.author.displayName,
        text: post.text,
        masked_text: masked,
        lat: post.geo?.lat ?? null,
        lon: post.geo?.lon ?? null,
        address: post.geo?.address ?? place.address,
        district_code: place.districtCode,
        village_code: place.villageCode,
        received_at: new Date(post.receivedAt),
        raw: JSON.stringify(post.raw ?? null),
        status,
        is_complaint: classification.isComplaint,
        complaint_confidence: classification.complaintConfidence,
        category: classification.category,
        category_confidence: classification.categoryConfidence,
        signals: JSON.stringify(classification.signals),
        minhash: encodeSignature(sig),
        attached_to: attachedTo,
        decided_by: 'model',
        decided_at: status === 'pending' ? null : new Date(),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'channel', 'external_id']).doNothing())
      .returning(['id'])
      .executeTakeFirst();
    if (!inserted) return undefined;
    if (status === 'complaint') await this.handOver(trx, tenant, inserted.id);
    return status;
  }

  /** Emits "complaint detected" for a stored post, in the caller's transaction. */
  async handOver(trx: Trx, tenant: string, postId: string): Promise<void> {
    const p = await trx.selectFrom('post').selectAll().where('id', '=', postId).executeTakeFirstOrThrow();
    await this.ctx.outbox.emit(trx, postComplaintDetected, {
      tenant,
      subject: p.id,
      data: {
        postId: p.id,
        channel: SocialChannel.parse(p.channel),
        externalId: p.external_id,
        accountUnit: p.unit,
        category: p.category,
        confidence: Math.min(p.complaint_confidence ?? 0, p.category_confidence ?? 0),
        text: (p.masked_text.trim() || '(tanpa teks)').slice(0, 4000),
        location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
        districtCode: p.district_code,
        villageCode: p.village_code,
        address: p.address ? maskPersonalData(p.address).slice(0, 500) : null,
        postedAt: p.received_at.toISOString(),
      },
    });
  }
}
