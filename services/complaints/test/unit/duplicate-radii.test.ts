/** The duplicate radii the duplicates tests rely on, and the test points' distances. */
import { expect, it } from 'vitest';
import { distanceMeters } from '@sinergi/contracts';
import { offset, radius } from '../geo.js';

it('uses the radii of the demo directory', () => {
  expect(radius('jalan-rusak')).toBe(50);
  expect(radius('banjir-genangan')).toBe(300);
  const p = offset({ lat: -6.98, lon: 107.55 }, 2000, 2000);
  expect(distanceMeters(p, offset(p, 30))).toBeCloseTo(30, 1);
  expect(distanceMeters(p, offset(p, 0, 45))).toBeCloseTo(45, 1);
});
