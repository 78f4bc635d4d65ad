/** Issue 16's pure rules: the statute cited, fee kinds, the completion window of a returned file, objection deadlines, business permits. */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '@sinergi/service-kit';
import { DEMO_PERMIT_TYPES } from '../../src/permit-types/seed.js';
import {
  objectionDecisionDue,
  objectionFilingDue,
  returnLapseDue,
  returnReminderAt,
} from '../../src/permit-types/legal.js';
import { PermitTypeInput } from '../../src/permit-types/model.js';
import { FIKTIF_POSITIF_STATUTE, LEGAL_BASIS_TEXT } from '../../src/permits/document.js';
import { BANDUNG } from '../samples.js';

const bandung = calendarFor(BANDUNG);
const base = { code: 'x', name: 'Izin X', unit: 'dpmptsp' };
const demo = (code: string) =>
  PermitTypeInput.parse(DEMO_PERMIT_TYPES['32.73']!.find((t) => (t as { code: string }).code === code));

describe('the statute a deemed grant cites', () => {
  it('is UU 30/2014 as amended by Perppu 2/2022, enacted by UU 6/2023, and never the revoked UU 11/2020', () => {
    const text = LEGAL_BASIS_TEXT['fiktif-positif'];
    expect(text).toContain(FIKTIF_POSITIF_STATUTE);
    expect(text).toMatch(/Pasal 53 UU 30\/2014/);
    expect(text).toMatch(/Perppu 2\/2022.*UU 6\/2023/);
    expect(text).not.toContain('11/2020');
  });
});

describe('fee kinds', () => {
  it('states the kind of every demo type; the billboard pays Pajak Reklame and the PBG waits for its retribusi', () => {
    expect(demo('reklame')).toMatchObject({ feeKind: 'pajak', feeName: 'Pajak Reklame', payBeforeIssue: false });
    expect(demo('pbg')).toMatchObject({ feeKind: 'retribusi', payBeforeIssue: true });
    expect(demo('sip-dokter')).toMatchObject({ feeKind: 'none' });
  });

  it('refuses a free rule with a paid kind and a paid rule with kind none, and leaves the kind to its default otherwise', () => {
    const free = { ...base, fee: { kind: 'free' } };
    const fixed = { ...base, fee: { kind: 'fixed', amount: '1000' } };
    expect(PermitTypeInput.safeParse({ ...free, feeKind: 'retribusi' }).error?.issues[0]?.path).toEqual(['feeKind']);
    expect(PermitTypeInput.safeParse({ ...fixed, feeKind: 'none' }).error?.issues[0]?.path).toEqual(['feeKind']);
    expect(PermitTypeInput.safeParse({ ...fixed, feeKind: 'pajak' }).success).toBe(true);
    expect(PermitTypeInput.parse(fixed).feeKind).toBeUndefined();
  });
});

describe('a returned file’s completion window', () => {
  // returned Friday 10 July 2026, 10:00 WIB
  const friday = new Date('2026-07-10T03:00:00Z');

  it('lapses at the end of the n-th working day and reminds that many working days before', () => {
    // 14 working days: 13-17, 20-24, 27-30 July
    expect(returnLapseDue(friday, 14, bandung).toISOString()).toBe('2026-07-30T17:00:00.000Z');
    // 3 days before: the end of the 11th working day, Monday 27 July
    expect(returnReminderAt(friday, { days: 14, reminderDays: 3 }, bandung)?.toISOString()).toBe(
      '2026-07-27T17:00:00.000Z',
    );
  });

  it('sends no reminder when it is switched off or would come before the window starts', () => {
    expect(returnReminderAt(friday, { days: 14, reminderDays: 0 }, bandung)).toBeNull();
    expect(returnReminderAt(friday, { days: 2, reminderDays: 2 }, bandung)).toBeNull();
    expect(
      PermitTypeInput.safeParse({ ...base, fee: { kind: 'free' }, returnCompletionDays: 2, returnReminderDays: 2 })
        .success,
    ).toBe(false);
  });
});

describe('objections (UU 30/2014 Art. 77)', () => {
  it('are accepted for 21 working days after the rejection and decided within the type’s days (default 10)', () => {
    const rejected = new Date('2026-07-10T03:00:00Z');
    // 21 working days from Friday 10 July: 13-17, 20-24, 27-31 July, 3-7, 10 August
    expect(objectionFilingDue(rejected, bandung).toISOString()).toBe('2026-08-10T17:00:00.000Z');
    expect(PermitTypeInput.parse({ ...base, fee: { kind: 'free' } }).objectionDecisionDays).toBe(10);
    // 10 working days from Monday 3 August: 4-7, 10-14, 18 August (17 August is Independence Day)
    expect(objectionDecisionDue(new Date('2026-08-03T03:00:00Z'), 10, bandung).toISOString()).toBe(
      '2026-08-18T17:00:00.000Z',
    );
  });
});

describe('business permits (OSS-RBA, PP 28/2025)', () => {
  it('carry a 5-digit KBLI code and one of the four risk levels, and local permits none', () => {
    const shop = { ...base, fee: { kind: 'free' }, business: { kbli: '47111', riskLevel: 'medium-high' } };
    expect(PermitTypeInput.parse(shop).business).toEqual({ kbli: '47111', riskLevel: 'medium-high' });
    expect(PermitTypeInput.safeParse({ ...shop, business: { kbli: '4711', riskLevel: 'low' } }).success).toBe(false);
    expect(PermitTypeInput.safeParse({ ...shop, business: { kbli: '47111', riskLevel: 'very-high' } }).success).toBe(
      false,
    );
    expect(demo('reklame').business).toBeNull();
  });
});
