/**
 * budgeting's part of the staff console, `/staf/anggaran/` (sign-in, session and CSRF are the kit's
 * `staffConsole`): TAPD's review of a year. Routes authorize with the JSON review API's roles, call the
 * same use cases (`reviewCandidates`, `reviewAnomalies`, `decideCandidate`) and render.
 */
import {
  findUnitOrThrow,
  requirePrincipal,
  requireRoles,
  staffConsole,
  staffForm,
  type App,
} from '@sinergi/service-kit';
import { formFields, type FieldError } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { TAPD_EDITABLE } from '../cycle/workflow.js';
import { budgetCaller } from '../drafting/callers.js';
import { decideCandidate, reviewAnomalies, reviewCandidates } from '../review/use-cases.js';
import { anomaliesView } from '../review/views.js';
import { Year, YearParams } from '../schemas.js';
import { BASE, reviewPage, yearChoice, yearPath, type ReviewPageOptions } from './pages.js';

const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('form fields');

/** Refusals staff meet here, in their words. */
const MESSAGES = {
  fiscal_year_not_found: {
    title: 'Tahun anggaran belum dibuka',
    detail: 'Tahun anggaran ini belum dibuka di daerah Anda.',
  },
  sub_activity_not_found: {
    title: 'Sub kegiatan tidak ditemukan',
    detail: 'Sub kegiatan ini tidak ada di anggaran unit kerja tersebut.',
  },
  unit_not_found: { title: 'Unit kerja tidak dikenal', detail: 'Unit kerja ini tidak ada di daerah Anda.' },
  ceiling_not_set: {
    title: 'Pagu belum ditetapkan',
    detail: 'Unit kerja ini belum memiliki pagu untuk tahun tersebut.',
  },
  budget_not_editable: {
    title: 'Anggaran tidak sedang ditelaah',
    detail: 'Keputusan hanya dapat diambil selama rancangan anggaran unit kerja ini ditelaah TAPD.',
  },
  decision_final: {
    title: 'Sudah dipotong',
    detail: 'Sub kegiatan ini sudah dipotong; pemotongan tidak dapat dibatalkan.',
  },
  forbidden_role: { title: 'Akses ditolak', detail: 'Peran Anda tidak dapat membuka atau mengubah telaah anggaran.' },
};

const DECISION: Record<string, { decision: 'cut' | 'keep'; done: string }> = {
  potong: { decision: 'cut', done: 'potong' },
  pertahankan: { decision: 'keep', done: 'pertahankan' },
};

export function staffPages(app: App, ctx: Ctx): void {
  staffConsole(app, ctx, {
    part: 'anggaran',
    title: 'Konsol Staf Anggaran',
    nav: [{ href: `${BASE}/`, label: 'Telaah anggaran' }],
    messages: MESSAGES,
    routes(scope, render) {
      // the JSON review API's readers: TAPD decides, admins and auditors read
      scope.addHook('preHandler', requireRoles('tapd', 'admin', 'auditor'));

      scope.get(
        '/',
        { schema: { hide: true, querystring: z.object({ tahun: z.string().max(10).optional() }) } },
        async (request, reply) => {
          const year = Year.safeParse(request.query.tahun);
          if (year.success) return reply.redirect(yearPath(year.data), 303);
          return render(request, reply, { title: 'Telaah anggaran', body: yearChoice() });
        },
      );

      const show = async (
        request: FastifyRequest,
        reply: FastifyReply,
        o: { year: number; status?: number; errors?: ReviewPageOptions['errors'] },
      ) => {
        const principal = requirePrincipal(request);
        const input = { tenant: request.tenant, year: o.year };
        const { candidates } = await reviewCandidates(ctx, input);
        const anomalies = anomaliesView(o.year, await reviewAnomalies(ctx, input));
        const done = (request.query as { selesai?: unknown }).selesai;
        return render(request, reply, {
          status: o.status ?? 200,
          title: `Telaah anggaran ${o.year}`,
          body: reviewPage({
            year: o.year,
            unitNames: new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name])),
            candidates,
            anomalies,
            decide: principal.roles.includes('tapd') ? { csrf: staffForm(request, ctx.staffSessions) } : undefined,
            open: (c) => (TAPD_EDITABLE as readonly string[]).includes(c.status),
            errors: o.errors,
            done: typeof done === 'string' ? done : undefined,
          }),
        });
      };

      scope.get(
        '/:year/',
        {
          schema: { hide: true, params: YearParams, querystring: z.object({ selesai: z.string().max(20).optional() }) },
        },
        async (request, reply) => show(request, reply, { year: request.params.year }),
      );

      scope.post(
        '/:year/keputusan',
        { preHandler: requireRoles('tapd'), schema: { hide: true, params: YearParams, body: Form } },
        async (request, reply) => {
          const { year } = request.params;
          const v = formFields(request.body, 2000);
          // each candidate's reason field has its own name (alasan-1, alasan-2, …): one id per page
          const field = Object.keys(v).find((k) => /^alasan(-\d+)?$/.test(k)) ?? 'alasan';
          const alasan = (v[field] ?? '').trim();
          const unit = v.unit ?? '';
          const code = v.kode ?? '';
          const chosen = DECISION[v.keputusan ?? ''];
          const errors: FieldError[] = [];
          if (!chosen) errors.push({ field: 'keputusan', message: 'Pilih memotong atau mempertahankan.' });
          else if (chosen.decision === 'cut' && !alasan)
            errors.push({ field, message: 'Tulis alasan memotong sub kegiatan ini.' });
          if (errors.length)
            return show(request, reply, {
              year,
              status: 422,
              errors: { key: `${unit}|${code}`, errors, values: { alasan } },
            });
          findUnitOrThrow(ctx.region(request.tenant), unit);
          await decideCandidate(ctx, {
            caller: budgetCaller(requirePrincipal(request), request.tenant),
            year,
            unit,
            code,
            decision: chosen!.decision,
            reason: alasan || undefined,
          });
          return reply.redirect(`${yearPath(year)}?selesai=${chosen!.done}`, 303);
        },
      );
    },
  });
}
