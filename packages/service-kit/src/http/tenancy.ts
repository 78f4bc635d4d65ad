import type { FastifyRequest } from 'fastify';
import { problems } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The region (tenant) this request works for; '' on routes without a tenant. */
    tenant: string;
  }
  interface FastifyContextConfig {
    /** false for routes that serve no tenant (health, metrics, docs). */
    tenant?: boolean;
    /** A query parameter that names the tenant instead of `tenant` (Open311's `jurisdiction_id`). */
    tenantParam?: string;
    /** The route checks its own bearer token (the metrics scrape token): no JWT verification for it. */
    ownBearer?: boolean;
  }
}

export interface TenantSource {
  has(tenant: string): boolean;
  tenantForHost(hostname: string): string | undefined;
}

/**
 * Exactly one tenant per request: the token's when the caller is authenticated (naming another
 * one is refused), else the one named in the query, else the one the Host header maps to in the
 * directory, else the deployment's DEFAULT_TENANT. A tenant the directory does not know is a 404.
 */
export function resolveTenant(
  request: FastifyRequest,
  directory: TenantSource,
  defaultTenant: string | undefined,
): string {
  const param = request.routeOptions.config?.tenantParam ?? 'tenant';
  const query = request.query as Record<string, unknown> | undefined;
  const namedRaw = query?.[param] ?? (param !== 'tenant' ? query?.tenant : undefined);
  const named = typeof namedRaw === 'string' && namedRaw !== '' ? namedRaw : undefined;

  let tenant: string | undefined;
  if (request.principal) {
    if (named !== undefined && named !== request.principal.tenant) {
      throw problems.forbidden(
        'tenant_mismatch',
        `Your token is for region ${request.principal.tenant}; it cannot act for ${named}.`,
      );
    }
    tenant = request.principal.tenant;
  } else {
    tenant = named ?? directory.tenantForHost(request.hostname) ?? defaultTenant;
  }
  if (!tenant) {
    throw problems.badRequest(
      'tenant_required',
      `Name the region with the ${param} query parameter, e.g. ?${param}=32.73.`,
    );
  }
  if (!directory.has(tenant)) {
    throw problems.notFound('unknown_tenant', `Region ${tenant} is not served here.`);
  }
  return tenant;
}
