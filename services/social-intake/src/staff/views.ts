/** What the staff API answers about a post: the list shape and the detail, masked for who does not handle it. */
import { hashIdentifier, maskName, maskPersonalData } from '@sinergi/contracts';
import type { Principal } from '@sinergi/service-kit';
import { z } from 'zod';
import { externalRef } from '../posts/hand-over.js';
import type { PostRow } from '../posts/repository.js';
import { handlesPost } from './access.js';

export const PostSummary = z.object({
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

export const PostDetail = PostSummary.extend({
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

export const summary = (r: PostRow) => ({
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

/** The detail of a post for `principal`; `key` is IDENTIFIER_HMAC_KEY, which hashes the ids a reader may not see. */
export function detail(p: PostRow, principal: Principal, key: string) {
  const raw = handlesPost(principal, p);
  return {
    ...summary(p),
    externalId: raw ? p.external_id : (p.external_ref ?? externalRef(key, p.channel, p.external_id)),
    author: raw
      ? { platformId: p.author_platform_id, displayName: p.author_name }
      : {
          platformId: hashIdentifier(`${p.channel}:${p.author_platform_id}`, key),
          displayName: p.author_name && maskName(p.author_name),
        },
    address: raw || p.address === null ? p.address : maskPersonalData(p.address),
    villageCode: p.village_code,
    location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
    signals: p.signals as unknown as string[],
    decidedBy: p.decided_by,
    raw: raw ? p.raw : null,
    unmasked: raw,
  };
}
