import { describe, expect, it } from 'vitest';
import { hashNik } from '@sinergi/contracts';
import { contactMatch, ContactIdentifier } from '../../src/privacy/data-subject.js';
import { ProblemError } from '../../src/http/problem.js';

const KEY = 'a-test-nik-key-of-some-length-000';
const refuse = (message: string) =>
  new ProblemError(422, 'invalid_identifier', 'refused', {
    errors: [{ in: 'body', field: 'identifier.value', message }],
  });
const match = (kind: 'phone' | 'email' | 'nik', value: string) =>
  contactMatch(ContactIdentifier.parse({ kind, value }), { prefix: 'reporter', nikKey: KEY, refuse });

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProblemError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('contactMatch', () => {
  it('normalises a phone the way submission stores it, whatever the citizen writes', () => {
    for (const written of ['0812-3456-7890', '+62 812 3456 7890', ' 6281234567890 '])
      expect(match('phone', written)).toEqual({ column: 'reporter_phone', value: '+6281234567890' });
  });

  it('lower-cases an e-mail and compares it with the prefixed column', () => {
    expect(match('email', 'Siti.R@Example.COM')).toEqual({ column: 'reporter_email', value: 'siti.r@example.com' });
    const applicant = contactMatch({ kind: 'email', value: 'a@b.id' }, { prefix: 'applicant', nikKey: KEY, refuse });
    expect(applicant.column).toBe('applicant_email');
  });

  it('turns a NIK into its keyed hash, never the NIK itself', () => {
    const m = match('nik', '3273024507900001');
    expect(m).toEqual({ column: 'reporter_nik_hash', value: hashNik('3273024507900001', KEY) });
    expect(m.value).not.toContain('3273024507900001');
  });

  it('refuses a value without the form of its kind, and never repeats it', () => {
    for (const [kind, value] of [
      ['phone', '12345'],
      ['email', 'not-an-address'],
      ['nik', '3273029999990001'],
    ] as const) {
      const err = refusal(() => match(kind, value));
      expect(err.status).toBe(422);
      expect(JSON.stringify(err.toProblem())).not.toContain(value);
    }
  });
});
