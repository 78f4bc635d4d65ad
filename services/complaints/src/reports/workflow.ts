/**
 * The LAPOR! workflow as data: which action moves a report from which status to which, and who
 * may take it. Pure: no I/O, no clock. Use cases ask the kit's `transition`/`transitionOrThrow`
 * with this table and `REPORT`, so a refusal is the kit's `forbidden_action` or `invalid_transition`.
 *
 *   submitted -> disposed (disposisi) | deferred (tunda) | forwarded / closed (bukan wewenang) | archived (arsip)
 *   bukan wewenang names where the report went: another unit (hand-over: disposed there), another region or an agency
 *   disposed -> in-progress (first response) -> followed-up (tindak lanjut) -> closed (accepted or automatic)
 *   followed-up -> in-progress when the reporter disputes; disposed/in-progress -> disposed on re-disposition
 */
import type { ReportStatus } from '@sinergi/contracts';
import type { DescribeOptions, WorkflowTable } from '@sinergi/service-kit';

/** The parties of the workflow (see `ReportActor`): admins verify, unit staff handle, the reporter answers, the clock closes. */
export type ReportActorKind = 'admin' | 'unit' | 'reporter' | 'system';

export const ACTIONS = {
  dispose: { from: ['submitted', 'deferred'], to: 'disposed', by: ['admin'] },
  defer: { from: ['submitted'], to: 'deferred', by: ['admin'] },
  // bukan wewenang: to another region or a named agency (forward, reject), or to another unit of ours (hand-over)
  forward: { from: ['submitted', 'deferred', 'disposed', 'in-progress'], to: 'forwarded', by: ['admin', 'unit'] },
  'reject-not-authority': { from: ['submitted', 'deferred'], to: 'closed', by: ['admin'] },
  'hand-over': { from: ['submitted', 'deferred', 'disposed', 'in-progress'], to: 'disposed', by: ['admin', 'unit'] },
  archive: { from: ['submitted', 'deferred'], to: 'archived', by: ['admin'] },
  'provide-information': { from: ['deferred'], to: 'submitted', by: ['reporter'] },
  respond: { from: ['disposed'], to: 'in-progress', by: ['unit', 'admin'] },
  'follow-up': { from: ['disposed', 'in-progress'], to: 'followed-up', by: ['unit', 'admin'] },
  accept: { from: ['followed-up'], to: 'closed', by: ['reporter'] },
  dispute: { from: ['followed-up'], to: 'in-progress', by: ['reporter'] },
  'auto-close': { from: ['followed-up'], to: 'closed', by: ['system'] },
  redispose: { from: ['disposed', 'in-progress'], to: 'disposed', by: ['admin'] },
  link: { from: ['submitted'], to: 'supporting', by: ['system'] },
  unlink: { from: ['supporting'], to: 'submitted', by: ['admin'] },
} as const satisfies WorkflowTable<ReportStatus, ReportActorKind>;

export type Action = keyof typeof ACTIONS;

/** How a refusal names the object: `Only admin may dispose a report.` */
export const REPORT: DescribeOptions<ReportActorKind> = { object: 'a report' };

const STATUS_LABEL: Record<ReportStatus, string> = {
  submitted: 'Belum terverifikasi',
  disposed: 'Terdisposisi, belum ditindaklanjuti',
  deferred: 'Tertunda',
  forwarded: 'Diteruskan (bukan wewenang)',
  archived: 'Arsip',
  'in-progress': 'Sedang diproses',
  'followed-up': 'Sudah ditindaklanjuti',
  closed: 'Selesai',
  supporting: 'Mendukung laporan lain',
};

/** The Indonesian status label LAPOR! shows on its statistics pages. */
export const statusLabel = (status: ReportStatus) => STATUS_LABEL[status];

/** Reports nobody needs to act on any more. */
export const FINAL_STATUSES: readonly ReportStatus[] = ['closed', 'forwarded', 'archived'];

/** Reports a new nearby report of the same category may support instead of opening a second case. */
export const OPEN_STATUSES: readonly ReportStatus[] = [
  'submitted',
  'disposed',
  'deferred',
  'in-progress',
  'followed-up',
];

/** Open311 knows only open and closed. */
export const open311Status = (status: ReportStatus): 'open' | 'closed' =>
  FINAL_STATUSES.includes(status) ? 'closed' : 'open';
