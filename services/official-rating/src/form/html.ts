/*
 * The citizen's rating form as plain server-rendered HTML on the shared layout (@sinergi/ui): it works
 * on any phone browser, without JavaScript, in Indonesian, and names what is rated in words. Every
 * value shown passes through `html`, so it is escaped.
 */
import { SKM_ELEMENTS } from '@sinergi/contracts';
import { errorSummary, facts, html, type FieldError, type SafeHtml } from '@sinergi/ui';
import { serviceName, transactionLabel, type RatedTransaction } from '../pages/text.js';
import { PROFILE_ATTRIBUTES, PROFILE_LABELS, PROFILE_OPTIONS } from '../skm/profile.js';
import { ELEMENT_LABELS, SCALE } from '../skm/questionnaire.js';

export interface FormContext {
  /** The region: the form posts back to it, as several may be hosted together. */
  tenant: string;
  token: string;
  unitName: string;
  transaction: RatedTransaction;
  officialJobTitle: string | null;
  dimensions: { key: string; label: string }[];
}

export type FormValues = Record<string, string | undefined>;

// what a refused form echoes back is cut to what its fields accept: a 300 KB comment must not come back
const REASON_MAX = 500;
const COMMENT_MAX = 2000;
const echo = (value: string | undefined, max: number) => (value ?? '').slice(0, max);

interface RadioGroup {
  name: string;
  legend: SafeHtml | string;
  options: readonly { value: number; label: string }[];
  checked: string | undefined;
  error?: string | undefined;
}

/**
 * A question as a fieldset of radios. The first radio carries the group's name as its id, so the
 * error summary's link lands on it; a missing answer is marked on every radio (aria-invalid).
 */
function radioGroup(g: RadioGroup): SafeHtml {
  const invalid = g.error ? html` aria-invalid="true" aria-describedby="${g.name}-galat"` : '';
  return html`<fieldset class="${g.error ? 'invalid' : ''}"><legend>${g.legend}</legend>${g.error ? html`<p class="error" id="${g.name}-galat">${g.error}</p>` : ''}${g.options.map(
    (o, i) =>
      html`<div class="choice"><input type="radio" id="${i === 0 ? g.name : `${g.name}-${i}`}" name="${g.name}" value="${o.value}"${g.checked === String(o.value) ? html` checked` : ''}${invalid}><label for="${i === 0 ? g.name : `${g.name}-${i}`}">${o.label}</label></div>`,
  )}</fieldset>`;
}

const STARS = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${'★'.repeat(n)} (${n} dari 5)` }));
const SCALE_OPTIONS = SCALE.map((s) => ({ value: s.value, label: s.id }));

/** The respondent profile (PermenPANRB 14/2017): a select per attribute, empty by default, never required. */
function profileFields(values: FormValues): SafeHtml {
  return html`<fieldset><legend>Tentang Anda (tidak wajib)</legend>
    <p class="hint">Hanya dihitung dan diumumkan sebagai jumlah per kelompok; kelompok yang kurang dari beberapa orang tidak ditampilkan.</p>
    ${PROFILE_ATTRIBUTES.map(
      (a) =>
        html`<div class="field"><label for="p-${a}">${PROFILE_LABELS[a]}</label><select id="p-${a}" name="${a}"><option value="">Tidak ingin mengisi</option>${PROFILE_OPTIONS[
          a
        ].map(
          (o) => html`<option value="${o.code}"${values[a] === o.code ? html` selected` : ''}>${o.label}</option>`,
        )}</select></div>`,
    )}</fieldset>`;
}

function officialFields(c: FormContext, values: FormValues, errors: readonly FieldError[]): SafeHtml | '' {
  if (!c.officialJobTitle) return '';
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return html`<fieldset><legend>Nilai ${c.officialJobTitle} (tidak wajib)</legend>
    ${radioGroup({ name: 'stars', legend: 'Bintang untuk petugas', options: STARS, checked: values.stars, error: error('stars') })}
    <div class="field${error('reason') ? ' invalid' : ''}"><label for="reason">Alasan (wajib bila memberi bintang)</label>${error('reason') ? html`<p class="error" id="reason-galat">${error('reason')}</p>` : ''}<textarea id="reason" name="reason" maxlength="${REASON_MAX}"${error('reason') ? html` aria-invalid="true" aria-describedby="reason-galat"` : ''}>${echo(values.reason, REASON_MAX)}</textarea></div>
    ${c.dimensions.map((d) =>
      radioGroup({ name: `dim.${d.key}`, legend: d.label, options: STARS, checked: values[`dim.${d.key}`] }),
    )}</fieldset>`;
}

/** The form, with the answers kept and each problem marked when it comes back. */
export function ratingForm(c: FormContext, values: FormValues = {}, errors: readonly FieldError[] = []): SafeHtml {
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const questions = SKM_ELEMENTS.map((code, i) =>
    radioGroup({
      name: `a${i + 1}`,
      legend: html`${i + 1}. ${ELEMENT_LABELS[code].id}`,
      options: SCALE_OPTIONS,
      checked: values[`a${i + 1}`],
      error: error(`a${i + 1}`),
    }),
  );
  return html`<h1>Survei Kepuasan Masyarakat</h1>
     ${errorSummary(errors)}
     <p>Anda menilai layanan berikut. Jawaban Anda tidak mencantumkan identitas dan hanya dapat dikirim sekali.</p>
     ${facts([
       ['Layanan', serviceName(c.transaction)],
       ['Unit kerja', c.unitName],
       ['Yang dinilai', transactionLabel(c.transaction)],
     ])}
     <form method="post" action="r?tenant=${encodeURIComponent(c.tenant)}">
       <input type="hidden" name="token" value="${c.token}">
       <p class="hint">Pertanyaan 1 sampai 9 wajib dijawab.</p>
       ${questions}${officialFields(c, values, errors)}
       ${profileFields(values)}
       <div class="field${error('comment') ? ' invalid' : ''}"><label for="comment">Saran atau komentar (tidak wajib)</label>
       <p class="hint" id="comment-petunjuk">Jangan menulis NIK, nomor telepon atau alamat e-mail. Komentar dapat ditampilkan untuk umum.</p>${error('comment') ? html`<p class="error" id="comment-galat">${error('comment')}</p>` : ''}
       <textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-petunjuk${error('comment') ? ' comment-galat' : ''}"${error('comment') ? html` aria-invalid="true"` : ''}>${echo(values.comment, COMMENT_MAX)}</textarea></div>
       <button type="submit">Kirim penilaian</button>
     </form>`;
}

/** The fields a citizen must fix before the rating can be recorded, in the form's own words. */
export function formErrors(c: FormContext, values: FormValues): FieldError[] {
  const errors: FieldError[] = [];
  SKM_ELEMENTS.forEach((code, i) => {
    const v = Number(values[`a${i + 1}`]);
    if (!(Number.isInteger(v) && v >= 1 && v <= 4))
      errors.push({ field: `a${i + 1}`, message: `Pertanyaan ${i + 1} (${ELEMENT_LABELS[code].id}) belum dijawab.` });
  });
  if (!c.officialJobTitle) return errors;
  const stars = values.stars ? Number(values.stars) : undefined;
  const hasDimensions = Object.entries(values).some(([k, v]) => k.startsWith('dim.') && v);
  if (stars === undefined && (values.reason?.trim() || hasDimensions))
    errors.push({ field: 'stars', message: 'Pilih bintang untuk petugas, atau kosongkan alasan dan rinciannya.' });
  if (stars !== undefined && !(Number.isInteger(stars) && stars >= 1 && stars <= 5))
    errors.push({ field: 'stars', message: 'Pilih satu sampai lima bintang untuk petugas.' });
  if (stars !== undefined && (values.reason?.trim().length ?? 0) < 3)
    errors.push({ field: 'reason', message: 'Tuliskan alasan bintang yang Anda berikan (paling sedikit 3 huruf).' });
  return errors;
}
