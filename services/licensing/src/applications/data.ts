/**
 * Checks an application's data against its permit type's fields. Values are stored as strings
 * (decimals never become floats). On a draft only the types are checked; at submission, required
 * fields must be there too. Pure.
 */
import type { FieldError } from '@sinergi/service-kit';
import type { DataField } from '../permit-types/model.js';
import { parseDecimal } from '../permit-types/fees.js';

const cmp = (a: string, b: string) => {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const l = x.n * y.d;
  const r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

function normalize(field: DataField, value: unknown): { value?: string; error?: string } {
  if (field.type === 'text') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 2000)
      return { error: 'must be text of 1-2000 characters' };
    if (value.includes('\u0000')) return { error: 'must not contain NUL characters (U+0000)' };
    return { value: value.trim() };
  }
  if (field.type === 'date') {
    // a well-formed but impossible date (2026-13-01, 2026-02-30) is an invalid Date: check before toISOString
    const date =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      return { error: 'must be a date YYYY-MM-DD' };
    }
    return { value };
  }
  if (field.type === 'choice') {
    if (typeof value !== 'string' || !field.options!.includes(value))
      return { error: `must be one of ${field.options!.join(', ')}` };
    return { value };
  }
  // numbers: a JSON integer is fine; decimals must come as strings so no float rounding happens on the way
  let s: string;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) s = String(value);
  else if (typeof value === 'string') s = value.trim();
  else
    return {
      error: field.type === 'integer' ? 'must be a whole number' : 'must be a decimal written as a string, e.g. "12.5"',
    };
  const pattern = field.type === 'integer' ? /^(0|[1-9]\d{0,12})$/ : /^(0|[1-9]\d{0,12})(\.\d{1,6})?$/;
  if (!pattern.test(s))
    return {
      error:
        field.type === 'integer' ? 'must be a whole number' : 'must be a non-negative decimal with at most 6 decimals',
    };
  if (field.min !== undefined && cmp(s, field.min) < 0) return { error: `must be at least ${field.min}` };
  if (field.max !== undefined && cmp(s, field.max) > 0) return { error: `must be at most ${field.max}` };
  return { value: s };
}

export function checkData(
  fields: readonly DataField[],
  input: Record<string, unknown>,
  opts: { requireAll: boolean },
): { data: Record<string, string>; errors: FieldError[] } {
  const data: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!fields.some((f) => f.code === key))
      errors.push({ in: 'body', field: `data.${key}`, message: 'is not a field of this permit type' });
  }
  for (const f of fields) {
    const raw = input[f.code];
    if (raw === undefined || raw === null || raw === '') {
      if (opts.requireAll && f.required)
        errors.push({ in: 'body', field: `data.${f.code}`, message: `${f.label} is required` });
      continue;
    }
    const r = normalize(f, raw);
    if (r.error) errors.push({ in: 'body', field: `data.${f.code}`, message: r.error });
    else data[f.code] = r.value!;
  }
  return { data, errors };
}
