/**
 * Open311 GeoReport v2 under `/open311/v2/`, so that existing civic apps and tools can report to
 * and read from any region: discovery, services, service definitions, requests (read and submit)
 * and tokens, each as `.json` or `.xml`. `jurisdiction_id` names the region. Errors in this scope
 * are Open311 error lists in the requested format; everywhere else they stay problem+json.
 *
 * Decisions:
 * - Services are the region's complaint categories, `metadata: false` (we ask no extra
 *   attributes); `services/{code}` still answers with an empty attribute list, so clients that
 *   always fetch the definition work, and 404 for a code that is not a service.
 * - A submission is `anonim` (Open311 has no way to say "show my name", so the safe default
 *   applies) and never `rahasia` (an Open311 client expects its request to be public). Its
 *   reporter contact is stored for staff like any other channel's and never shown here.
 * - Successful submissions answer 200 with the tracking ID as `service_request_id` and a token.
 */
import fastifyFormbody from '@fastify/formbody';
import { findCategory, findUnit, normalizePhone } from '@sinergi/contracts';
import { ProblemError, problems, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../reports/identifiers.js';
import type { Ctx, ReportsService } from '../reports/service.js';
import { formatOf, open311ErrorHandler, sendAs } from './format.js';
import { authenticateKey, open311KeyRoutes, type IntegratorKey } from './keys.js';
import { findByToken, findRequest, findRequests, requestWindow, serviceNotice, titleFor, toServiceRequest } from './requests.js';
import {
  Discovery,
  FormatParams,
  JurisdictionQuery,
  Open311Errors,
  PostRequestBody,
  PostRequestOut,
  RequestOut,
  RequestParams,
  RequestsQuery,
  ServiceDefinition,
  ServiceOut,
  ServiceParams,
  SPEC_URL,
  TokenOut,
  TokenParams,
} from './schemas.js';

export const OPEN311_PREFIX = '/open311/v2';
/** When this endpoint list last changed (discovery's `changeset`). */
export const OPEN311_CHANGESET = '2026-11-28T00:00:00Z';

const tenantFromJurisdiction = { tenantParam: 'jurisdiction_id' } as const;
const errors = { 400: Open311Errors, 403: Open311Errors, 404: Open311Errors };
const xmlNote = (root: string) => `With \`.xml\` the same fields come as an XML document with root \`<${root}>\`.`;

export function open311Routes(app: App, ctx: Ctx, reports: ReportsService): void {
  open311KeyRoutes(app, ctx);
  void app.register(
    async (scope) => {
      scope.setErrorHandler(open311ErrorHandler);
      scope.setNotFoundHandler((request, reply) =>
        sendAs(reply, formatOf(request), 'errors', [{ code: 404, description: `There is no ${request.method} ${request.url.split('?')[0]}.` }], 404),
      );
      // Open311 clients post application/x-www-form-urlencoded; only this scope parses it
      await scope.register(fastifyFormbody);
      open311Api(scope, ctx, reports);
    },
    { prefix: OPEN311_PREFIX },
  );
}

function open311Api(scope: App, ctx: Ctx, reports: ReportsService): void {
  const profileOf = (tenant: string) => {
    const profile = ctx.directory.get(tenant);
    if (!profile) throw problems.notFound('unknown_tenant', `Region ${tenant} is not served here.`);
    return profile;
  };

  scope.get(
    '/discovery.:format',
    {
      config: tenantFromJurisdiction,
      schema: { tags: ['open311'], summary: 'Open311 service discovery', description: xmlNote('discovery'), params: FormatParams, querystring: JurisdictionQuery, response: { 200: Discovery, ...errors } },
    },
    async (request, reply) => {
      const profile = profileOf(request.tenant);
      const base = (ctx.config.PUBLIC_BASE_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      return sendAs(reply, request.params.format, 'discovery', {
        changeset: OPEN311_CHANGESET,
        contact: `Pengaduan ${profile.name} (LAPOR!). Layanan ini melayani wilayah ${profile.code}; sebutkan jurisdiction_id=${profile.code}.`,
        key_service: `api_key diterbitkan oleh admin pengaduan ${profile.name} (POST /v1/open311-keys); dokumentasi: ${base}/docs`,
        endpoints: [{ specification: SPEC_URL, url: `${base}${OPEN311_PREFIX}`, changeset: OPEN311_CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
      });
    },
  );

  scope.get(
    '/services.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'Open311 services: the region’s complaint categories',
        description: `One service per complaint category; \`group\` is the unit that handles it by default. ${xmlNote('services')}`,
        params: FormatParams,
        querystring: JurisdictionQuery,
        response: { 200: ServiceOut.array(), ...errors },
      },
    },
    async (request, reply) => {
      const profile = profileOf(request.tenant);
      const services = profile.complaintCategories.map((c) => {
        const unit = findUnit(profile, c.defaultUnit);
        return {
          service_code: c.code,
          service_name: c.name,
          description: `${c.name}. Ditangani oleh ${unit?.name ?? c.defaultUnit}, ${profile.name}.`,
          metadata: false,
          type: 'realtime' as const,
          keywords: c.code.split('-').join(','),
          group: unit?.name ?? c.defaultUnit,
        };
      });
      return sendAs(reply, request.params.format, 'services', services);
    },
  );

  scope.get(
    '/services/:service_code.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'Open311 service definition',
        description: `Services have no extra attributes (\`metadata: false\`), so the list is empty; an unknown code is 404. ${xmlNote('service_definition')}`,
        params: ServiceParams,
        querystring: JurisdictionQuery,
        response: { 200: ServiceDefinition, ...errors },
      },
    },
    async (request, reply) => {
      const profile = profileOf(request.tenant);
      const category = findCategory(profile, request.params.service_code);
      if (!category) throw problems.notFound('service_not_found', `There is no service ${request.params.service_code} in ${profile.name}.`);
      return sendAs(reply, request.params.format, 'service_definition', { service_code: category.code, attributes: [] });
    },
  );

  scope.get(
    '/requests.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'Open311 service requests (public reports)',
        description:
          'Newest first, at most 1000; by default those of the last 90 days. `service_request_id` (comma-separated) overrides the other filters. Confidential (rahasia) reports never appear, nor do reports linked as support of another (they appear when asked for by ID). No reporter data is ever included. ' +
          xmlNote('service_requests'),
        params: FormatParams,
        querystring: RequestsQuery,
        response: { 200: RequestOut.array(), ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const profile = profileOf(request.tenant);
      const list = (s: string | undefined) => (s ? [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))] : undefined);
      const ids = list(q.service_request_id);
      let window: { start?: Date; end?: Date } = {};
      if (!ids) {
        const w = requestWindow(q.start_date, q.end_date);
        if ('error' in w) throw problems.badRequest('bad_date_range', w.error);
        window = w;
      }
      const rows = await ctx.db.withTenant(request.tenant, (trx) =>
        findRequests(trx, { ids, serviceCodes: list(q.service_code), statuses: list(q.status) as ('open' | 'closed')[] | undefined, ...window }),
      );
      return sendAs(reply, request.params.format, 'service_requests', rows.map((r) => toServiceRequest(r, profile)));
    },
  );

  scope.get(
    '/requests/:service_request_id.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'One Open311 service request',
        description: `A list of one, as the spec has it. Confidential (rahasia) reports are 404. ${xmlNote('service_requests')}`,
        params: RequestParams,
        querystring: JurisdictionQuery,
        response: { 200: RequestOut.array(), ...errors },
      },
    },
    async (request, reply) => {
      const profile = profileOf(request.tenant);
      const row = await ctx.db.withTenant(request.tenant, (trx) => findRequest(trx, request.params.service_request_id));
      if (!row) throw problems.notFound('request_not_found', `There is no service request ${request.params.service_request_id} in ${profile.name}.`);
      return sendAs(reply, request.params.format, 'service_requests', [toServiceRequest(row, profile)]);
    },
  );

  scope.get(
    '/tokens/:token.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'The service request ID behind a token',
        description: xmlNote('service_requests'),
        params: TokenParams,
        querystring: JurisdictionQuery,
        response: { 200: TokenOut, ...errors },
      },
    },
    async (request, reply) => {
      const { token, format } = request.params;
      const trackingId = await ctx.db.withTenant(request.tenant, (trx) => findByToken(trx, token));
      if (!trackingId) throw problems.notFound('token_not_found', 'There is no service request with this token.');
      return sendAs(reply, format, 'service_requests', [{ service_request_id: trackingId, token }]);
    },
  );

  // ---- POST requests ---------------------------------------------------------------------------

  const keys = new WeakMap<FastifyRequest, IntegratorKey>();

  scope.post(
    '/requests.:format',
    {
      config: {
        ...tenantFromJurisdiction,
        idempotent: true,
        // per integrator key (an integrator relays many citizens from few addresses), after the key was checked
        rateLimit: {
          max: ctx.config.SUBMIT_RATE_PER_MINUTE * 10,
          timeWindow: '1 minute',
          hook: 'preValidation',
          keyGenerator: (request: FastifyRequest) => {
            const key = (request.body as Record<string, unknown> | undefined)?.api_key;
            return typeof key === 'string' ? `open311:${hashSecret(key)}` : request.ip;
          },
        },
      },
      schema: {
        tags: ['open311'],
        summary: 'Submit an Open311 service request',
        description:
          'Form-encoded (`application/x-www-form-urlencoded`; JSON is accepted too). Needs an integrator `api_key` (403 otherwise), a `service_code` and a location: `lat` and `long`, `address_string` or `address_id`. The report is anonymous to the public and never confidential; name and contact go to the region’s staff only. ' +
          xmlNote('service_requests'),
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        params: FormatParams,
        querystring: JurisdictionQuery,
        body: PostRequestBody,
        response: { 200: PostRequestOut, ...errors },
      },
      preValidation: [
        async (request) => {
          // the key is checked first: a request without a usable key learns nothing else
          const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
          // forms send empty fields for what the user left blank
          for (const [k, v] of Object.entries(fields)) if (v === '') delete fields[k];
          // Open311 clients may name the jurisdiction in the form rather than the query
          const named = fields.jurisdiction_id;
          const inQuery = (request.query as Record<string, unknown>).jurisdiction_id;
          if (typeof named === 'string' && named !== request.tenant) {
            if (typeof inQuery === 'string' && inQuery !== '') throw problems.badRequest('jurisdiction_mismatch', 'jurisdiction_id differs between the query and the form.');
            if (request.principal && request.principal.tenant !== named) throw problems.forbidden('tenant_mismatch', `Your token is for region ${request.principal.tenant}; it cannot act for ${named}.`);
            if (!ctx.directory.has(named)) throw problems.notFound('unknown_tenant', `Region ${named} is not served here.`);
            request.tenant = named;
          }
          const apiKey = typeof fields.api_key === 'string' ? fields.api_key : undefined;
          keys.set(request, await ctx.db.withTenant(request.tenant, (trx) => authenticateKey(trx, apiKey)));
        },
      ],
    },
    async (request, reply) => {
      const b = request.body;
      const tenant = request.tenant;
      const key = keys.get(request);
      if (!key) throw new ProblemError(403, 'api_key_required', 'api_key is required to submit a service request.');
      const profile = profileOf(tenant);
      const category = findCategory(profile, b.service_code);
      if (!category) {
        throw problems.badRequest('unknown_service', `service_code ${b.service_code} is not a service of ${profile.name}.`, [
          { in: 'body', field: 'service_code', message: `${b.service_code} is not a service of ${profile.name}` },
        ]);
      }
      let phone: string | undefined;
      if (b.phone) {
        try {
          phone = normalizePhone(b.phone);
        } catch (err) {
          throw problems.badRequest('invalid_phone', 'phone is not a valid Indonesian mobile number.', [{ in: 'body', field: 'phone', message: (err as Error).message }]);
        }
      }
      const name = [b.first_name, b.last_name].filter(Boolean).join(' ').trim() || undefined;
      const description = b.description || undefined;
      const address = b.address_string || (b.address_id ? `address_id ${b.address_id}` : undefined);
      const token = randomBytes(16).toString('hex');
      const submitted = await reports.submit(
        tenant,
        {
          type: 'pengaduan',
          category: category.code,
          title: titleFor(description, category.name),
          description: description ?? category.name,
          location: b.lat !== undefined && b.long !== undefined ? { lat: b.lat, lon: b.long } : undefined,
          address,
          attachments: b.media_url ? [{ url: b.media_url }] : undefined,
          reporter: name || phone || b.email ? { name, phone, email: b.email } : undefined,
          anonim: true,
          rahasia: false,
          channel: 'open311',
          source: { system: 'open311', id: `${key.prefix}:${token}` },
          open311Token: token,
        },
        { kind: 'reporter', id: `open311:${key.prefix}` },
      );
      const notice = submitted.supporting
        ? `Laporan serupa di dekat lokasi ini sudah ditangani; laporan Anda digabungkan sebagai dukungan untuk ${submitted.supporting}.`
        : serviceNotice({ status: submitted.status, disposition_due: new Date(submitted.dispositionDue), followup_due: null, autoclose_due: null }, profile.timeZone);
      return sendAs(reply, request.params.format, 'service_requests', [
        { service_request_id: submitted.trackingId, token, service_notice: notice, account_id: b.account_id ?? null },
      ]);
    },
  );
}
