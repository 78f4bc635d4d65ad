/**
 * complaints' part of the staff console, `/staf/lapor/` (sign-in, session and CSRF are the kit's
 * `staffConsole`). Routes read the form, authorize with the same roles as the JSON staff API, call
 * the same use cases (`listStaffReports`, `staffViewReport`, `actAsStaff`) and render.
 */
import { requirePrincipal, requireRoles, staffConsole, staffForm, unitScopeOf, type App } from '@sinergi/service-kit';
import { formFields, type FieldError } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { actAsStaff, type ActionInput } from '../reports/actions.js';
import { staffActor, staffReader } from '../reports/actors.js';
import { listStaffReports, staffViewReport } from '../reports/reading.js';
import type { Action } from '../reports/workflow.js';
import { BASE, queuePage, reportPage, reportPath } from './pages.js';
import { queueOrder } from './queue.js';

const Params = z.object({ trackingId: z.string().min(4).max(20) });
const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('form fields');

/** Refusals staff meet here, in their words. */
const MESSAGES = {
  report_not_found: { title: 'Laporan tidak ditemukan', detail: 'Tidak ada laporan dengan nomor ini di daerah Anda.' },
  forbidden_unit: { title: 'Laporan unit kerja lain', detail: 'Laporan ini ditangani unit kerja lain.' },
  forbidden_action: { title: 'Tidak dapat dilakukan', detail: 'Peran Anda tidak dapat melakukan langkah ini.' },
  invalid_transition: {
    title: 'Keadaan laporan sudah berubah',
    detail: 'Langkah ini tidak dapat dilakukan pada keadaan laporan sekarang. Muat ulang halaman laporan.',
  },
  unknown_unit: { title: 'Unit kerja tidak dikenal', detail: 'Pilih unit kerja dari daftar.' },
};

/** One form of the report page: its fields' checks, and what it asks of `actAsStaff`. */
interface StaffFormSpec {
  action: Action;
  roles: Parameters<typeof requireRoles>;
  check: (v: Record<string, string>) => FieldError[];
  input: (v: Record<string, string>) => ActionInput;
}

const required =
  (field: string, message: string, min = 1) =>
  (v: Record<string, string>) =>
    (v[field]?.trim().length ?? 0) >= min ? [] : [{ field, message }];

const FORMS: Record<string, StaffFormSpec> = {
  disposisi: {
    action: 'dispose',
    roles: ['admin'],
    check: required('unit', 'Pilih unit kerja yang menangani.'),
    input: (v) => ({ unit: v.unit, note: v.catatan?.trim() || undefined }),
  },
  tunda: {
    action: 'defer',
    roles: ['admin'],
    check: required('catatan_tunda', 'Tulis keterangan yang diminta dari pelapor.'),
    input: (v) => ({ note: v.catatan_tunda?.trim() }),
  },
  tanggapi: {
    action: 'respond',
    roles: ['officer', 'unit-head', 'admin'],
    check: required('tanggapan', 'Tanggapan wajib diisi.'),
    input: (v) => ({ note: v.tanggapan?.trim() }),
  },
  jawab: {
    action: 'follow-up',
    roles: ['officer', 'unit-head', 'admin'],
    check: required('jawaban', 'Jawaban minimal 10 karakter.', 10),
    input: (v) => ({ resolution: v.jawaban?.trim() }),
  },
};

export function staffPages(app: App, ctx: Ctx): void {
  staffConsole(app, ctx, {
    part: 'lapor',
    title: 'Konsol Staf LAPOR!',
    nav: [{ href: `${BASE}/`, label: 'Daftar laporan' }],
    messages: MESSAGES,
    routes(scope, render) {
      // the JSON staff API's readers: admins, auditors, officers and unit heads of complaints
      scope.addHook('preHandler', requireRoles('admin', 'auditor', 'officer', 'unit-head'));

      scope.get('/', { schema: { hide: true } }, async (request, reply) => {
        const principal = requirePrincipal(request);
        const scopeUnit = unitScopeOf(principal);
        const items = await listStaffReports(ctx, request.tenant, {
          statuses: scopeUnit
            ? ['disposed', 'in-progress', 'followed-up']
            : ['submitted', 'deferred', 'disposed', 'in-progress', 'followed-up'],
          unit: scopeUnit,
          reader: staffReader(principal),
          limit: 200,
          offset: 0,
        });
        const profile = ctx.region(request.tenant);
        return render(request, reply, {
          title: 'Daftar laporan',
          body: queuePage({ profile, items: queueOrder(items), scope: scopeUnit }),
        });
      });

      const show = async (
        request: FastifyRequest,
        reply: FastifyReply,
        o: { trackingId: string; status?: number; errors?: FieldError[]; values?: Record<string, string> },
      ) => {
        const principal = requirePrincipal(request);
        const reader = staffReader(principal);
        const report = await staffViewReport(ctx, {
          tenant: request.tenant,
          trackingId: o.trackingId,
          reader,
          unit: principal.unit,
        });
        const done = (request.query as { selesai?: unknown }).selesai;
        return render(request, reply, {
          status: o.status ?? 200,
          title: `Laporan ${report.trackingId}`,
          body: reportPage({
            profile: ctx.region(request.tenant),
            report,
            reader,
            csrf: staffForm(request, ctx.staffSessions),
            errors: o.errors,
            values: o.values,
            done: typeof done === 'string' ? done : undefined,
          }),
        });
      };

      scope.get(
        '/laporan/:trackingId',
        { schema: { hide: true, params: Params, querystring: z.object({ selesai: z.string().max(20).optional() }) } },
        async (request, reply) => show(request, reply, { trackingId: request.params.trackingId }),
      );

      for (const [path, spec] of Object.entries(FORMS)) {
        scope.post(
          `/laporan/:trackingId/${path}`,
          { preHandler: requireRoles(...spec.roles), schema: { hide: true, params: Params, body: Form } },
          async (request, reply) => {
            const principal = requirePrincipal(request);
            const values = formFields(request.body, 4000);
            const errors = spec.check(values);
            const { trackingId } = request.params;
            if (errors.length) return show(request, reply, { trackingId, status: 422, errors, values });
            const report = await actAsStaff(ctx, {
              tenant: request.tenant,
              trackingId,
              action: spec.action,
              actor: staffActor(principal),
              input: spec.input(values),
              reader: staffReader(principal),
            });
            return reply.redirect(`${reportPath(report.trackingId)}?selesai=${path}`, 303);
          },
        );
      }
    },
  });
}
