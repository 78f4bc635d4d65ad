/**
 * The LAPOR! workflow as data: which action moves a report from which status to which, and who
 * may take it. Pure: no I/O, no clock. Routes ask `decide()` and act on its answer.
 *
 *   submitted -> disposed (disposisi) | deferred (tunda) | forwarded / closed (bukan wewenang) | archived (arsip)
 *   disposed -> in-progress (first response) -> followed-up (tindak lanjut) -> closed (accepted or automatic)
 *   followed-up -> in-progress when the reporter disputes; disposed/in-progress -> disposed on re-disposition
 */
import type { ReportStatus } from '@sinergi/contracts';

export type Actor = 'admin' | 'unit' | 'reporter' | 'system';

export const ACTIONS = {
  dispose: { from: ['submitted', 'deferred'], to: 'disposed', by: ['admin'] },
  defer: { from: ['submitted'], to: 'deferred', by: ['admin'] },
  forward: { from: ['submitted', 'deferred'], to: 'forwarded', by: ['admin'] },
  'reject-not-authority': { from: ['submitted', 'deferred'], to: 'closed', by: ['admin'] },
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
} as const satisfies Record<string, { from: readonly ReportStatus[]; to: ReportStatus; by: readonly Actor[] }>;

export type Action = keyof typeof ACTIONS;

export type Decision =
  | { ok: true; to: ReportStatus }
  | { ok: false; reason: 'wrong_actor' | 'wrong_state'; detail: string };

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

export function decide(action: Action, status: ReportStatus, actor: Actor): Decision {
  const rule = ACTIONS[action];
  if (!(rule.by as readonly Actor[]).includes(actor)) {
    return { ok: false, reason: 'wrong_actor', detail: `Only ${rule.by.join(' or ')} may ${action} a report.` };
  }
  if (!(rule.from as readonly ReportStatus[]).includes(status)) {
    return {
      ok: false,
      reason: 'wrong_state',
      detail: `The action "${action}" is not possible on a report that is ${status}; it needs ${rule.from.join(' or ')}.`,
    };
  }
  return { ok: true, to: rule.to };
}

/** Reports nobody needs to act on any more. */
export const FINAL_STATUSES: readonly ReportStatus[] = ['closed', 'forwarded', 'archived'];

/** Reports a new nearby report of the same category may support instead of opening a second case. */
export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'disposed', 'deferred', 'in-progress', 'followed-up'];

/** Open311 knows only open and closed. */
export const open311Status = (status: ReportStatus): 'open' | 'closed' => (FINAL_STATUSES.includes(status) ? 'closed' : 'open');
