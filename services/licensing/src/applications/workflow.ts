/**
 * The permit application workflow as data: which action moves an application from which status to
 * which, and who may take it. Pure: no I/O, no clock. The transition engine asks the kit's
 * `transitionOrThrow` with this table and acts on the answer.
 *
 *   draft -> submitted -> returned (lengkapi data; the clock does not run) -> submitted ...
 *   submitted -> complete (berkas lengkap: the service-standard clock starts), by the unit or, when
 *                the registration check runs out, by the system (deem-complete)
 *   complete -> in-review (technical review / site inspection, assigned, with findings)
 *   complete | in-review -> fee-assessed (retribusi) -> approved (awaiting payment) -> paid -> issued
 *   submitted | complete | in-review | fee-assessed -> rejected (with reasons)
 *   complete | in-review | fee-assessed -> issued when the deadline passes (fiktif positif), or
 *                approved (awaiting payment) for a type issued only after payment (deem-approve)
 *   returned -> lapsed when the completion window runs out (with a reminder before it)
 *   rejected -> objected (keberatan) -> rejected (upheld) | complete (granted: a new decision is due)
 *
 * Returning for completion is possible only before completeness, at most MAX_RETURNS times: the clock starts at completeness
 * (UU 30/2014 Art. 53), so a returned file never has a running clock to pause. A defect found after
 * completeness is a ground for rejection with reasons, not a way to stop the clock.
 */
import type { DescribeOptions, WorkflowTable } from '@sinergi/service-kit';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'complete',
  'in-review',
  'fee-assessed',
  'approved',
  'paid',
  'issued',
  'rejected',
  'withdrawn',
  'lapsed',
  'objected',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** applicant: the citizen (token or registration number + secret); unit: officers of the type's unit (and admins); integrator: the payment system. */
export type Actor = 'applicant' | 'unit' | 'integrator' | 'system';

export const ACTIONS = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: ['applicant'] },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', by: ['applicant'] },
  return: { from: ['submitted'], to: 'returned', by: ['unit'] },
  complete: { from: ['submitted'], to: 'complete', by: ['unit'] },
  'deem-complete': { from: ['submitted'], to: 'complete', by: ['system'] },
  'start-review': { from: ['complete'], to: 'in-review', by: ['unit'] },
  'record-findings': { from: ['in-review'], to: 'in-review', by: ['unit'] },
  'assess-fee': { from: ['complete', 'in-review'], to: 'fee-assessed', by: ['unit'] },
  approve: { from: ['fee-assessed'], to: 'approved', by: ['unit'] },
  reject: { from: ['submitted', 'complete', 'in-review', 'fee-assessed'], to: 'rejected', by: ['unit'] },
  'confirm-payment': { from: ['approved'], to: 'paid', by: ['integrator'] },
  issue: { from: ['approved', 'paid'], to: 'issued', by: ['system'] },
  'deem-grant': { from: ['complete', 'in-review', 'fee-assessed'], to: 'issued', by: ['system'] },
  // fiktif positif for a type issued only after payment (PBG: PP 16/2021 Art. 261): granted, not yet issued
  'deem-approve': { from: ['complete', 'in-review', 'fee-assessed'], to: 'approved', by: ['system'] },
  'remind-completion': { from: ['returned'], to: 'returned', by: ['system'] },
  lapse: { from: ['returned'], to: 'lapsed', by: ['system'] },
  object: { from: ['rejected'], to: 'objected', by: ['applicant'] },
  'uphold-rejection': { from: ['objected'], to: 'rejected', by: ['unit'] },
  'grant-objection': { from: ['objected'], to: 'complete', by: ['unit'] },
  // UU 30/2014 Art. 77(5): an objection not decided in time is deemed granted
  'deem-grant-objection': { from: ['objected'], to: 'complete', by: ['system'] },
} as const satisfies WorkflowTable<ApplicationStatus, Actor>;

export type Action = keyof typeof ACTIONS;

/** How refusals name an application and its actors: "Only the unit may approve an application." */
export const DESCRIBE: DescribeOptions<Actor> = { object: 'an application', actors: (by) => `the ${by.join(' or ')}` };

/** Returns for completion a file may get; then the office must declare it complete or reject it (Sinergi policy). */
export const MAX_RETURNS = 3;

/** Statuses in which the service-standard clock runs and no decision has been taken: the deadline sweep looks only here. */
export const CLOCK_RUNNING: readonly ApplicationStatus[] = ['complete', 'in-review', 'fee-assessed'];

/** The applicant may still change data and documents. */
export const EDITABLE: readonly ApplicationStatus[] = ['draft', 'returned'];

/** No further step, except an objection against a rejection within its window. */
export const FINAL: readonly ApplicationStatus[] = ['issued', 'rejected', 'withdrawn', 'lapsed'];

/** Labels as Bandung's monitoring timeline shows them, and its colours: green done, yellow queued or in progress, red returned or rejected. */
const LABEL: Record<ApplicationStatus, { label: string; colour: 'green' | 'yellow' | 'red' | 'grey' }> = {
  draft: { label: 'Draf (belum diajukan)', colour: 'grey' },
  submitted: { label: 'Diajukan, menunggu pemeriksaan kelengkapan', colour: 'yellow' },
  returned: { label: 'Dikembalikan untuk dilengkapi', colour: 'red' },
  complete: { label: 'Berkas lengkap, sedang diproses', colour: 'yellow' },
  'in-review': { label: 'Verifikasi teknis / peninjauan lapangan', colour: 'yellow' },
  'fee-assessed': { label: 'Biaya ditetapkan, menunggu keputusan', colour: 'yellow' },
  approved: { label: 'Disetujui, menunggu pembayaran', colour: 'yellow' },
  paid: { label: 'Dibayar', colour: 'green' },
  issued: { label: 'Izin terbit', colour: 'green' },
  rejected: { label: 'Ditolak', colour: 'red' },
  withdrawn: { label: 'Dibatalkan pemohon', colour: 'grey' },
  lapsed: { label: 'Gugur: tidak dilengkapi sampai batas waktu', colour: 'red' },
  objected: { label: 'Keberatan diajukan, menunggu keputusan', colour: 'yellow' },
};

export const statusLabel = (s: ApplicationStatus) => LABEL[s];

/** What happens next, in words the applicant understands (GOV.UK's "what happens next"). */
export function nextStep(
  status: ApplicationStatus,
  opts: {
    feeDue: boolean;
    review: boolean;
    amountDue?: string | undefined;
    registrationNumber?: string | undefined;
    deemedGrant?: boolean;
    /** The fee's name: "Retribusi PBG", "Pajak Reklame". */
    feeName?: string | undefined;
    /** Until when a rejection may be objected to (while no objection was filed). */
    objectionUntil?: string | undefined;
    /** Until when a returned file may be completed. */
    completeBy?: string | undefined;
  },
): { who: 'applicant' | 'office' | 'payment' | 'nobody'; text: string } {
  const fee = opts.feeName ?? 'retribusi';
  const howToPay = opts.amountDue
    ? `Bayar ${fee} sebesar ${opts.amountDue} melalui bank atau kanal pembayaran daerah dengan menyebut nomor registrasi ${opts.registrationNumber ?? 'permohonan'}.`
    : `Bayar ${fee}.`;
  switch (status) {
    case 'draft':
      return { who: 'applicant', text: 'Lengkapi data dan unggah dokumen persyaratan, lalu ajukan permohonan.' };
    case 'submitted':
      return {
        who: 'office',
        text: 'Petugas memeriksa kelengkapan berkas. Batas waktu layanan mulai dihitung setelah berkas dinyatakan lengkap; tanpa pemeriksaan sampai batas waktunya, berkas dianggap lengkap.',
      };
    case 'returned':
      return {
        who: 'applicant',
        text: `Lengkapi atau perbaiki persyaratan yang disebutkan, lalu ajukan kembali${opts.completeBy ? ` paling lambat ${opts.completeBy}; setelah itu permohonan gugur` : ''}. Batas waktu layanan belum berjalan.`,
      };
    case 'complete':
    case 'in-review':
      return {
        who: 'office',
        text: opts.review
          ? `Verifikasi teknis dan/atau peninjauan lapangan, lalu penetapan ${fee} dan keputusan. Tanpa keputusan sampai batas waktu, permohonan dianggap dikabulkan secara hukum.`
          : `Penetapan ${fee} dan keputusan. Tanpa keputusan sampai batas waktu, permohonan dianggap dikabulkan secara hukum.`,
      };
    case 'fee-assessed':
      return {
        who: 'office',
        text: 'Keputusan atas permohonan. Tanpa keputusan sampai batas waktu, permohonan dianggap dikabulkan secara hukum.',
      };
    case 'approved':
      return opts.feeDue
        ? {
            who: 'payment',
            text: `${opts.deemedGrant ? 'Permohonan dianggap dikabulkan secara hukum (fiktif positif); izin jenis ini terbit setelah pembayaran. ' : ''}${howToPay} Izin terbit otomatis setelah pembayaran dikonfirmasi.`,
          }
        : { who: 'office', text: 'Izin segera diterbitkan.' };
    case 'paid':
      return { who: 'office', text: 'Izin segera diterbitkan.' };
    case 'issued':
      // a fee assessed before a deemed grant stays owed (the permit is already in force)
      if (opts.deemedGrant && opts.feeDue)
        return {
          who: 'payment',
          text: `Izin telah terbit karena dianggap dikabulkan (fiktif positif); ${fee} yang telah ditetapkan masih terutang. ${howToPay}`,
        };
      return {
        who: 'nobody',
        text: 'Izin telah terbit; unduh dokumen izin. Keasliannya dapat diperiksa dengan kode QR.',
      };
    case 'rejected':
      return opts.objectionUntil
        ? {
            who: 'applicant',
            text: `Permohonan ditolak dengan alasan yang disebutkan. Anda dapat mengajukan keberatan paling lambat ${opts.objectionUntil}, atau mengajukan permohonan baru.`,
          }
        : {
            who: 'nobody',
            text: 'Permohonan ditolak dengan alasan yang disebutkan. Anda dapat mengajukan permohonan baru.',
          };
    case 'withdrawn':
      return { who: 'nobody', text: 'Permohonan dibatalkan.' };
    case 'lapsed':
      return {
        who: 'nobody',
        text: 'Permohonan gugur karena berkas tidak dilengkapi sampai batas waktunya. Anda dapat mengajukan permohonan baru.',
      };
    case 'objected':
      return {
        who: 'office',
        text: 'Keberatan Anda diperiksa. Tanpa keputusan sampai batas waktunya, keberatan dianggap dikabulkan.',
      };
  }
}
