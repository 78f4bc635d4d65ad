/**
 * The problem codes complaints answers with, besides the kit's (`kitProblems`) and the facts several
 * services share (`sharedProblems`: `unknown_unit`, `forbidden_action`, `invalid_transition`,
 * `wrong_secret`, `rating_invitation_not_found` ...). Each code is one fact; see the kit's README.
 */
import { defineProblems } from '@sinergi/service-kit';

export const P = defineProblems({
  report_not_found: {
    status: 404,
    title: 'There is no such report in this region (nor, without its secret, a confidential one).',
  },
  invalid_report: {
    status: 422,
    title: 'The report does not fit the region (category, location, kecamatan, kelurahan); `errors` names each field.',
  },
  forbidden_channel: {
    status: 403,
    title: 'Only staff and integrators record reports from channels other than the web.',
  },
  report_finished: {
    status: 409,
    title: 'The report is closed, forwarded or archived (`currentStatus`); submit a new one.',
  },
  same_unit: { status: 409, title: 'The report is already with that unit.' },
  reason_required: { status: 400, title: 'Archiving needs a reason: spam, duplicate or out-of-scope.' },
  forwarded_to_required: {
    status: 400,
    title: 'Not our authority (bukan wewenang) must name where the report went: a unit, a region or an agency.',
  },
  unknown_region: { status: 422, title: 'The region named as the hand-over destination is not in the directory.' },
  not_information_request: {
    status: 409,
    title: 'Only an information request (permintaan informasi) has this deadline.',
  },
  already_extended: {
    status: 409,
    title: 'An information request’s deadline may be extended once only (UU 14/2008 Art. 22(8)).',
  },
  invalid_received_at: {
    status: 422,
    title:
      'The received time is in the future, older than the region allows, or not for this channel; `errors` says which.',
  },
  resolution_required: { status: 400, title: 'A follow-up needs the resolution text.' },
  period_reversed: { status: 400, title: 'The period starts after it ends.' },
  period_too_long: { status: 400, title: 'The period spans more days than allowed.' },
  export_too_large: {
    status: 422,
    title: 'The period has more reports than one export holds; export a shorter period.',
  },
  open311_key_not_found: { status: 404, title: 'There is no such Open311 key in this region.' },
  api_key_required: { status: 403, title: 'Open311: an integrator api_key is required to submit a service request.' },
  api_key_invalid: { status: 403, title: 'Open311: the api_key is not valid for this jurisdiction.' },
  api_key_revoked: { status: 403, title: 'Open311: the api_key has been revoked.' },
  jurisdiction_mismatch: { status: 400, title: 'Open311: jurisdiction_id differs between the query and the form.' },
  service_not_found: { status: 404, title: 'Open311: there is no such service (complaint category) in the region.' },
  unknown_service: { status: 400, title: 'Open311: service_code names no service of the region.' },
  invalid_phone: { status: 400, title: 'Open311: phone is not a valid Indonesian mobile number.' },
  bad_date_range: { status: 400, title: 'Open311: start_date and end_date are inverted or span more than 90 days.' },
  request_not_found: { status: 404, title: 'Open311: there is no such public service request.' },
  token_not_found: { status: 404, title: 'Open311: there is no service request with this token.' },
  invalid_identifier: {
    status: 422,
    title:
      'The phone, e-mail or NIK given for a data subject request does not have its form; `errors` names the field.',
  },
  data_subject_not_found: { status: 404, title: 'No report in this region carries the identifier given.' },
});
