/**
 * The hand-over to complaints: the event `post.complaint-detected`, written in the transaction that
 * stores or decides the post. It carries masked text, no author, and a keyed hash instead of the
 * platform id.
 */
import { hashIdentifier, maskPersonalData, SocialChannel } from '@sinergi/contracts';
import type { Selectable } from 'kysely';
import type { PostTable } from '../db/schema.js';
import { reportTitle } from '../triage/title.js';

/**
 * What this service says instead of a platform id (events, answers to readers who may not see the
 * id): a keyed hash of channel and id. Replies arrive with it and are matched on `post.external_ref`.
 */
export const externalRef = (key: string, channel: string, externalId: string) =>
  hashIdentifier(`${channel}:${externalId}`, key);

export type HandedOverPost = Pick<
  Selectable<PostTable>,
  | 'id'
  | 'channel'
  | 'external_id'
  | 'external_ref'
  | 'unit'
  | 'category'
  | 'complaint_confidence'
  | 'category_confidence'
  | 'masked_text'
  | 'lat'
  | 'lon'
  | 'district_code'
  | 'village_code'
  | 'address'
  | 'received_at'
>;

/** What both events say of the post: ids (the keyed hash only), masked text and its title. */
function postFields(key: string, p: HandedOverPost) {
  const text = (p.masked_text.trim() || '(tanpa teks)').slice(0, 4000);
  return {
    postId: p.id,
    channel: SocialChannel.parse(p.channel),
    // the platform id can carry a chat id or a phone number: only its keyed hash leaves
    externalId: p.external_ref ?? externalRef(key, p.channel, p.external_id),
    text,
    title: reportTitle(text),
  };
}

/** The outbox entry of the hand-over; `key` is IDENTIFIER_HMAC_KEY. */
export function handOverEvent(key: string, tenant: string, p: HandedOverPost) {
  return {
    tenant,
    subject: p.id,
    data: {
      ...postFields(key, p),
      accountUnit: p.unit,
      category: p.category,
      confidence: Math.min(p.complaint_confidence ?? 0, p.category_confidence ?? 0),
      location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
      districtCode: p.district_code,
      villageCode: p.village_code,
      address: p.address ? maskPersonalData(p.address).slice(0, 500) : null,
      postedAt: p.received_at.toISOString(),
    },
  };
}

/** The post a near-duplicate repeats, as the report knows it: its channel and keyed hash. */
export interface OriginalRef {
  channel: string;
  externalRef: string;
}

/**
 * The outbox entry of an attached near-duplicate (`post.duplicate-attached`): complaints counts it as a
 * supporter of the report made from `original`. Masked text, no author, keyed hashes only.
 */
export function duplicateAttachedEvent(
  key: string,
  tenant: string,
  p: HandedOverPost,
  o: { original: OriginalRef; similarity: number },
) {
  return {
    tenant,
    subject: p.id,
    data: {
      ...postFields(key, p),
      original: { channel: SocialChannel.parse(o.original.channel), externalId: o.original.externalRef },
      category: p.category,
      similarity: Math.min(1, Math.max(0, o.similarity)),
      districtCode: p.district_code,
      villageCode: p.village_code,
      postedAt: p.received_at.toISOString(),
    },
  };
}
