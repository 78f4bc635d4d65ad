import { describe, expect, it } from 'vitest';
import type { Principal } from '@sinergi/service-kit';
import { mayLookUp } from '../../src/posts/lookup.js';
import { supportLinkText, trackingLink } from '../../src/replies/support-link.js';

const who = (roles: Principal['roles'], o: { sub?: string; unit?: string } = {}): Principal => ({
  sub: o.sub ?? 'someone',
  tenant: '32.73',
  roles,
  unit: o.unit,
});

describe('mayLookUp: the delivering gateway and staff', () => {
  const delivered = { unit: 'dlh', delivered_by: 'gw-a' };
  it('lets the integrator that delivered the post, admins, auditors and the owning unit look it up', () => {
    expect(mayLookUp(who(['integrator'], { sub: 'gw-a' }), delivered)).toBe(true);
    expect(mayLookUp(who(['admin']), delivered)).toBe(true);
    expect(mayLookUp(who(['auditor']), delivered)).toBe(true);
    expect(mayLookUp(who(['officer'], { unit: 'dlh' }), delivered)).toBe(true);
    expect(mayLookUp(who(['unit-head'], { unit: 'dlh' }), delivered)).toBe(true);
  });
  it('refuses other integrators, other units, citizens, and integrators for platform posts', () => {
    expect(mayLookUp(who(['integrator'], { sub: 'gw-b' }), delivered)).toBe(false);
    expect(mayLookUp(who(['officer'], { unit: 'dishub' }), delivered)).toBe(false);
    expect(mayLookUp(who(['officer']), { unit: null, delivered_by: null })).toBe(false);
    expect(mayLookUp(who(['citizen'], { sub: 'gw-a' }), delivered)).toBe(false);
    expect(mayLookUp(who(['integrator'], { sub: 'gw-a' }), { unit: 'dlh', delivered_by: null })).toBe(false);
  });
});

describe('the tracking link a near-duplicate’s author gets', () => {
  it('is the public tracking page of the report, in Indonesian, with nothing personal', () => {
    const link = trackingLink('https://lapor.bandung.go.id/lapor/lacak/', 'LPR-AB12-CD34');
    expect(link).toBe('https://lapor.bandung.go.id/lapor/lacak/LPR-AB12-CD34');
    expect(supportLinkText('LPR-AB12-CD34', link)).toBe(
      'Terima kasih atas laporannya. Masalah yang sama sudah dilaporkan warga lain sebagai LPR-AB12-CD34; ' +
        'laporan Anda kami catat sebagai dukungan untuk laporan itu. Pantau perkembangannya di ' +
        'https://lapor.bandung.go.id/lapor/lacak/LPR-AB12-CD34',
    );
  });
  it('refuses a tracking id that is not one', () => {
    expect(() => trackingLink('https://x.go.id', '../admin')).toThrow(RangeError);
  });
});
