/**
 * The public IKM pages: every unit with its index, and one unit per service, per element, with its
 * follow-up plan and who answered. Views only: they take what the JSON endpoints return.
 */
import { formatCalendarDate } from '@sinergi/contracts';
import { formatDateTime, html, notice, type SafeHtml } from '@sinergi/ui';
import type { z } from 'zod';
import type { Rankings, RespondentProfileOut, UnitIkm } from '../schemas.js';
import { ELEMENT_LABELS } from '../skm/questionnaire.js';
import { bandText, ikmText, sampleText, serviceName } from './text.js';

/** "2026" → "tahun 2026", "2026-S1" → "semester 1 2026", "2026-Q3" → "triwulan 3 2026", "2026-11" → "November 2026". */
export function periodText(period: string): string {
  const [year, part] = period.split('-');
  if (!part) return `tahun ${year}`;
  if (part.startsWith('S')) return `semester ${part.slice(1)} ${year}`;
  if (part.startsWith('Q')) return `triwulan ${part.slice(1)} ${year}`;
  // the month's name from the one Indonesian date formatter: "1 November 2026" without its day
  return formatCalendarDate(`${year}-${part}-01`).replace(/^1 /, '');
}

const BAND_EXPLAINED = html`<p class="hint">Mutu pelayanan menurut PermenPANRB 14/2017: A (Sangat Baik) untuk IKM 88,31 ke atas, B (Baik) 76,61–88,30, C (Kurang Baik) 65,00–76,60, D (Tidak Baik) di bawahnya.</p>`;

export function rankingsPage(r: z.output<typeof Rankings>, unitHref: (unit: string) => string): SafeHtml {
  return html`<h1>Indeks Kepuasan Masyarakat</h1>
    <p>Hasil Survei Kepuasan Masyarakat per unit kerja untuk ${periodText(r.period)}, dari penilaian warga setelah mendapat layanan.</p>
    ${BAND_EXPLAINED}
    ${
      r.items.length === 0
        ? notice({ body: html`<p>Belum ada unit kerja yang dinilai pada periode ini.</p>` })
        : html`<ol class="units">${r.items.map(
            (u) =>
              html`<li><h2><a href="${unitHref(u.unit.code)}">${u.unit.name}</a></h2><p><strong>IKM ${ikmText(u.ikm)}</strong> · mutu ${bandText(u.band, u.performance)}</p><p>${sampleText(u)}</p></li>`,
          )}</ol>`
    }`;
}

type Ikm = z.output<typeof UnitIkm>;
type Profile = z.output<typeof RespondentProfileOut>;

/** Lists rather than tables: a row per line reads on a 390 px phone without sideways scrolling. */
function servicesList(ikm: Ikm): SafeHtml {
  if (ikm.serviceTypes.length === 0) return html`<h2>IKM per layanan</h2><p>Belum ada penilaian per layanan.</p>`;
  return html`<h2>IKM per layanan</h2><ul>${ikm.serviceTypes.map(
    (s) =>
      html`<li><strong>${serviceName({ serviceType: s.serviceType, serviceName: s.name })}</strong>: IKM ${ikmText(s.ikm)}, mutu ${bandText(s.band, s.performance)}, ${s.respondents} responden</li>`,
  )}</ul>`;
}

function elementsList(ikm: Ikm): SafeHtml {
  return html`<h2>Nilai per unsur pelayanan</h2><p class="hint">Nilai rata-rata dari 1 (tidak baik) sampai 4 (sangat baik).</p><ol>${ikm.elements.map(
    (e) =>
      html`<li>${ELEMENT_LABELS[e.code as keyof typeof ELEMENT_LABELS]?.id ?? e.label}: <strong>${e.nrr === null ? 'belum dinilai' : e.nrr.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</strong></li>`,
  )}</ol>`;
}

function followUpSection(ikm: Ikm, timeZone: string): SafeHtml {
  if (!ikm.followUp)
    return html`<h2>Rencana tindak lanjut</h2><p>Unit kerja belum mengumumkan rencana tindak lanjut untuk periode ini.</p>`;
  const f = ikm.followUp;
  return html`<h2>Rencana tindak lanjut</h2><p class="hint">Diperbarui ${formatDateTime(f.updatedAt, timeZone)}.</p><ul>${f.items.map(
    (i) =>
      html`<li><strong>${ELEMENT_LABELS[i.element].id}:</strong> ${i.action}. Waktu: ${i.when}. Penanggung jawab: ${i.responsible}.</li>`,
  )}</ul>`;
}

function profileSection(p: Profile): SafeHtml {
  if (p.respondents === 0) return html`<h2>Profil responden</h2><p>Belum ada responden yang mengisi data diri.</p>`;
  return html`<h2>Profil responden</h2><p class="hint">Jumlah per kelompok saja; kelompok dengan kurang dari ${p.minimumCell} orang tidak ditampilkan.</p>${p.attributes.map(
    (a) =>
      html`<h3>${a.label}</h3><ul>${a.cells.map((c) => html`<li>${c.label}: ${c.suppressed ? 'tidak ditampilkan' : c.count}</li>`)}</ul>`,
  )}`;
}

export function unitPage(o: { ikm: Ikm; profile: Profile; timeZone: string; back: string }): SafeHtml {
  const { ikm } = o;
  return html`<h1>${ikm.unit.name}</h1>
    <p>Indeks Kepuasan Masyarakat ${periodText(ikm.period)}.</p>
    <p><strong>IKM ${ikmText(ikm.ikm)}</strong> · mutu ${bandText(ikm.band, ikm.performance)}</p>
    <p>${sampleText(ikm)}</p>
    ${BAND_EXPLAINED}
    ${servicesList(ikm)}
    ${elementsList(ikm)}
    ${followUpSection(ikm, o.timeZone)}
    ${profileSection(o.profile)}
    <p><a href="${o.back}">Kembali ke semua unit kerja</a></p>`;
}
