/** Admin API of the review's data: the year's complaint mapping and efficiency tags, the tenant's weights and thresholds. */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { Slug, UnitCode } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { DEFAULT_THRESHOLDS } from '../effectiveness/anomalies.js';
import { COMPONENTS } from '../effectiveness/scoring.js';
import { YearParams } from '../schemas.js';
import {
  reviewSettings,
  setComplaintMapping,
  setEfficiencyTags,
  setReviewSettings,
  yearSignalsSetup,
} from './use-cases.js';

const Prefix = z.string().regex(/^\d+(\.\d+){0,5}$/, 'a code prefix like 5.1.02.04 or 1.03');
const eachOnce = (rows: { code?: string; category?: string }[]) =>
  new Set(rows.map((r) => r.code ?? r.category)).size === rows.length;

const MappingBody = z.strictObject({
  mapping: z
    .array(
      z.strictObject({
        category: Slug,
        units: z.array(UnitCode).min(1).max(50),
        programs: z.array(Prefix).max(50).default([]),
      }),
    )
    .max(200)
    .refine(eachOnce, 'each category once'),
  window: z
    .strictObject({
      from: z.iso.date().describe('First local date whose complaints count (inclusive)'),
      to: z.iso.date().describe('Last local date whose complaints count (inclusive)'),
    })
    .refine((w) => w.from <= w.to, { message: 'from must not be after to', path: ['to'] })
    .optional()
    .describe('Which complaints count, by the date they were submitted; the fiscal year itself when absent'),
});

const TagsBody = z.strictObject({
  tags: z
    .array(
      z
        .strictObject({
          code: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
          label: z.string().trim().min(1).max(200),
          accounts: z.array(Prefix).max(50).default([]),
          items: z
            .array(z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.\-_]{0,59}$/))
            .max(500)
            .default([]),
          basis: z.string().trim().min(1).max(300),
        })
        .refine((t) => t.accounts.length + t.items.length > 0, 'a tag needs account prefixes or catalogue items'),
    )
    .max(30)
    .refine(eachOnce, 'each tag code once'),
});

const Weight = z.number().int().min(0).max(1000);
const SettingsBody = z.strictObject({
  weights: z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, Weight.optional()]))).default({}),
  thresholds: z
    .strictObject(
      Object.fromEntries(
        Object.keys(DEFAULT_THRESHOLDS).map((k) => [
          k,
          z.union([z.number().int().min(0), z.string().regex(/^\d{1,15}$/)]).optional(),
        ]),
      ),
    )
    .default({}),
  unitStaff: z.record(UnitCode, z.number().int().min(1).max(1_000_000)).default({}),
});

const adminOnly = { preHandler: requireRoles('admin'), security: [{ bearerAuth: [] }] };

export function signalRoutes(app: App, ctx: Ctx): void {
  app.put(
    '/v1/admin/years/:year/complaint-mapping',
    {
      preHandler: adminOnly.preHandler,
      schema: {
        tags: ['review'],
        summary:
          'Which complaint categories speak about which units (and programs) this year, and the window of dates that counts',
        params: YearParams,
        body: MappingBody,
        security: adminOnly.security,
      },
    },
    async (request) =>
      setComplaintMapping(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
        rows: request.body.mapping,
        window: request.body.window,
      }),
  );

  app.put(
    '/v1/admin/years/:year/efficiency-tags',
    {
      preHandler: adminOnly.preHandler,
      schema: {
        tags: ['review'],
        summary: "The year's efficiency tags (Inpres 1/2025 ...): account prefixes and/or catalogue items",
        params: YearParams,
        body: TagsBody,
        security: adminOnly.security,
      },
    },
    async (request) =>
      setEfficiencyTags(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
        rows: request.body.tags,
      }),
  );

  app.get(
    '/v1/admin/years/:year/review-signals',
    {
      preHandler: requireRoles('admin', 'tapd', 'auditor'),
      schema: {
        tags: ['review'],
        summary: "The year's complaint mapping and efficiency tags",
        params: YearParams,
        security: adminOnly.security,
      },
    },
    async (request) => yearSignalsSetup(ctx, { tenant: request.tenant, year: request.params.year }),
  );

  app.put(
    '/v1/admin/review-settings',
    {
      preHandler: adminOnly.preHandler,
      schema: {
        tags: ['review'],
        summary: "The region's scoring weights and anomaly thresholds (overrides of the documented defaults)",
        body: SettingsBody,
        security: adminOnly.security,
      },
    },
    async (request) =>
      setReviewSettings(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        weights: request.body.weights as Record<string, number>,
        thresholds: request.body.thresholds as Record<string, string | number>,
        unitStaff: request.body.unitStaff,
      }),
  );

  app.get(
    '/v1/admin/review-settings',
    {
      preHandler: requireRoles('admin', 'tapd', 'auditor'),
      schema: { tags: ['review'], summary: 'The weights and thresholds in force', security: adminOnly.security },
    },
    async (request) => reviewSettings(ctx, request.tenant),
  );
}
