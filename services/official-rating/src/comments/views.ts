/** How a comment is shown to the public and to the unit's staff. */
import { findUnit, type RegionProfile } from '@sinergi/contracts';
import { localDate } from '@sinergi/service-kit';
import type { CommentRow } from './repository.js';

/**
 * Public shape: the official by job title only when the comment is negative, and the day it was
 * written rather than the minute (a desk could match the minute to a visitor).
 */
export function publicComment(profile: RegionProfile, c: CommentRow) {
  const o = c.official ? profile.officials.find((x) => x.id === c.official) : undefined;
  return {
    id: c.rating_id,
    unit: { code: c.unit, name: findUnit(profile, c.unit)?.name ?? c.unit },
    serviceType: c.service_type,
    official: o ? (c.negative ? { jobTitle: o.jobTitle } : { jobTitle: o.jobTitle, name: o.name }) : null,
    stars: c.stars,
    text: c.public_text,
    submittedOn: localDate(c.submitted_at, profile.timeZone),
    reply: c.reply_text === null ? null : { text: c.reply_text, at: c.replied_at! },
  };
}

export function staffComment(profile: RegionProfile, c: CommentRow, now: Date) {
  return {
    ...publicComment(profile, c),
    text: c.text,
    publicText: c.public_text,
    negative: c.negative,
    published: c.hidden_at === null && c.publish_at <= now,
    publishAt: c.publish_at,
    hidden: c.hidden_at === null ? null : { at: c.hidden_at, reason: c.hidden_reason!, by: c.hidden_by! },
  };
}
