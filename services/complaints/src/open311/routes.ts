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
 *
 * The mapping between Open311 and reports is `mapping.ts`; the use cases are `use-cases.ts`.
 */
import fastifyFormbody from '@fastify/formbody';
import { findCategory } from '@sinergi/contracts';
import { kitProblems, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { hashSecret } from '../reports/identifiers.js';
import { formatOf, open311ErrorHandler, sendAs, sendErrors } from './format.js';
import { open311KeyRoutes } from './key-routes.js';
import type { IntegratorKey } from './keys.js';
import { servicesOf } from './mapping.js';
import {
  getServiceRequest,
  integratorKey,
  listServiceRequests,
  requestForToken,
  submitServiceRequest,
} from './use-cases.js';
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

export function open311Routes(app: App, ctx: Ctx): void {
  open311KeyRoutes(app, ctx);
  void app.register(
    async (scope) => {
      scope.setErrorHandler(open311ErrorHandler);
      scope.setNotFoundHandler((request, reply) =>
        sendErrors(
          reply,
          formatOf(request),
          [{ code: 404, description: `There is no ${request.method} ${request.url.split('?')[0]}.` }],
          404,
        ),
      );
      // Open311 clients post application/x-www-form-urlencoded; only this scope parses it
      await scope.register(fastifyFormbody);
      open311Api(scope, ctx);
    },
    { prefix: OPEN311_PREFIX },
  );
}

function open311Api(scope: App, ctx: Ctx): void {
  scope.get(
    '/discovery.:format',
    {
      config: tenantFromJurisdiction,
      schema: {
        tags: ['open311'],
        summary: 'Open311 service discovery',
        description: xmlNote('discovery'),
        params: FormatParams,
        querystring: JurisdictionQuery,
        response: { 200: Discovery, ...errors },
      },
    },
    async (request, reply) => {
      const profile = ctx.region(request.tenant);
      const base = (ctx.config.PUBLIC_BASE_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      return sendAs(reply, request.params.format, 'discovery', {
        changeset: OPEN311_CHANGESET,
        contact: `Pengaduan ${profile.name} (LAPOR!). Layanan ini melayani wilayah ${profile.code}; sebutkan jurisdiction_id=${profile.code}.`,
        key_service: `api_key diterbitkan oleh admin pengaduan ${profile.name} (POST /v1/open311-keys); dokumentasi: ${base}/docs`,
        endpoints: [
          {
            specification: SPEC_URL,
            url: `${base}${OPEN311_PREFIX}`,
            changeset: OPEN311_CHANGESET,
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
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
      return sendAs(reply, request.params.format, 'services', servicesOf(ctx.region(request.tenant)));
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
      const profile = ctx.region(request.tenant);
      const category = findCategory(profile, request.params.service_code);
      if (!category)
        throw P.service_not_found(`There is no service ${request.params.service_code} in ${profile.name}.`);
      return sendAs(reply, request.params.format, 'service_definition', {
        service_code: category.code,
        attributes: [],
      });
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
      const requests = await listServiceRequests(ctx, request.tenant, request.query);
      return sendAs(reply, request.params.format, 'service_requests', requests);
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
      const one = await getServiceRequest(ctx, request.tenant, request.params.service_request_id);
      return sendAs(reply, request.params.format, 'service_requests', [one]);
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
      return sendAs(reply, format, 'service_requests', [await requestForToken(ctx, request.tenant, token)]);
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
          const fields = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
            string,
            unknown
          >;
          // forms send empty fields for what the user left blank
          for (const [k, v] of Object.entries(fields)) if (v === '') delete fields[k];
          // Open311 clients may name the jurisdiction in the form rather than the query
          const named = fields.jurisdiction_id;
          const inQuery = (request.query as Record<string, unknown>).jurisdiction_id;
          if (typeof named === 'string' && named !== request.tenant) {
            if (typeof inQuery === 'string' && inQuery !== '')
              throw P.jurisdiction_mismatch('jurisdiction_id differs between the query and the form.');
            if (request.principal && request.principal.tenant !== named)
              throw kitProblems.tenant_mismatch(
                `Your token is for region ${request.principal.tenant}; it cannot act for ${named}.`,
              );
            ctx.region(named);
            request.tenant = named;
          }
          const apiKey = typeof fields.api_key === 'string' ? fields.api_key : undefined;
          keys.set(request, await integratorKey(ctx, request.tenant, apiKey));
        },
      ],
    },
    async (request, reply) => {
      const key = keys.get(request);
      if (!key) throw P.api_key_required('api_key is required to submit a service request.');
      const answer = await submitServiceRequest(ctx, { tenant: request.tenant, body: request.body, key });
      return sendAs(reply, request.params.format, 'service_requests', [answer]);
    },
  );
}
