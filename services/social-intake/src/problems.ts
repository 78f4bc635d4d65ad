/** Every problem code social-intake answers with, besides the kit's (listed in /openapi.json). */
import { defineProblems } from '@sinergi/service-kit';

export const P = defineProblems({
  post_not_found: { status: 404, title: 'There is no such post for the caller in this region.' },
  unknown_category: { status: 422, title: 'The category is not a complaint category of the region.' },
  already_handed_over: { status: 409, title: 'The post is already a report in complaints.' },
  bad_period: { status: 400, title: 'The period must run forward and span at most 366 days.' },
  platform_not_configured: { status: 503, title: 'The platform’s webhooks are not configured on this deployment.' },
  missing_signature: { status: 401, title: 'The webhook carries no valid signature header.' },
  bad_signature: { status: 403, title: 'The webhook’s signature does not match its body.' },
  bad_verify_token: { status: 403, title: 'The subscription’s verify token does not match.' },
  crc_token_required: { status: 400, title: 'The crc_token query parameter is missing.' },
  payload_not_json: { status: 400, title: 'The webhook body is not JSON.' },
  payload_unrecognized_root: { status: 400, title: 'The webhook body is not a delivery of this platform.' },
  invalid_identifier: {
    status: 422,
    title:
      'The phone or platform id given for a data subject request does not have its form; `errors` names the field.',
  },
  data_subject_not_found: { status: 404, title: 'No post in this region carries the identifier given.' },
});
