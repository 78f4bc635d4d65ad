/** The problem codes official-rating answers with besides the kit's and the shared ones. */
import { defineProblems } from '@sinergi/service-kit';

export const P = defineProblems({
  unit_required: { status: 422, title: 'A region-wide caller must say which unit served the citizen (`unit`).' },
  unknown_official: { status: 422, title: '`official` is not an official of that unit.' },
  self_rating: { status: 403, title: 'Staff cannot create a link to rate themselves.' },
  invitation_exists: { status: 409, title: 'The visit reference already has a rating link.' },
  token_used: { status: 409, title: 'The rating link was already used; ratings cannot be edited.' },
  token_expired: { status: 410, title: 'The rating link has expired.' },
  token_other_region: { status: 403, title: 'The rating link belongs to another region.' },
  token_unknown: { status: 404, title: 'There is no rating link with this token.' },
  no_official_to_rate: { status: 422, title: 'The transaction has no official to rate; send no `official`.' },
  unknown_dimension: { status: 422, title: 'A report-card dimension the region does not rate on.' },
  official_not_found: { status: 404, title: 'There is no such official in this region.' },
  comment_not_found: { status: 404, title: 'There is no such comment in this region.' },
  reply_exists: { status: 409, title: 'The unit already replied to the comment; a reply cannot be changed.' },
  already_hidden: { status: 409, title: 'The comment is already hidden.' },
  not_hidden: { status: 409, title: 'The comment is not hidden.' },
  paper_batch_invalid: {
    status: 422,
    title: 'The paper batch cannot be recorded; `errors` names each bad row and field, and nothing was recorded.',
  },
  paper_batch_exists: { status: 409, title: 'The unit already entered a batch with this archive reference.' },
  paper_period_closed: {
    status: 422,
    title: 'Paper forms can be entered for a month that has begun and ended at most PAPER_BATCH_MAX_AGE_DAYS ago.',
  },
  invalid_report_card_config: {
    status: 422,
    title: 'The report-card configuration is inconsistent; `errors` names each field.',
  },
});
