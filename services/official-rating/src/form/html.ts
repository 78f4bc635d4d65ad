/*
 * The citizen's rating form as plain server-rendered HTML: it works on any phone browser, without
 * JavaScript, in Indonesian. Every value shown is escaped.
 */
import { SKM_ELEMENTS } from '@sinergi/contracts';
import { escapeHtml, htmlPage } from '@sinergi/service-kit';
import { PROFILE_ATTRIBUTES, PROFILE_LABELS, PROFILE_OPTIONS } from '../skm/profile.js';
import { ELEMENT_LABELS, SCALE } from '../skm/questionnaire.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23;line-height:1.45}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.5rem 0}
fieldset{border:0;background:#fff;border-radius:.5rem;margin:.75rem 0;padding:.75rem}
legend{font-weight:600;padding:0}
label{display:inline-block;margin:.25rem .75rem .25rem 0;white-space:nowrap}
select{font:inherit;width:100%;max-width:20rem;padding:.4rem;margin:.25rem 0 .5rem}
textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit}
button{font:inherit;font-size:1.1rem;padding:.7rem 1.5rem;border:0;border-radius:.4rem;background:#0b5cad;color:#fff}
.error{color:#b00020;font-weight:600}
.note{color:#555;font-size:.9rem}
`;

function page(title: string, body: string): string {
  return htmlPage({ title, style: STYLE, body });
}

export interface FormContext {
  /** The region: the form posts back to it, as several may be hosted together. */
  tenant: string;
  token: string;
  unitName: string;
  serviceType: string;
  officialJobTitle: string | null;
  dimensions: { key: string; label: string }[];
}

export type FormValues = Record<string, string | undefined>;

function radios(
  name: string,
  options: readonly { value: number; label: string }[],
  checked: string | undefined,
  required: boolean,
): string {
  return options
    .map(
      (o) =>
        `<label><input type="radio" name="${name}" value="${o.value}"${checked === String(o.value) ? ' checked' : ''}${required ? ' required' : ''}> ${escapeHtml(o.label)}</label>`,
    )
    .join('');
}

// what a refused form echoes back is cut to what its fields accept: a 300 KB comment must not come back
const REASON_MAX = 500;
const COMMENT_MAX = 2000;
const echo = (value: string | undefined, max: number) => escapeHtml((value ?? '').slice(0, max));

/** The respondent profile (PermenPANRB 14/2017): a select per attribute, empty by default, never required. */
function profileFields(values: FormValues): string {
  const selects = PROFILE_ATTRIBUTES.map((a) => {
    const options = PROFILE_OPTIONS[a]
      .map((o) => `<option value="${o.code}"${values[a] === o.code ? ' selected' : ''}>${escapeHtml(o.label)}</option>`)
      .join('');
    return `<label for="p-${a}">${escapeHtml(PROFILE_LABELS[a])}</label><br><select id="p-${a}" name="${a}"><option value="">Tidak ingin mengisi</option>${options}</select><br>`;
  }).join('');
  return `<fieldset><legend>Tentang Anda (tidak wajib)</legend>
    <p class="note">Hanya dihitung dan diumumkan sebagai jumlah per kelompok; kelompok yang kurang dari beberapa orang tidak ditampilkan.</p>
    ${selects}</fieldset>`;
}

const STARS = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: '★'.repeat(n) }));

export function ratingForm(c: FormContext, values: FormValues = {}, errors: string[] = []): string {
  const questions = SKM_ELEMENTS.map(
    (code, i) =>
      `<fieldset><legend>${i + 1}. ${escapeHtml(ELEMENT_LABELS[code].id)}</legend>${radios(
        `a${i + 1}`,
        SCALE.map((s) => ({ value: s.value, label: s.id })),
        values[`a${i + 1}`],
        true,
      )}</fieldset>`,
  ).join('');
  const official = c.officialJobTitle
    ? `<fieldset><legend>Nilai ${escapeHtml(c.officialJobTitle)} (tidak wajib)</legend>${radios('stars', STARS, values.stars, false)}
       <p><label for="reason">Alasan</label><textarea id="reason" name="reason" maxlength="${REASON_MAX}">${echo(values.reason, REASON_MAX)}</textarea></p>
       ${c.dimensions.map((d) => `<p>${escapeHtml(d.label)}<br>${radios(`dim.${d.key}`, STARS, values[`dim.${d.key}`], false)}</p>`).join('')}</fieldset>`
    : '';
  return page(
    'Survei Kepuasan Masyarakat',
    `<h1>Survei Kepuasan Masyarakat</h1>
     <p>${escapeHtml(c.unitName)}, layanan <strong>${escapeHtml(c.serviceType)}</strong>. Jawaban Anda tidak mencantumkan identitas dan hanya dapat dikirim sekali.</p>
     ${errors.length ? `<div role="alert" class="error">${errors.map((e) => `<p>${echo(e, COMMENT_MAX)}</p>`).join('')}</div>` : ''}
     <form method="post" action="r?tenant=${encodeURIComponent(c.tenant)}">
       <input type="hidden" name="token" value="${escapeHtml(c.token)}">
       ${questions}${official}
       ${profileFields(values)}
       <fieldset><legend><label for="comment">Saran atau komentar (tidak wajib)</label></legend>
       <textarea id="comment" name="comment" maxlength="${COMMENT_MAX}">${echo(values.comment, COMMENT_MAX)}</textarea>
       <p class="note">Jangan menulis NIK, nomor telepon atau alamat e-mail. Komentar dapat ditampilkan untuk umum.</p></fieldset>
       <button type="submit">Kirim penilaian</button>
     </form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
