import { z } from 'zod';
import { DistrictCode, VillageCode } from '../values/regions.js';
import { GeoPoint } from '../values/geo.js';
import { Slug, UnitCode } from '../values/slug.js';
import { defineEvent } from './define.js';

export const SOCIAL_CHANNELS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'sms', 'generic'] as const;
export const SocialChannel = z.enum(SOCIAL_CHANNELS);

/**
 * A post or message that triage (or a person confirming it) judged a complaint. The producer
 * strips the author's identity and masks NIK, phone numbers and e-mail addresses in `text`;
 * replies go back through social-intake, which keeps the author's handle.
 */
export const postComplaintDetected = defineEvent({
  service: 'social-intake',
  aggregate: 'post',
  name: 'complaint-detected',
  version: 1,
  description: 'A social-media post or message was classified as a complaint and should become a report.',
  data: z.object({
    postId: z.string().min(1).max(200),
    channel: SocialChannel,
    /**
     * A keyed hash (HMAC-SHA256, hex) of the post's channel and platform id, never the platform id
     * itself (a Telegram id holds the chat id, a WhatsApp id the sender's number). Consumers keep it
     * as the source id and send it back; social-intake matches it to the post. Events from before
     * December 2026 carry the platform id.
     */
    externalId: z.string().min(1).max(200),
    url: z.url().optional(),
    /** The unit that owns the receiving account. */
    accountUnit: UnitCode.nullable(),
    category: Slug.nullable(),
    confidence: z.number().min(0).max(1),
    text: z.string().min(1).max(4000),
    /**
     * The report's title, cut from the masked text at a sentence or phrase boundary, never right
     * after an address abbreviation ("Jl.", "No.", "Kec."). Absent in events from before December 2026:
     * consumers then make their own from `text`.
     */
    title: z.string().min(1).max(200).optional(),
    location: GeoPoint.nullable(),
    districtCode: DistrictCode.nullable(),
    villageCode: VillageCode.nullable(),
    address: z.string().max(500).nullable(),
    postedAt: z.iso.datetime({ offset: true }),
  }),
});

/**
 * A post that repeats a complaint already handed over (same category and area, within the window)
 * was attached to it instead of becoming a second report: the report it repeats counts it as a
 * supporter, like a nearby duplicate from any other channel. `original` is the source reference the
 * report was made from (the hand-over's channel and keyed hash). Like the hand-over, it carries masked
 * text and no author. Consumers count one supporter per post, however often the event arrives.
 */
export const postDuplicateAttached = defineEvent({
  service: 'social-intake',
  aggregate: 'post',
  name: 'duplicate-attached',
  version: 1,
  description:
    'A social-media post repeating a complaint already handed over was attached to it; the report counts it as support.',
  data: z.object({
    postId: z.string().min(1).max(200),
    channel: SocialChannel,
    /** The keyed hash of the attached post's channel and platform id (as in complaint-detected). */
    externalId: z.string().min(1).max(200),
    /** The post the report was made from: its channel and keyed hash, i.e. the report's source reference. */
    original: z.object({ channel: SocialChannel, externalId: z.string().min(1).max(200) }),
    category: Slug.nullable(),
    similarity: z.number().min(0).max(1),
    text: z.string().min(1).max(4000),
    title: z.string().min(1).max(200),
    districtCode: DistrictCode.nullable(),
    villageCode: VillageCode.nullable(),
    postedAt: z.iso.datetime({ offset: true }),
  }),
});
