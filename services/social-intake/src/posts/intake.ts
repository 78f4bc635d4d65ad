/**
 * From normalized platform items to stored, triaged posts: each stored once per (channel, external
 * id), classified, located, checked against recent complaints, and, when it is a complaint, handed
 * to the complaints service by an event written in the same transaction.
 */
import { hashIdentifier, maskPersonalData, postComplaintDetected, SocialChannel } from '@sinergi/contracts';
import type { ServiceContext } from '@sinergi/service-kit';
import type { SocialIntakeConfig } from '../config.js';
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { PostStatus, PostTable, SocialIntakeDB, Trx } from '../db/schema.js';
import type { NormalizedPost } from '../platforms/index.js';
import { defaultClassifier, type Classifier } from '../triage/classifier.js';
import { extractLocation, gazetteerForRegion, type Gazetteer } from '../triage/location.js';
import { decodeSignature, encodeSignature, signature, similarity, type Signature } from '../triage/minhash.js';
import { decide, nearDuplicate } from './decide.js';

export type Ctx = ServiceContext<SocialIntakeDB, SocialIntakeConfig>;

/**
 * What this service says instead of a platform id (events, answers to readers who may not see the
 * id): a keyed hash of channel and id. Replies arrive with it and are matched on `post.external_ref`.
 */
export const externalRef = (key: string, channel: string, externalId: string) => hashIdentifier(`${channel}:${externalId}`, key);

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
    const seen = new Set(
      (
        await trx
          .selectFrom('post')
          .select(['channel', 'external_id'])
          .where((eb) => eb.or(group.map(({ post }) => eb.and([eb('channel', '=', post.channel), eb('external_id', '=', post.externalId)]))))
          .execute()
      ).map((r) => `${r.channel}:${r.external_id}`),
    );
    const fresh = group.filter(({ post }) => !seen.has(`${post.channel}:${post.externalId}`));
    result.repeated += group.length - fresh.length;
    if (fresh.length === 0) return;

    const profile = this.ctx.directory.get(tenant)!;
    const categories = new Set(profile.complaintCategories.map((c) => c.code));
    const thresholds = { minConfidence: this.ctx.config.TRIAGE_MIN_CONFIDENCE, dismissConfidence: this.ctx.config.TRIAGE_DISMISS_CONFIDENCE };
    const windowMs = this.ctx.config.NEAR_DUPLICATE_WINDOW_HOURS * 3_600_000;
    const triaged = fresh.map(({ post, unit }) => {
      const classification = this.classifier.classify(post.text);
      return {
        id: randomUUID(),
        post,
        unit,
        classification,
        place: extractLocation(post.text, this.#gazetteer(tenant)),
        sig: signature(post.text),
        receivedAt: new Date(post.receivedAt),
        status: decide(classification, categories, thresholds) as PostStatus,
        attachedTo: null as string | null,
      };
    });

    // earlier complaints (stored, or earlier in this delivery) that a new complaint may repeat
    const complaints = triaged.filter((t) => t.status === 'complaint');
    const known: { id: string; category: string | null; districtCode: string | null; unit: string | null; sig: Signature; receivedAt: Date }[] = [];
    if (complaints.length > 0) {
      const earliest = new Date(Math.min(...complaints.map((t) => t.receivedAt.getTime())) - windowMs);
      const recent = await trx
        .selectFrom('post')
        .select(['id', 'category', 'district_code', 'unit', 'minhash', 'received_at'])
        .where('status', '=', 'complaint')
        .where('category', 'in', [...new Set(complaints.map((t) => t.classification.category!))])
        .where('received_at', '>=', earliest)
        .orderBy('received_at', 'desc')
        .limit(2000)
        .execute();
      for (const r of recent) known.push({ id: r.id, category: r.category, districtCode: r.district_code, unit: r.unit, sig: decodeSignature(r.minhash), receivedAt: r.received_at });
    }
    for (const t of complaints) {
      const candidates = known
        .filter((k) => k.category === t.classification.category && k.receivedAt.getTime() >= t.receivedAt.getTime() - windowMs)
        .map((k) => ({ id: k.id, districtCode: k.districtCode, unit: k.unit, similarity: similarity(t.sig, k.sig) }));
      const match = nearDuplicate({ districtCode: t.place.districtCode, unit: t.unit }, candidates, this.ctx.config.NEAR_DUPLICATE_SIMILARITY);
      if (match) {
        t.status = 'attached';
        t.attachedTo = match.id;
      } else {
        known.push({ id: t.id, category: t.classification.category, districtCode: t.place.districtCode, unit: t.unit, sig: t.sig, receivedAt: t.receivedAt });
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
      attached_to: t.attachedTo,
      decided_by: 'model',
      decided_at: t.status === 'pending' ? null : new Date(),
    }));
    // a concurrent delivery of the same item wins the race; ours is then a repeat
    const inserted = new Set(
      (
        await trx
          .insertInto('post')
          .values(rows)
          .onConflict((oc) => oc.columns(['tenant_id', 'channel', 'external_id']).doNothing())
          .returning('id')
          .execute()
      ).map((r) => r.id),
    );
    result.repeated += rows.length - inserted.size;
    for (const row of rows) {
      if (!inserted.has(row.id)) continue;
      result.stored += 1;
      result.byStatus[row.status] += 1;
    }
    await this.ctx.outbox.emitMany(
      trx,
      postComplaintDetected,
      rows.filter((r) => r.status === 'complaint' && inserted.has(r.id)).map((r) => this.#handOverEvent(tenant, r)),
    );
  }

  #handOverEvent(
    tenant: string,
    p: Pick<Selectable<PostTable>, 'id' | 'channel' | 'external_id' | 'external_ref' | 'unit' | 'category' | 'complaint_confidence' | 'category_confidence' | 'masked_text' | 'lat' | 'lon' | 'district_code' | 'village_code' | 'address' | 'received_at'>,
  ) {
    return {
      tenant,
      subject: p.id,
      data: {
        postId: p.id,
        channel: SocialChannel.parse(p.channel),
        // the platform id can carry a chat id or a phone number: only its keyed hash leaves
        externalId: p.external_ref ?? externalRef(this.ctx.config.IDENTIFIER_HMAC_KEY, p.channel, p.external_id),
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
    };
  }

  /** Emits "complaint detected" for a stored post, in the caller's transaction (staff decisions). */
  async handOver(trx: Trx, tenant: string, postId: string): Promise<void> {
    const p = await trx.selectFrom('post').selectAll().where('id', '=', postId).executeTakeFirstOrThrow();
    await this.ctx.outbox.emit(trx, postComplaintDetected, this.#handOverEvent(tenant, p));
  }
}
