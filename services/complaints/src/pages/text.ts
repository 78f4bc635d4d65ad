/**
 * The words citizens read about a report: every status, timeline action and deadline in plain
 * Indonesian, so no code (`in-progress`, `follow-up`) ever reaches a page.
 */
import type { ReportStatus } from '@sinergi/contracts';
import type { Tone } from '@sinergi/ui';
import { statusLabel } from '../reports/workflow.js';

export { statusLabel };

/** What a status means for the reporter, and what happens next. */
const STATUS_EXPLAINED: Record<ReportStatus, string> = {
  submitted:
    'Laporan sudah diterima dan menunggu diperiksa oleh verifikator, lalu diteruskan ke unit kerja yang berwenang.',
  deferred: 'Verifikator membutuhkan keterangan tambahan dari pelapor. Balas melalui tautan pribadi Anda.',
  disposed: 'Laporan sudah diteruskan ke unit kerja yang berwenang dan menunggu tindak lanjut.',
  'in-progress': 'Unit kerja sedang menangani laporan ini.',
  'followed-up': 'Unit kerja sudah menindaklanjuti. Pelapor dapat menerima atau menyanggah hasilnya.',
  closed: 'Laporan sudah selesai.',
  forwarded: 'Laporan ini bukan wewenang pemerintah daerah dan sudah diteruskan ke instansi yang berwenang.',
  archived: 'Laporan diarsipkan dan tidak ditindaklanjuti.',
  supporting: 'Laporan ini sama dengan laporan lain di dekatnya dan dihitung sebagai dukungan untuk laporan tersebut.',
};

export const statusExplained = (s: ReportStatus) => STATUS_EXPLAINED[s];

export function statusTone(s: ReportStatus): Tone {
  if (s === 'closed' || s === 'followed-up') return 'ok';
  if (s === 'deferred') return 'warn';
  if (s === 'archived' || s === 'forwarded') return 'bad';
  return 'info';
}

const ACTION_LABEL: Record<string, string> = {
  submit: 'Laporan dikirim',
  link: 'Digabungkan dengan laporan serupa',
  unlink: 'Dipisahkan menjadi laporan sendiri',
  dispose: 'Diteruskan ke unit kerja (disposisi)',
  redispose: 'Dialihkan ke unit kerja lain',
  defer: 'Ditunda: menunggu keterangan pelapor',
  'provide-information': 'Pelapor memberi keterangan tambahan',
  forward: 'Diteruskan ke instansi lain (bukan wewenang)',
  'hand-over': 'Diserahkan ke unit kerja lain (bukan wewenang)',
  escalate: 'Batas waktu terlewati: diteruskan ke atasan',
  extend: 'Jangka waktu permintaan informasi diperpanjang',
  'reject-not-authority': 'Ditutup: bukan wewenang pemerintah daerah',
  archive: 'Diarsipkan',
  respond: 'Unit kerja mulai menangani',
  'follow-up': 'Tindak lanjut disampaikan',
  accept: 'Pelapor menerima tindak lanjut',
  dispute: 'Pelapor menyanggah tindak lanjut',
  'auto-close': 'Ditutup otomatis (tidak ada balasan pelapor maupun petugas)',
  reply: 'Balasan',
  privacy: 'Pengaturan privasi diubah',
};

export const actionLabel = (action: string) => ACTION_LABEL[action] ?? 'Pembaruan laporan';

const ACTOR_LABEL: Record<string, string> = {
  admin: 'verifikator',
  unit: 'unit kerja',
  reporter: 'pelapor',
  system: 'sistem',
};
export const actorLabel = (role: string) => ACTOR_LABEL[role] ?? 'petugas';

const DEADLINE_LABEL: Record<string, string> = {
  disposition: 'Batas waktu verifikasi',
  'follow-up': 'Batas waktu tindak lanjut',
  'auto-close': 'Ditutup otomatis bila tidak ditanggapi',
  deferral: 'Batas waktu keterangan tambahan',
};
export const deadlineLabel = (kind: string) => DEADLINE_LABEL[kind] ?? 'Batas waktu';

export const TYPE_LABEL: Record<string, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  'permintaan-informasi': 'Permintaan informasi',
};
