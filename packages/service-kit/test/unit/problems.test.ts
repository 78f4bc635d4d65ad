import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineProblems, problemEntries } from '../../src/problems/catalogue.js';
import { kitProblems, sharedProblems } from '../../src/problems/kit.js';
import { problemTable } from '../../src/problems/openapi.js';
import { ProblemError } from '../../src/http/problem.js';

const P = defineProblems({
  report_not_found: { status: 404, title: 'There is no such report in this region.' },
  report_finished: { status: 409, title: 'The report is finished.' },
});

describe('defineProblems', () => {
  it('gives one typed factory per code that makes the ProblemError the error handler renders', () => {
    const e = P.report_not_found('There is no report LPR-1 in this region.', { extensions: { trackingId: 'LPR-1' } });
    expect(e).toBeInstanceOf(ProblemError);
    expect(e.toProblem('/v1/reports/LPR-1')).toMatchObject({
      status: 404,
      code: 'report_not_found',
      type: 'urn:sinergi:problem:report_not_found',
      detail: 'There is no report LPR-1 in this region.',
      trackingId: 'LPR-1',
    });
    expect(P.report_finished.status).toBe(409);
    expect(P.report_finished.code).toBe('report_finished');
  });

  it('carries field errors and headers', () => {
    const e = kitProblems.unauthenticated('No token.', { headers: { 'www-authenticate': 'Bearer' } });
    expect(e.headers).toEqual({ 'www-authenticate': 'Bearer' });
    const v = sharedProblems.unknown_unit('Unit x is not a unit of Kota Bandung.', {
      errors: [{ in: 'body', field: 'unit', message: 'must be a unit of this region' }],
    });
    expect(v.toProblem().errors).toEqual([{ in: 'body', field: 'unit', message: 'must be a unit of this region' }]);
  });

  it('has no factory for a code outside the catalogue', () => {
    // @ts-expect-error not a code of this catalogue: throwing it does not compile
    expect(P.report_lost).toBeUndefined();
  });

  it('refuses codes that are not snake_case and statuses that are not errors', () => {
    expect(() => defineProblems({ 'Report-Lost': { status: 404, title: 'x' } })).toThrow(/snake_case/);
    expect(() => defineProblems({ fine: { status: 200, title: 'x' } })).toThrow(/4xx or 5xx/);
  });
});

describe('problemEntries', () => {
  it('lists the codes of several catalogues once, sorted', () => {
    const entries = problemEntries(kitProblems, sharedProblems, P);
    expect(entries.map((e) => e.code)).toEqual([...entries.map((e) => e.code)].sort());
    expect(entries).toContainEqual({
      code: 'report_not_found',
      status: 404,
      title: 'There is no such report in this region.',
    });
    expect(entries.filter((e) => e.code === 'unknown_tenant')).toHaveLength(1);
  });

  it('refuses one code with two meanings', () => {
    const clash = defineProblems({ unit_not_found: { status: 422, title: 'A field names an unknown unit.' } });
    expect(() => problemEntries(sharedProblems, clash)).toThrow(/unit_not_found is declared twice/);
    // the same meaning twice is fine
    expect(() => problemEntries(sharedProblems, sharedProblems)).not.toThrow();
  });

  it('renders a table for the OpenAPI description', () => {
    expect(problemTable(problemEntries(P))).toContain(
      '| `report_not_found` | 404 | There is no such report in this region. |',
    );
  });
});

describe("the kit's catalogue", () => {
  it('holds every code the kit raises, with the status it raises it with', () => {
    const expected: Record<string, number> = {
      validation_failed: 400,
      malformed_json: 400,
      nul_character: 400,
      tenant_required: 400,
      unauthenticated: 401,
      forbidden_role: 403,
      forbidden_unit: 403,
      tenant_mismatch: 403,
      unknown_tenant: 404,
      route_not_found: 404,
      dead_letter_not_found: 404,
      body_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      internal_error: 500,
      overloaded: 503,
    };
    for (const [code, status] of Object.entries(expected))
      expect(kitProblems[code as keyof typeof kitProblems]?.status, code).toBe(status);
  });
});

describe('the kit raises only catalogued codes', () => {
  const STATUS_OF: Record<string, number> = {
    badRequest: 400,
    forbidden: 403,
    notFound: 404,
    conflict: 409,
    unprocessable: 422,
  };
  const sources = (readdirSync(new URL('../../src', import.meta.url), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8') }));

  it('finds every code in kitProblems or sharedProblems with the status it is raised with', () => {
    const raised: { file: string; code: string; status: number | undefined }[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/new ProblemError\(\s*(\d{3}),\s*'([a-z_]+)'/g))
        raised.push({ file, code: m[2]!, status: Number(m[1]) });
      for (const m of text.matchAll(/problems\.(\w+)\(\s*'([a-z_]+)'/g))
        raised.push({ file, code: m[2]!, status: STATUS_OF[m[1]!] });
      for (const m of text.matchAll(/\{ status: (\d{3}), code: '([a-z_]+)'/g))
        raised.push({ file, code: m[2]!, status: Number(m[1]) });
      if (/problems\.unauthenticated\(/.test(text)) raised.push({ file, code: 'unauthenticated', status: 401 });
    }
    expect(raised.length).toBeGreaterThan(15);
    const catalogue = new Map(problemEntries(kitProblems, sharedProblems).map((e) => [e.code, e.status]));
    const missing = raised.filter(
      (r) => catalogue.get(r.code) === undefined || (r.status !== undefined && catalogue.get(r.code) !== r.status),
    );
    expect(missing, 'add these to src/problems/kit.ts (or fix the status)').toEqual([]);
  });
});
