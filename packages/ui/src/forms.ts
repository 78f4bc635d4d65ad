/**
 * Classic HTML forms: bodies arrive as application/x-www-form-urlencoded (parsed by @fastify/formbody,
 * which services already register per page scope). A field repeated in the body or sent as JSON by a
 * script is reduced to plain strings here, so page handlers read one shape whatever was posted.
 */

export type FormFields = Record<string, string>;

/** Every field as one string (the first of repeated ones), cut at `maxLength`; anything else is dropped. */
export function formFields(body: unknown, maxLength = 10_000): FormFields {
  const out: FormFields = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first.slice(0, maxLength);
  }
  return out;
}

/** All values of a field that may repeat (checkboxes). */
export function formValues(body: unknown, name: string): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as Record<string, unknown>)[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
