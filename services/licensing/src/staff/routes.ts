/**
 * licensing's part of the staff console, `/staf/izin/` (sign-in, session and CSRF are the kit's
 * `staffConsole`). Routes read the form, authorize with the roles of the JSON staff API, call the same
 * use cases (`listForStaffView`, `viewForStaff`, `storedDocument`, `staffAct`) and render.
 */
import { requirePrincipal, requireRoles, staffConsole, staffForm, unitScopeOf, type App } from '@sinergi/service-kit';
import { formFields, type FieldError } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import { staffAccess, staffCaller, staffReader } from '../applications/callers.js';
import { listForStaffView, storedDocument, viewForStaff } from '../applications/read.js';
import { sendDocument } from '../applications/route-shared.js';
import { DocumentParams, RegParams } from '../applications/schemas.js';
import { staffAct } from '../applications/staff-actions.js';
import type { StaffInput } from '../applications/transitions.js';
import type { Action } from '../applications/workflow.js';
import { applicationPage, applicationPath, BASE, queuePage } from './pages.js';
import { staffQueue, WAITING_FOR_OFFICE } from './queue.js';

const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('form fields');

/** licensing's refusals staff meet here, in their words (the kit's own are the console's). */
const MESSAGES = {
  application_not_found: { title: 'Permohonan tidak ditemukan', detail: 'Tidak ada permohonan dengan nomor ini.' },
  document_not_found: { title: 'Dokumen tidak ditemukan', detail: 'Permohonan ini tidak memiliki dokumen tersebut.' },
  forbidden_unit: { title: 'Permohonan unit kerja lain', detail: 'Permohonan ini ditangani unit kerja lain.' },
  forbidden_role: { title: 'Tidak dapat dilakukan', detail: 'Peran Anda tidak dapat melakukan langkah ini.' },
  invalid_transition: {
    title: 'Keadaan permohonan sudah berubah',
    detail: 'Langkah ini tidak dapat dilakukan pada keadaan permohonan sekarang. Muat ulang halaman permohonan.',
  },
  invalid_return: { title: 'Pengembalian tidak sah', detail: 'Sebutkan persyaratan yang kurang atau tidak sah.' },
  return_limit_reached: {
    title: 'Batas pengembalian tercapai',
    detail: 'Berkas sudah terlalu sering dikembalikan; nyatakan lengkap atau tolak dengan alasan.',
  },
  step_not_required: {
    title: 'Pemeriksaan tidak diperlukan',
    detail: 'Jenis izin ini tidak memiliki pemeriksaan itu.',
  },
  review_pending: { title: 'Pemeriksaan belum selesai', detail: 'Catat dahulu hasil setiap pemeriksaan yang wajib.' },
  review_failed: {
    title: 'Pemeriksaan tidak memenuhi syarat',
    detail: 'Hasil pemeriksaan tidak memenuhi syarat; tolak permohonan dengan alasannya.',
  },
  fee_not_computable: {
    title: 'Biaya tidak dapat dihitung',
    detail: 'Data permohonan tidak cukup untuk menghitung biaya.',
  },
  reasons_required: { title: 'Alasan wajib diisi', detail: 'Penolakan harus disertai alasannya.' },
  deadline_passed: {
    title: 'Batas waktu keputusan terlewati',
    detail: 'Permohonan ini dianggap dikabulkan menurut hukum (fiktif positif) dan tidak dapat diproses lagi.',
  },
  completeness_deadline_passed: {
    title: 'Batas pemeriksaan kelengkapan terlewati',
    detail: 'Berkas sudah dianggap lengkap sejak batas waktunya; batas waktu keputusan sudah berjalan.',
  },
  objection_deadline_passed: {
    title: 'Batas keputusan keberatan terlewati',
    detail: 'Keberatan dianggap dikabulkan menurut hukum; keputusan baru harus diambil.',
  },
};

type Values = Record<string, string>;

/** One form of the application page: its fields' checks, and what it asks of `staffAct`. */
interface FormSpec {
  action: Action;
  check?: (v: Values) => FieldError[];
  input: (v: Values) => StaffInput;
}

const note = (v: Values) => ({ note: v.catatan?.trim() || undefined });
const returnItems = (v: Values) =>
  Object.entries(v)
    .filter(([k, reason]) => k.startsWith('alasan-') && reason.trim() !== '')
    .map(([k, reason]) => ({ requirement: k.slice('alasan-'.length), reason: reason.trim() }));
const reasonsOf = (v: Values) =>
  (v.alasan_tolak ?? '')
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean);

const checkReasons = (v: Values): FieldError[] =>
  reasonsOf(v).length && reasonsOf(v).every((r) => r.length >= 3)
    ? []
    : [{ field: 'alasan_tolak', message: 'Tulis alasan penolakan, masing-masing minimal 3 karakter.' }];

const FORMS: Record<string, FormSpec> = {
  lengkap: { action: 'complete', input: note },
  kembalikan: {
    action: 'return',
    check: (v) => {
      const items = returnItems(v);
      if (!items.length) return [{ field: 'alasan', message: 'Isi alasan pada sedikitnya satu persyaratan.' }];
      return items
        .filter((i) => i.reason.length < 3)
        .map((i) => ({ field: `alasan-${i.requirement}`, message: 'Alasan minimal 3 karakter.' }));
    },
    input: (v) => ({ items: returnItems(v) }),
  },
  tinjau: { action: 'start-review', input: (v) => ({ assignee: v.petugas?.trim() || undefined }) },
  temuan: {
    action: 'record-findings',
    check: (v) => [
      ...(['technical-review', 'site-inspection'].includes(v.jenis ?? '')
        ? []
        : [{ field: 'jenis', message: 'Pilih jenis pemeriksaan.' }]),
      ...(['meets', 'does-not-meet'].includes(v.hasil ?? '') ? [] : [{ field: 'hasil', message: 'Pilih hasilnya.' }]),
      ...((v.uraian?.trim().length ?? 0) >= 3 ? [] : [{ field: 'uraian', message: 'Uraian minimal 3 karakter.' }]),
    ],
    input: (v) => ({
      finding: {
        kind: v.jenis as 'technical-review' | 'site-inspection',
        result: v.hasil as 'meets' | 'does-not-meet',
        notes: v.uraian!.trim(),
      },
      note: v.uraian!.trim(),
    }),
  },
  biaya: { action: 'assess-fee', input: note },
  setujui: { action: 'approve', input: note },
  tolak: { action: 'reject', check: checkReasons, input: (v) => ({ reasons: reasonsOf(v) }) },
  // an objection (keberatan) against a rejection: upheld with reasons, or granted (a new decision is due)
  'keberatan-tolak': { action: 'uphold-rejection', check: checkReasons, input: (v) => ({ reasons: reasonsOf(v) }) },
  'keberatan-kabul': { action: 'grant-objection', input: note },
};

export function staffPages(app: App, ctx: Ctx, deps: Deps): void {
  staffConsole(app, ctx, {
    part: 'izin',
    title: 'Konsol Staf Perizinan',
    nav: [{ href: `${BASE}/`, label: 'Daftar permohonan' }],
    messages: MESSAGES,
    routes(scope, render) {
      // the JSON staff API's readers; files and actions are for admins, officers and unit heads only
      scope.addHook('preHandler', requireRoles('admin', 'auditor', 'officer', 'unit-head'));
      const handlers = requireRoles('admin', 'officer', 'unit-head');

      scope.get('/', { schema: { hide: true } }, async (request, reply) => {
        const unit = unitScopeOf(requirePrincipal(request));
        const lists = await Promise.all(
          WAITING_FOR_OFFICE.map((status) =>
            listForStaffView(ctx, { tenant: request.tenant, filter: { unit, status, limit: 200, offset: 0 } }),
          ),
        );
        return render(request, reply, {
          title: 'Daftar permohonan',
          body: queuePage({
            profile: ctx.region(request.tenant),
            items: staffQueue(lists.flat(), new Date()),
            scope: unit,
          }),
        });
      });

      const show = async (
        request: FastifyRequest,
        reply: FastifyReply,
        o: { registrationNumber: string; status?: number; errors?: FieldError[]; values?: Values },
      ) => {
        const principal = requirePrincipal(request);
        const reader = staffReader(principal);
        const view = await viewForStaff(ctx, {
          tenant: request.tenant,
          registrationNumber: o.registrationNumber,
          caller: staffAccess(principal),
          reader,
        });
        const done = (request.query as { selesai?: unknown }).selesai;
        return render(request, reply, {
          status: o.status ?? 200,
          title: `Permohonan ${view.registrationNumber}`,
          body: applicationPage({
            profile: ctx.region(request.tenant),
            view,
            canAct: reader !== 'auditor',
            csrf: staffForm(request, ctx.staffSessions),
            errors: o.errors,
            values: o.values,
            done: typeof done === 'string' ? done : undefined,
          }),
        });
      };

      scope.get(
        '/permohonan/:registrationNumber',
        {
          schema: { hide: true, params: RegParams, querystring: z.object({ selesai: z.string().max(20).optional() }) },
        },
        async (request, reply) => show(request, reply, { registrationNumber: request.params.registrationNumber }),
      );

      scope.get(
        '/permohonan/:registrationNumber/dokumen/:documentId',
        { preHandler: handlers, schema: { hide: true, params: DocumentParams } },
        async (request, reply) =>
          sendDocument(
            reply,
            await storedDocument(ctx, {
              tenant: request.tenant,
              registrationNumber: request.params.registrationNumber,
              documentId: request.params.documentId,
              who: { staff: staffAccess(requirePrincipal(request)) },
            }),
          ),
      );

      for (const [path, spec] of Object.entries(FORMS)) {
        scope.post(
          `/permohonan/:registrationNumber/${path}`,
          { preHandler: handlers, schema: { hide: true, params: RegParams, body: Form } },
          async (request, reply) => {
            const principal = requirePrincipal(request);
            const values = formFields(request.body, 4000);
            const { registrationNumber } = request.params;
            const errors = spec.check?.(values) ?? [];
            if (errors.length) return show(request, reply, { registrationNumber, status: 422, errors, values });
            const view = await staffAct(ctx, deps, {
              tenant: request.tenant,
              registrationNumber,
              action: spec.action,
              caller: staffCaller(principal),
              input: spec.input(values),
              reader: staffReader(principal),
            });
            return reply.redirect(`${applicationPath(view.registrationNumber)}?selesai=${path}`, 303);
          },
        );
      }
    },
  });
}
