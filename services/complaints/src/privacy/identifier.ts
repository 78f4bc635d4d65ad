/**
 * How a citizen at the desk is matched to their reports: the phone, e-mail or NIK they give is
 * normalised the way submission stored it (E.164 phone, lower-case e-mail, HMAC of the NIK) and
 * compared with the stored column. Pure: the raw value never leaves this function except as the
 * stored form, and a refusal never repeats it.
 */
import { z } from 'zod';
import { hashNik, Nik, normalizePhone } from '@sinergi/contracts';
import { P } from '../problems.js';

export const IDENTIFIER_KINDS = ['phone', 'email', 'nik'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const Identifier = z.object({
  kind: z.enum(IDENTIFIER_KINDS).describe('What the citizen gave at the desk'),
  value: z.string().min(1).max(200).describe('The value itself: never logged, never stored, never answered back'),
});
export type Identifier = z.infer<typeof Identifier>;

export interface ReporterMatch {
  column: 'reporter_phone' | 'reporter_email' | 'reporter_nik_hash';
  value: string;
}

const refuse = (message: string) =>
  P.invalid_identifier('The identifier given does not have the form of its kind.', {
    errors: [{ in: 'body', field: 'identifier.value', message }],
  });

export function reporterMatch(identifier: Identifier, nikKey: string): ReporterMatch {
  const value = identifier.value.trim();
  switch (identifier.kind) {
    case 'phone':
      try {
        return { column: 'reporter_phone', value: normalizePhone(value) };
      } catch {
        throw refuse('not an Indonesian mobile number');
      }
    case 'email':
      if (!z.email().safeParse(value).success) throw refuse('not an e-mail address');
      return { column: 'reporter_email', value: value.toLowerCase() };
    case 'nik':
      if (!Nik.safeParse(value).success) throw refuse('not a valid 16-digit NIK');
      return { column: 'reporter_nik_hash', value: hashNik(value, nikKey) };
  }
}
