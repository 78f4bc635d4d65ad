/** The building blocks of citizen pages; every text passes through `html`, so it is escaped. */
import { html, type Interpolation, type SafeHtml } from './html.js';
import { formatDateTime, isoInstant } from './time.js';

export type Tone = 'info' | 'ok' | 'warn' | 'bad';

/** A field's error, as the error summary lists it and the field repeats it. */
export interface FieldError {
  field: string;
  message: string;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

const hintId = (name: string) => `${name}-petunjuk`;
const errorId = (name: string) => `${name}-galat`;
const describedBy = (f: FieldBase) =>
  [f.hint ? hintId(f.name) : '', f.error ? errorId(f.name) : ''].filter(Boolean).join(' ') || null;

function fieldShell(f: FieldBase, control: SafeHtml): SafeHtml {
  return html`<div class="field${f.error ? ' invalid' : ''}"><label for="${f.name}">${f.label}${f.required ? '' : ' (tidak wajib)'}</label>${f.hint ? html`<p class="hint" id="${hintId(f.name)}">${f.hint}</p>` : ''}${f.error ? html`<p class="error" id="${errorId(f.name)}">${f.error}</p>` : ''}${control}</div>`;
}

const attrs = (f: FieldBase) => {
  const by = describedBy(f);
  return html`${f.required ? html` required` : ''}${by ? html` aria-describedby="${by}"` : ''}${f.error ? html` aria-invalid="true"` : ''}`;
};

/** A one-line text input (`type` text, tel or email). */
export function textField(
  f: FieldBase & {
    value?: string | undefined;
    type?: 'text' | 'tel' | 'email' | 'date';
    maxLength?: number;
    autocomplete?: string;
    /** The phone keyboard to show: `numeric` for whole numbers, `decimal` for numbers with a comma. */
    inputMode?: 'numeric' | 'decimal';
  },
): SafeHtml {
  return fieldShell(
    f,
    html`<input type="${f.type ?? 'text'}" id="${f.name}" name="${f.name}" value="${f.value ?? ''}"${f.maxLength ? html` maxlength="${f.maxLength}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.inputMode ? html` inputmode="${f.inputMode}"` : ''}${attrs(f)}>`,
  );
}

/**
 * A file to upload, in a form sent as `multipart/form-data`. `accept` only helps the phone's picker;
 * the server decides what a file is from its content. A file chosen before a form came back is not
 * kept by the browser: the hint should say to choose it again.
 */
export function fileField(f: FieldBase & { accept: readonly string[] }): SafeHtml {
  return fieldShell(
    f,
    html`<input type="file" id="${f.name}" name="${f.name}" accept="${f.accept.join(',')}"${attrs(f)}>`,
  );
}

export function textArea(f: FieldBase & { value?: string | undefined; maxLength?: number }): SafeHtml {
  return fieldShell(
    f,
    html`<textarea id="${f.name}" name="${f.name}"${f.maxLength ? html` maxlength="${f.maxLength}"` : ''}${attrs(f)}>${f.value ?? ''}</textarea>`,
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string | undefined;
}

export function selectField(
  f: FieldBase & { value?: string | undefined; options: readonly Option[]; empty?: string },
): SafeHtml {
  const empty = f.empty !== undefined ? html`<option value="">${f.empty}</option>` : '';
  return fieldShell(
    f,
    html`<select id="${f.name}" name="${f.name}"${attrs(f)}>${empty}${f.options.map((o) => html`<option value="${o.value}"${o.value === f.value ? html` selected` : ''}>${o.label}</option>`)}</select>`,
  );
}

/** Radio buttons or checkboxes in a fieldset, each with its own explanation. */
export function choices(
  f: FieldBase & { type: 'radio' | 'checkbox'; options: readonly Option[]; checked: readonly string[] },
): SafeHtml {
  return html`<fieldset class="${f.error ? 'invalid' : ''}"${f.error ? html` aria-describedby="${errorId(f.name)}"` : ''}><legend>${f.label}</legend>${f.hint ? html`<p class="hint">${f.hint}</p>` : ''}${f.error ? html`<p class="error" id="${errorId(f.name)}">${f.error}</p>` : ''}${f.options.map(
    (o, i) =>
      html`<div class="choice"><input type="${f.type}" id="${f.name}-${i}" name="${f.name}" value="${o.value}"${f.checked.includes(o.value) ? html` checked` : ''}${o.hint ? html` aria-describedby="${f.name}-${i}-petunjuk"` : ''}><label for="${f.name}-${i}">${o.label}${o.hint ? html`<span class="hint" id="${f.name}-${i}-petunjuk">${o.hint}</span>` : ''}</label></div>`,
  )}</fieldset>`;
}

export function button(label: string, o: { secondary?: boolean; name?: string; value?: string } = {}): SafeHtml {
  return html`<button type="submit"${o.secondary ? html` class="secondary"` : ''}${o.name ? html` name="${o.name}" value="${o.value ?? ''}"` : ''}>${label}</button>`;
}

export function badge(label: string, tone: Tone = 'info'): SafeHtml {
  return html`<span class="badge ${tone}">${label}</span>`;
}

export function notice(o: { tone?: Tone; title?: string; body: Interpolation; role?: 'status' | 'alert' }): SafeHtml {
  return html`<div class="notice ${o.tone ?? 'info'}"${o.role ? html` role="${o.role}"` : ''}>${o.title ? html`<h2>${o.title}</h2>` : ''}${o.body}</div>`;
}

/**
 * The list of what to fix, at the top of a form that came back: focusable links to each field, so a
 * screen reader hears the problems first (the GOV.UK pattern).
 */
export function errorSummary(errors: readonly FieldError[]): SafeHtml | '' {
  if (errors.length === 0) return '';
  return html`<div class="notice bad" role="alert" tabindex="-1"><h2>Mohon periksa kembali isian Anda</h2><ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul></div>`;
}

export interface TimelineEntry {
  at: Date | string;
  title: string;
  detail?: Interpolation;
}

/** Events oldest first, each with its local date and time. */
export function timeline(entries: readonly TimelineEntry[], timeZone: string): SafeHtml {
  return html`<ol class="timeline">${entries.map((e) => html`<li><time class="when" datetime="${isoInstant(e.at)}">${formatDateTime(e.at, timeZone)}</time><strong>${e.title}</strong>${e.detail ? html`<div>${e.detail}</div>` : ''}</li>`)}</ol>`;
}

/** Label and value pairs; rows without a value are left out. */
export function facts(rows: readonly [label: string, value: Interpolation][]): SafeHtml {
  return html`<dl class="facts">${rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([l, v]) => html`<dt>${l}</dt><dd>${v}</dd>`)}</dl>`;
}
