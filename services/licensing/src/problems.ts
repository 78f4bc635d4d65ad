/**
 * Every problem code licensing answers with beyond the kit's (`kitProblems`: roles, units, media
 * types ...) and the shared facts (`sharedProblems`: `forbidden_action`, `invalid_transition`,
 * `wrong_secret`, `unknown_unit`, `rating_invitation_not_found`). Listed in the OpenAPI document.
 */
import { defineProblems } from '@sinergi/service-kit';

export const P = defineProblems({
  // applications: finding them and proving who asks
  application_not_found: { status: 404, title: 'There is no such application in this region.' },
  credentials_required: {
    status: 401,
    title: 'Send the application secret, or sign in with the citizen account that applied.',
  },
  not_your_application: {
    status: 403,
    title: 'The application was not made with this citizen account; use its secret.',
  },
  // the applicant's file
  permit_type_inactive: { status: 422, title: 'The permit type takes no new applications.' },
  invalid_data: { status: 422, title: 'Some data does not fit the permit type; `errors` names each field.' },
  application_not_editable: {
    status: 409,
    title: 'Only drafts and returned applications can be changed (`currentStatus`).',
  },
  unknown_requirement: { status: 404, title: 'The permit type asks for no such document.' },
  document_not_found: { status: 404, title: 'The application has no such document.' },
  incomplete_application: { status: 422, title: 'Requirements are missing or invalid; `errors` names each.' },
  // the office's steps
  return_limit_reached: {
    status: 409,
    title: 'The file was returned as often as allowed; declare it complete or reject it.',
  },
  invalid_return: { status: 422, title: 'A return must name the missing or invalid requirements.' },
  step_not_required: { status: 422, title: 'The permit type has no such review step.' },
  review_pending: { status: 409, title: 'A required review has no findings yet (`pending`).' },
  review_failed: { status: 409, title: 'A review found the requirements not met; reject with reasons instead.' },
  fee_not_computable: { status: 422, title: 'The fee cannot be computed from the application data.' },
  reasons_required: { status: 422, title: 'A rejection needs its reasons.' },
  completeness_deadline_passed: { status: 409, title: 'The registration check ran out; the file was deemed complete.' },
  deadline_passed: {
    status: 409,
    title: 'The decision deadline passed; the application is deemed granted (fiktif positif).',
  },
  objection_window_closed: {
    status: 409,
    title:
      'The 21 working days to object to the rejection have passed (`objectionDue`), or an objection was already filed.',
  },
  objection_deadline_passed: {
    status: 409,
    title:
      'The objection was not decided in time and is deemed granted (UU 30/2014 Art. 77(5)); a new decision is due.',
  },
  unpaid_permit: {
    status: 409,
    title: 'The permit type is issued only after payment (PP 16/2021 Art. 261); the fee is not paid.',
  },
  business_permit_in_oss: {
    status: 409,
    title:
      'A business permit is applied for and decided in OSS-RBA (PP 28/2025), not here (`oss`, `kbli`, `riskLevel`).',
  },
  // payments
  amount_mismatch: { status: 422, title: 'The paid amount is not the assessed fee.' },
  already_paid: { status: 409, title: 'The application was already paid with another payment reference.' },
  payment_reference_used: { status: 409, title: 'The payment reference confirmed another application.' },
  // permits
  permit_not_issued: { status: 409, title: 'No permit has been issued for the application (`currentStatus`).' },
  permit_number_too_long: { status: 409, title: "The permit type's number format gives numbers that are too long." },
  permit_number_taken: { status: 409, title: "The permit type's number format gives only numbers other permits hold." },
  permit_not_found: { status: 404, title: 'There is no such permit in this region.' },
  already_revoked: { status: 409, title: 'The permit was already revoked.' },
  // permit types
  permit_type_not_found: { status: 404, title: 'There is no such permit type in this region.' },
  invalid_permit_type: { status: 422, title: 'The permit type cannot work as configured; `errors` names each field.' },
  code_mismatch: { status: 400, title: 'The code in the body is not the code in the path.' },
  // data subject requests (UU 27/2022)
  invalid_identifier: {
    status: 422,
    title:
      'The phone, e-mail or NIK given for a data subject request does not have its form; `errors` names the field.',
  },
  data_subject_not_found: { status: 404, title: 'No application in this region carries the identifier given.' },
});
