/** A region's complaint handling in the directory: the escalation chain and the limits no national source fixes. */
import { describe, expect, it } from 'vitest';
import { RegionProfile } from '../src/index.js';

const region = {
  code: '32.73',
  name: 'Kota Bandung',
  timeZone: 'Asia/Jakarta',
  units: [
    { code: 'setda', name: 'Sekretariat Daerah', kind: 'sekretariat' },
    { code: 'inspektorat', name: 'Inspektorat', kind: 'inspektorat' },
    { code: 'dishub', name: 'Dinas Perhubungan', kind: 'dinas' },
  ],
} as const;

const messages = (input: unknown) => {
  const r = RegionProfile.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('complaintHandling', () => {
  it('is optional, and takes the Sekretariat Daerah or the Inspektorat as oversight with limits in days', () => {
    expect(messages(region)).toEqual([]);
    const parsed = RegionProfile.parse({
      ...region,
      complaintHandling: { oversightUnit: 'setda', oversightAfterWorkingDays: 5, deferralLimitWorkingDays: 14 },
    });
    expect(parsed.complaintHandling).toEqual({
      oversightUnit: 'setda',
      oversightAfterWorkingDays: 5,
      deferralLimitWorkingDays: 14,
    });
  });

  it('refuses an oversight that is no Sekda or Inspektorat of the region, bad day counts and unknown fields', () => {
    expect(messages({ ...region, complaintHandling: { oversightUnit: 'dishub' } })).toEqual([
      "complaintHandling.oversightUnit: oversight unit dishub must be one of this region's units of kind sekretariat or inspektorat",
    ]);
    expect(messages({ ...region, complaintHandling: { oversightUnit: 'bappeda' } })).toHaveLength(1);
    expect(messages({ ...region, complaintHandling: { receivedTimeMaxAgeDays: 0 } })[0]).toMatch(
      /receivedTimeMaxAgeDays must be a whole number of days from 1 to 365/,
    );
    expect(messages({ ...region, complaintHandling: { oversightAfterWorkingDays: 2.5 } })[0]).toMatch(/whole number/);
    expect(messages({ ...region, complaintHandling: { escalateTo: 'walikota' } })[0]).toMatch(
      /unknown field\(s\) in complaintHandling: escalateTo/,
    );
  });
});
