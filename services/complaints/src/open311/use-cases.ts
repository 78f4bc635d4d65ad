/** Open311's use cases: read public service requests, and submit one as a report. */
import { findCategory, normalizePhone } from '@sinergi/contracts';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { submitReport } from '../reports/submission.js';
import { authenticateKey, type IntegratorKey } from './keys.js';
import { submittedNotice, toServiceRequest, toSubmitInput } from './mapping.js';
import { findByToken, findRequest, findRequests, requestWindow } from './requests.js';
import type { PostRequestBody, RequestsQuery } from './schemas.js';

const list = (s: string | undefined) =>
  s
    ? [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ]
    : undefined;

/** `GET requests`: by IDs, or filtered within the time window. */
export async function listServiceRequests(ctx: Ctx, tenant: string, q: z.output<typeof RequestsQuery>) {
  const profile = ctx.region(tenant);
  const ids = list(q.service_request_id);
  let window: { start?: Date; end?: Date } = {};
  if (!ids) {
    const w = requestWindow(q.start_date, q.end_date);
    if ('error' in w) throw P.bad_date_range(w.error);
    window = w;
  }
  const statuses = list(q.status) as ('open' | 'closed')[] | undefined;
  const rows = await ctx.db.withTenant(tenant, (trx) =>
    findRequests(trx, { ids, serviceCodes: list(q.service_code), statuses, ...window }),
  );
  return rows.map((r) => toServiceRequest(r, profile));
}

/** `GET requests/{id}`: one public request; rahasia reports are 404 like absent ones. */
export async function getServiceRequest(ctx: Ctx, tenant: string, id: string) {
  const profile = ctx.region(tenant);
  const row = await ctx.db.withTenant(tenant, (trx) => findRequest(trx, id));
  if (!row) throw P.request_not_found(`There is no service request ${id} in ${profile.name}.`);
  return toServiceRequest(row, profile);
}

/** `GET tokens/{token}`: the tracking ID behind a token. */
export async function requestForToken(ctx: Ctx, tenant: string, token: string) {
  const trackingId = await ctx.db.withTenant(tenant, (trx) => findByToken(trx, token));
  if (!trackingId) throw P.token_not_found('There is no service request with this token.');
  return { service_request_id: trackingId, token };
}

/** The region's active integrator key for `apiKey`, or a 403 saying why not. */
export function integratorKey(ctx: Ctx, tenant: string, apiKey: string | undefined): Promise<IntegratorKey> {
  return ctx.db.withTenant(tenant, (trx) => authenticateKey(trx, apiKey));
}

export interface Open311Post {
  tenant: string;
  body: z.output<typeof PostRequestBody>;
  key: IntegratorKey;
}

/** `POST requests`: the form as a report (see `toSubmitInput`), answered with its ID, token and notice. */
export async function submitServiceRequest(ctx: Ctx, { tenant, body, key }: Open311Post) {
  const profile = ctx.region(tenant);
  const category = findCategory(profile, body.service_code);
  if (!category) {
    throw P.unknown_service(`service_code ${body.service_code} is not a service of ${profile.name}.`, {
      errors: [
        { in: 'body', field: 'service_code', message: `${body.service_code} is not a service of ${profile.name}` },
      ],
    });
  }
  let phone: string | undefined;
  if (body.phone) {
    try {
      phone = normalizePhone(body.phone);
    } catch (err) {
      throw P.invalid_phone('phone is not a valid Indonesian mobile number.', {
        errors: [{ in: 'body', field: 'phone', message: (err as Error).message }],
      });
    }
  }
  const token = randomBytes(16).toString('hex');
  const input = toSubmitInput({ body, category, phone, keyPrefix: key.prefix, token });
  const submitted = await submitReport(ctx, {
    tenant,
    input,
    actor: { kind: 'reporter', id: `open311:${key.prefix}` },
  });
  return {
    service_request_id: submitted.trackingId,
    token,
    service_notice: submittedNotice(submitted, profile.timeZone),
    account_id: body.account_id ?? null,
  };
}
