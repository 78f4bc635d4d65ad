/**
 * HTML with escaping by default: every value interpolated into `html\`…\`` is escaped unless it is
 * itself the result of `html` (already safe) or explicitly wrapped in `raw()`. Forgetting to escape
 * then takes effort (`raw`), not forgetting to type it.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Markup known to be safe: made by `html`, or vouched for with `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks markup as safe without escaping. Only for text the code itself wrote (a style sheet), never input. */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

/** What may be interpolated: lists are joined, null/undefined/false render nothing. */
export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}
