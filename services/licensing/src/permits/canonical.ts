/**
 * Canonical JSON for signing: object keys sorted by code unit, no whitespace, strings escaped as
 * JSON.stringify does. For the values a permit document holds (strings, safe integers, booleans,
 * null, arrays, objects) this is the same text RFC 8785 (JCS) produces.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError('canonicalJson: only safe integers are signed; write other numbers as strings');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: cannot sign a ${typeof value}`);
}
