/**
 * The codes the kit itself raises (HTTP plumbing, auth, tenancy, operations) and the domain facts
 * several services share. A service declares only its own codes; these two catalogues are listed
 * in every service's OpenAPI document.
 */
import { defineProblems } from './catalogue.js';

/** Raised by the kit before or around a route: every service can answer with these. */
export const kitProblems = defineProblems({
  validation_failed: {
    status: 400,
    title: 'The request does not match the schema; `errors` names each failing field.',
  },
  malformed_json: { status: 400, title: 'The body is not valid JSON.' },
  empty_body: { status: 400, title: 'The Content-Type says JSON but the body is empty.' },
  bad_content_length: { status: 400, title: 'Content-Length does not match the body.' },
  bad_url: { status: 400, title: 'The URL is not valid.' },
  bad_request: { status: 400, title: 'The request could not be processed.' },
  nul_character: { status: 400, title: 'A text field contains a NUL character (U+0000).' },
  too_deeply_nested: { status: 400, title: 'The JSON body nests arrays and objects more than 64 levels deep.' },
  malformed_request: { status: 400, title: 'The HTTP request itself is malformed (request line, framing or chunks).' },
  invalid_idempotency_key: {
    status: 400,
    title: 'The Idempotency-Key header is not 1-255 printable ASCII characters.',
  },
  tenant_required: { status: 400, title: 'The request names no region (use the `tenant` query parameter).' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required, or the one sent is not accepted.' },
  forbidden_role: { status: 403, title: "The caller's roles do not allow this action." },
  forbidden_unit: { status: 403, title: "The object belongs to another unit than the caller's." },
  tenant_mismatch: { status: 403, title: "The request names another region than the caller's token." },
  unknown_tenant: { status: 404, title: 'The region is not served by this deployment.' },
  route_not_found: { status: 404, title: 'There is no such method and path.' },
  dead_letter_not_found: { status: 404, title: 'There is no such dead letter in this region.' },
  request_timeout: { status: 408, title: 'The request did not arrive in time.' },
  idempotency_key_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still being processed.' },
  body_too_large: { status: 413, title: 'The body is larger than this endpoint accepts.' },
  unsupported_media_type: { status: 415, title: 'This endpoint does not accept that Content-Type.' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used before with another request.' },
  headers_too_large: { status: 431, title: 'The request headers are larger than the server accepts.' },
  rate_limited: { status: 429, title: 'Too many requests; `Retry-After` says when to try again.' },
  internal_error: { status: 500, title: 'An unexpected error; it is logged, nothing about it is shown.' },
  overloaded: { status: 503, title: 'The service sheds load; `Retry-After` says when to try again.' },
  database_unavailable: {
    status: 503,
    title: 'The database connection was lost; `Retry-After` says when to try again.',
  },
  // the staff console (/staf/<part>/), answered as Indonesian pages
  csrf_failed: { status: 403, title: "A staff form came without its session's CSRF token or from another origin." },
  sign_in_failed: { status: 400, title: 'The staff sign-in could not be completed (state, code or nonce refused).' },
  sign_in_unavailable: { status: 503, title: 'No identity provider is configured or reachable for staff sign-in.' },
});

/**
 * Facts more than one service states, each with one meaning:
 * - `unit_not_found` (404): the unit addressed by the path or query does not exist in the region;
 * - `unknown_unit` (422): a body field names a unit the region does not have (`errors` names the field).
 * The first is a missing resource, the second invalid input: two facts, so two names.
 */
export const sharedProblems = defineProblems({
  unit_not_found: { status: 404, title: 'The unit in the path or query is not a unit of this region.' },
  unknown_unit: { status: 422, title: 'A field names a unit that is not a unit of this region.' },
  forbidden_action: { status: 403, title: 'The caller may not take this workflow action.' },
  invalid_transition: {
    status: 409,
    title: 'The workflow action is not possible in the current status (`currentStatus`).',
  },
  wrong_secret: { status: 403, title: 'The secret does not match the object.' },
  // uploads (documents, photos): what a file is comes from its bytes, never its name or Content-Type
  empty_file: { status: 422, title: 'The uploaded file is empty.' },
  file_too_large: { status: 413, title: 'The file is larger than allowed (`maxBytes`).' },
  too_many_files: { status: 413, title: 'The form carries more files than allowed (`maxFiles`).' },
  field_too_large: { status: 413, title: 'A form field is longer than allowed (`maxBytes`).' },
  too_many_fields: { status: 413, title: 'The form carries more fields than allowed.' },
  unrecognized_file: { status: 415, title: 'The content is not a PDF, PNG or JPEG file.' },
  file_type_not_allowed: {
    status: 415,
    title: 'This type of file is not allowed here (`allowed`, `detected`).',
  },
  rating_invitation_not_found: {
    status: 404,
    title: 'official-rating has not sent a rating invitation for this transaction yet.',
  },
});
