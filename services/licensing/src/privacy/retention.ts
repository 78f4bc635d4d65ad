/**
 * How long licensing keeps an applicant's personal data (UU 27/2022 Art. 43-44). The kit runs the
 * rules for every region; each erases only rows it locks (`for update skip locked`) and marks or
 * removes them, so replicas and second passes change nothing more.
 *
 * What stays, always: the application with the applicant's name, its form data, timeline and
 * decision, and the issued permit with its signature and public verification. A permit and the
 * decision on an application are official records (arsip, UU 43/2009 on archives) kept under the
 * region's retention schedule (JRA), not personal data to erase on a timer.
 *
 * identity-document (default 120 days after the application is finished): the uploaded files (KTP,
 * certificates, drawings: blobs in PostgreSQL) are needed to decide, then while the decision can be
 * challenged: an objection within 21 working days (UU 30/2014 Art. 77) and a suit at the
 * administrative court within 90 days of the objection's outcome (UU 5/1986 Art. 55). The default
 * covers both. The rows and blobs are deleted; the timeline notes which requirements and versions
 * were erased with their SHA-256, so the record still says what was assessed. A finished application
 * is issued, rejected (no objection pending), withdrawn or lapsed; `updated_at` is its last step.
 *
 * applicant-contact (default 365 days): phone, e-mail, NIK hash and masked NIK reach the applicant
 * about the file and, once issued, about the permit while it is valid (a revocation, a correction);
 * counted from the later of the last step and the permit's end (its expiry, or its revocation). A
 * permit without an expiry counts from its issue.
 */
import { sql } from 'kysely';
import type { RetentionRule } from '@sinergi/service-kit';
import type { LicensingDB } from '../db/schema.js';
import { deleteDocumentsNoted } from './documents.js';

/** Where an application ends; `updated_at` is then its last step. */
export const FINISHED_STATUSES = ['issued', 'rejected', 'withdrawn', 'lapsed'] as const;
const FINISHED = sql.join(FINISHED_STATUSES.map((s) => sql`${s}`));

export const identityDocument: RetentionRule<LicensingDB> = {
  kind: 'identity-document',
  description:
    'uploaded documents (KTP and the other requirement files) of a finished application, counted from its last step; its timeline keeps which were erased and their SHA-256',
  defaultDays: 120,
  erase: (trx, before, limit) =>
    deleteDocumentsNoted(
      trx,
      sql`select d.id from application_document d join application a on a.id = d.application_id
          where a.status in (${FINISHED}) and a.updated_at < ${before}
          order by d.id limit ${limit}
          for update of d skip locked`,
      'Berkas unggahan dihapus setelah masa retensi data pribadi (UU 27/2022)',
    ),
};

export const applicantContact: RetentionRule<LicensingDB> = {
  kind: 'applicant-contact',
  description:
    'the applicant’s phone, e-mail, NIK hash and masked NIK, counted from the later of the application’s last step and its permit’s expiry or revocation',
  defaultDays: 365,
  async erase(trx, before, limit) {
    const result = await sql`
      update application set applicant_phone = null, applicant_email = null, applicant_nik_hash = null,
                             applicant_nik_masked = null, contact_erased_at = now()
      where id in (
        select a.id from application a left join permit p on p.application_id = a.id
        where a.contact_erased_at is null and a.status in (${FINISHED})
          and (a.applicant_phone is not null or a.applicant_email is not null or a.applicant_nik_hash is not null
               or a.applicant_nik_masked is not null)
          and greatest(a.updated_at, case when p.revoked_at is not null then p.revoked_at else p.valid_until end) < ${before}
        order by a.id limit ${limit}
        for update of a skip locked)`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  },
};

export const retentionRules: readonly RetentionRule<LicensingDB>[] = [identityDocument, applicantContact];
