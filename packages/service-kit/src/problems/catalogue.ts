/**
 * Problem codes as a typed catalogue: every code a service answers with is declared once, with its
 * HTTP status and a short title, and thrown only through the factory the catalogue generates. A
 * code that is not in a catalogue has no factory, so throwing it does not compile; the catalogue is
 * also what the OpenAPI document lists (see `openapi.ts`).
 */
import { ProblemError, type FieldError } from '../http/problem.js';

export interface ProblemSpec {
  status: number;
  /** One line an integrator reads in the documentation, in English. */
  title: string;
}

export interface ProblemOptions {
  errors?: FieldError[];
  /** Extra members of the problem document, e.g. `{ currentStatus }` (never `status`: that is the HTTP status). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** A ProblemError whose code is known to the type system. */
export type CataloguedProblem<Code extends string> = ProblemError & { readonly code: Code };

/** Makes the problem of one code: `P.report_not_found('There is no report X.')`. */
export interface ProblemFactory<Code extends string> {
  (detail: string, options?: ProblemOptions): CataloguedProblem<Code>;
  readonly code: Code;
  readonly status: number;
  readonly title: string;
}

export type ProblemCatalogue<Specs extends Record<string, ProblemSpec>> = {
  readonly [Code in keyof Specs & string]: ProblemFactory<Code>;
};

/** The codes of a catalogue, for a parameter that accepts only them. */
export type ProblemCodeOf<C> = C extends ProblemCatalogue<infer S> ? keyof S & string : never;

const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Declares problem codes: `defineProblems({ report_not_found: { status: 404, title: '...' } })`.
 * Codes are snake_case; a status outside 400-599 is a mistake caught at start-up.
 */
export function defineProblems<const Specs extends Record<string, ProblemSpec>>(specs: Specs): ProblemCatalogue<Specs> {
  const catalogue: Record<string, ProblemFactory<string>> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (!CODE_PATTERN.test(code)) throw new Error(`problem code ${JSON.stringify(code)} must be snake_case`);
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new Error(`problem ${code} has status ${spec.status}; problems are 4xx or 5xx`);
    }
    const factory = (detail: string, options: ProblemOptions = {}) =>
      new ProblemError(spec.status, code, detail, options);
    catalogue[code] = Object.assign(factory, {
      code,
      status: spec.status,
      title: spec.title,
    }) as ProblemFactory<string>;
  }
  return Object.freeze(catalogue) as ProblemCatalogue<Specs>;
}

export interface ProblemEntry {
  code: string;
  status: number;
  title: string;
}

/**
 * The entries of several catalogues, sorted by code. A code declared twice must mean the same
 * (status and title); two meanings under one name is exactly what the catalogue exists to stop.
 */
export function problemEntries(...catalogues: ReadonlyArray<Record<string, ProblemFactory<string>>>): ProblemEntry[] {
  const byCode = new Map<string, ProblemEntry>();
  for (const catalogue of catalogues) {
    for (const f of Object.values(catalogue)) {
      const seen = byCode.get(f.code);
      if (seen && (seen.status !== f.status || seen.title !== f.title)) {
        throw new Error(
          `problem code ${f.code} is declared twice with different meanings (${seen.status} "${seen.title}" and ${f.status} "${f.title}")`,
        );
      }
      byCode.set(f.code, { code: f.code, status: f.status, title: f.title });
    }
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
