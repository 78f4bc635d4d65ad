import { describe, expect, it } from 'vitest';
import { FDP_FIELDS, fdpDescriptor, fdpRows } from '../../src/public/datapackage.js';
import { classificationOf, summarize } from '../../src/public/summaries.js';

const line = (unit: string, subActivity: string, murni: bigint, realized: bigint) => ({
  unit,
  subActivity,
  murni,
  revised: murni,
  realized,
});

describe('open-data summaries', () => {
  it('a sub-kegiatan code gives its urusan, bidang, program and kegiatan', () => {
    expect(classificationOf('7.01.01.2.06.0002')).toEqual({
      urusan: '7',
      bidang: '7.01',
      program: '7.01.01',
      kegiatan: '7.01.01.2.06',
    });
  });

  it('sums murni, revised and realized exactly per unit and per function (bidang)', () => {
    const lines = [
      line('dsdabm', '1.03.10.2.01.0021', 9_000_000_000_000n, 1n),
      line('disdik', '1.01.02.2.01.0001', 1_000_000_000_001n, 0n),
      line('dsdabm', '1.03.11.2.01.0001', 5n, 5n),
    ];
    expect(summarize(lines, 'function')).toEqual([
      { code: '1.01', murni: 1_000_000_000_001n, revised: 1_000_000_000_001n, realized: 0n },
      { code: '1.03', murni: 9_000_000_000_005n, revised: 9_000_000_000_005n, realized: 6n },
    ]);
    expect(summarize(lines, 'unit').map((r) => r.code)).toEqual(['disdik', 'dsdabm']);
  });
});

describe('the Fiscal Data Package', () => {
  it('writes each line once per phase, cells in the order of the declared fields', () => {
    const rows = fdpRows({
      year: 2026,
      names: new Map([['1.03', 'PU']]),
      lines: [
        {
          id: '00000000-0000-0000-0000-000000000001',
          unit: 'dsdabm',
          unitName: 'DSDABM',
          subActivity: '1.03.10.2.01.0021',
          account: '5.2.04.01.01.0001',
          accountName: 'Belanja Modal Jalan Kota',
          murni: 10n,
          revised: 12n,
          realized: 3n,
        },
      ],
    });
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(FDP_FIELDS.length);
    const at = (name: string) => FDP_FIELDS.findIndex((f) => f.name === name);
    expect(rows.map((r) => [r[at('phase')], r[at('amount')], r[at('bidang_name')]])).toEqual([
      ['approved', '10', 'PU'],
      ['adjusted', '12', 'PU'],
      ['executed', '3', 'PU'],
    ]);
  });

  it('names the package after the region and year, pointing at its CSV', () => {
    const dp = fdpDescriptor({ tenant: '32.73', regionName: 'Kota Bandung', year: 2026, path: 'lines.csv' });
    expect(dp).toMatchObject({ name: 'apbd-32-73-2026', resources: [{ path: 'lines.csv' }] });
  });
});
