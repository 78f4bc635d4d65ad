import { describe, expect, it } from 'vitest';
import { RegionProfile } from '@sinergi/contracts';
import { TEST_REGIONS } from '@sinergi/testkit';
import { findUnitOrThrow, regionOf } from '../../src/region.js';
import { ProblemError } from '../../src/http/problem.js';

const bandung = RegionProfile.parse(TEST_REGIONS[0]);
const directory = { get: (tenant: string) => (tenant === bandung.code ? bandung : undefined) };

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProblemError) return err.toProblem();
    throw err;
  }
  throw new Error('expected a problem');
};

describe('regionOf', () => {
  it("returns the tenant's profile", () => {
    expect(regionOf(directory, '32.73').name).toBe('Kota Bandung');
  });

  it('is 404 unknown_tenant for a region the directory does not know', () => {
    expect(problemOf(() => regionOf(directory, '11.01'))).toMatchObject({
      status: 404,
      code: 'unknown_tenant',
      detail: 'Region 11.01 is not served here.',
    });
  });
});

describe('findUnitOrThrow', () => {
  it('returns the unit', () => {
    expect(findUnitOrThrow(bandung, 'dishub').name).toBe('Dinas Perhubungan');
  });

  it('is 404 unit_not_found for a unit the request addresses', () => {
    expect(problemOf(() => findUnitOrThrow(bandung, 'dinas-x'))).toMatchObject({ status: 404, code: 'unit_not_found' });
  });

  it('is 422 unknown_unit naming the field when a body value names it', () => {
    expect(problemOf(() => findUnitOrThrow(bandung, 'dinas-x', { field: 'unit' }))).toMatchObject({
      status: 422,
      code: 'unknown_unit',
      errors: [{ in: 'body', field: 'unit', message: 'must be a unit of this region' }],
    });
  });
});
