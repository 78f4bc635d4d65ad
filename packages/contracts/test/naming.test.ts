import { describe, expect, it } from 'vitest';
import {
  eventTypeFilter,
  parseEventType,
  SERVICES,
  ServiceName,
  streamConfigFor,
  subjectFilter,
  subjectFor,
  tenantFromToken,
  tenantToken,
} from '../src/index.js';

describe('event type names', () => {
  it('lists the five services', () => {
    expect([...SERVICES].sort()).toEqual(['budgeting', 'complaints', 'licensing', 'official-rating', 'social-intake']);
    expect(ServiceName.safeParse('parking').success).toBe(false);
  });

  it('splits a type into its parts', () => {
    expect(parseEventType('sinergi.social-intake.post.classified.v12')).toEqual({
      service: 'social-intake',
      aggregate: 'post',
      event: 'classified',
      version: 12,
    });
  });

  it.each([
    'complaints.report.submitted.v1',
    'sinergi.complaints.report.submitted',
    'sinergi.complaints.report.submitted.v0',
    'sinergi.Complaints.report.submitted.v1',
    'sinergi.complaints.report.submitted.V1',
    'sinergi.complaints.report_x.submitted.v1',
    'sinergi.complaints.1report.submitted.v1',
    'sinergi.complaints.report.submitted.v1.extra',
  ])('rejects %s', (type) => {
    expect(() => parseEventType(type)).toThrow(/sinergi\.<service>\.<aggregate>\.<event>\.v<major>/);
  });
});

describe('tenant tokens', () => {
  it('replaces the dot, because NATS splits subjects on dots', () => {
    expect(tenantToken('32.73')).toBe('32_73');
    expect(tenantFromToken('32_73')).toBe('32.73');
    expect(tenantFromToken(tenantToken('82.71'))).toBe('82.71');
  });

  it('rejects malformed codes and tokens', () => {
    expect(() => tenantToken('3273')).toThrow(/region code/);
    expect(() => tenantToken('32.73.01')).toThrow(/region code/);
    expect(() => tenantFromToken('32.73')).toThrow(/32_73/);
    expect(() => tenantFromToken('*')).toThrow();
  });
});

describe('subjects and streams', () => {
  it('puts the tenant after the service', () => {
    expect(subjectFor('sinergi.complaints.report.submitted.v1', '32.73')).toBe(
      'sinergi.complaints.32_73.report.submitted.v1',
    );
    expect(subjectFor('sinergi.social-intake.post.received.v2', '72.71', 'ci-run-7')).toBe(
      'ci-run-7.social-intake.72_71.post.received.v2',
    );
  });

  it('rejects bad prefixes, types and tenants', () => {
    expect(() => subjectFor('sinergi.complaints.report.submitted.v1', '32.73', 'a b')).toThrow(/prefix/);
    expect(() => subjectFor('sinergi.complaints.report.submitted.v1', '32.73', 'x.>')).toThrow(/prefix/);
    expect(() => subjectFor('complaints.report', '32.73')).toThrow();
    expect(() => subjectFor('sinergi.complaints.report.submitted.v1', '32_73')).toThrow(/region code/);
  });

  it('builds filters for a service, a tenant and one event type', () => {
    expect(subjectFilter({ service: 'complaints' })).toBe('sinergi.complaints.>');
    expect(subjectFilter({ service: 'complaints', tenant: '32.73' })).toBe('sinergi.complaints.32_73.>');
    expect(subjectFilter({ service: 'licensing', prefix: 'test.x1' })).toBe('test.x1.licensing.>');
    expect(eventTypeFilter('sinergi.complaints.report.resolved.v1')).toBe('sinergi.complaints.*.report.resolved.v1');
    expect(eventTypeFilter('sinergi.complaints.report.resolved.v1', { tenant: '32.73' })).toBe(
      'sinergi.complaints.32_73.report.resolved.v1',
    );
    expect(() => subjectFilter({ service: 'Complaints' })).toThrow(/service/);
  });

  it('has one stream per service whose subjects cover the events of that service', () => {
    expect(streamConfigFor('complaints')).toEqual({ name: 'SINERGI_COMPLAINTS', subjects: ['sinergi.complaints.>'] });
    expect(streamConfigFor('social-intake')).toEqual({
      name: 'SINERGI_SOCIAL_INTAKE',
      subjects: ['sinergi.social-intake.>'],
    });
    expect(streamConfigFor('official-rating', 'ci.run-7').name).toBe('CI_RUN_7_OFFICIAL_RATING');
    const names = SERVICES.map((s) => streamConfigFor(s).name);
    expect(new Set(names).size).toBe(SERVICES.length);
  });
});
