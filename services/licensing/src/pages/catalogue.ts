/**
 * The permit catalogue (`/izin/`) and a page per permit type (`/izin/jenis/{code}`): what a citizen
 * needs before applying, in words: requirements, the fee (retribusi, pajak or none, and how it is
 * computed), the service standard in working days, the validity. Read from the same `listPermitTypes`
 * and `getPermitType` as the JSON catalogue, so only active types of the region appear.
 */
import { formatRupiah } from '@sinergi/contracts';
import { facts, html, notice, type SafeHtml } from '@sinergi/ui';
import type { DataField, FeeFactor } from '../permit-types/model.js';
import type { PermitType } from '../permit-types/service.js';

/** Statutory service standard when a type sets none (UU 30/2014 Art. 53). */
const STATUTORY_DAYS = 5;

const FILE_LABEL: Record<string, string> = { pdf: 'PDF', png: 'PNG', jpeg: 'JPG' };

/** "1.234.567" or "12,5": a decimal string as Indonesians write numbers. */
export function formatDecimal(s: string): string {
  const [whole = '0', frac] = s.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

const fieldLabel = (fields: readonly DataField[], code: string) => {
  const f = fields.find((x) => x.code === code);
  if (!f) return 'isian permohonan';
  return f.unit ? `${f.label.toLowerCase()} (${f.unit})` : f.label.toLowerCase();
};

function factorText(f: FeeFactor, fields: readonly DataField[]): string {
  if ('constant' in f) return formatDecimal(f.constant);
  if ('table' in f) return `tarif menurut ${fieldLabel(fields, f.field)}`;
  return fieldLabel(fields, f.field);
}

/** The fee in words: "Retribusi PBG: Rp 45.000 (tarif tetap)", or how it is computed. */
export function feeText(t: Pick<PermitType, 'fee' | 'feeKind' | 'feeName' | 'fields'>): SafeHtml {
  const rule = t.fee;
  if (rule.kind === 'free' || t.feeKind === 'none') return html`<p>Gratis: tidak dipungut biaya.</p>`;
  const kind = t.feeKind === 'pajak' ? 'pajak daerah' : 'retribusi daerah';
  if (rule.kind === 'fixed')
    return html`<p>${t.feeName} (${kind}): <strong>${formatRupiah(BigInt(rule.amount))}</strong>, tarif tetap.</p>`;
  const how = rule.description ?? rule.factors.map((f) => factorText(f, t.fields)).join(' × ');
  const tables = rule.factors.flatMap((f) => ('table' in f ? [f] : []));
  return html`<p>${t.feeName} (${kind}), dihitung: <strong>${how}</strong>.${rule.minimum ? html` Paling sedikit ${formatRupiah(BigInt(rule.minimum))}.` : ''}</p>${tables.map(
    (f) =>
      html`<p>Tarif menurut ${fieldLabel(t.fields, f.field)}:</p><ul>${Object.entries(f.table).map(
        ([k, v]) => html`<li>${k.replace(/-/g, ' ')}: ${formatDecimal(v)}</li>`,
      )}</ul>`,
  )}<p class="meta">Jumlah pastinya ditetapkan petugas setelah berkas diperiksa.</p>`;
}

export const serviceDaysText = (t: Pick<PermitType, 'serviceStandardDays'>) =>
  `${t.serviceStandardDays ?? STATUTORY_DAYS} hari kerja sejak berkas dinyatakan lengkap`;

export function validityText(t: Pick<PermitType, 'validityMonths' | 'fields'>): string {
  if (t.validityMonths === null) return 'Tidak dibatasi waktu';
  const asked = t.fields.find((f) => f.validity === 'months');
  return asked
    ? `Sesuai lama yang Anda minta, paling lama ${t.validityMonths} bulan`
    : `${t.validityMonths} bulan sejak izin terbit`;
}

function documentLine(d: PermitType['documents'][number]): SafeHtml {
  const types = d.types.map((k) => FILE_LABEL[k] ?? k).join(' atau ');
  const mb = Math.max(1, Math.floor(d.maxBytes / (1024 * 1024)));
  return html`<li>${d.label}${d.required ? '' : ' (tidak wajib)'} <span class="meta">· berkas ${types}, paling besar ${mb} MB</span></li>`;
}

/** The list of active permit types, each linking to its own page. */
export function cataloguePage(types: readonly PermitType[], link: (path: string) => string): SafeHtml {
  if (types.length === 0)
    return html`<h1>Perizinan</h1>${notice({ body: html`<p>Belum ada jenis izin yang dapat diajukan secara daring di daerah ini.</p>` })}`;
  return html`<h1>Perizinan</h1>
<p>Pilih jenis izin untuk melihat persyaratan, biaya, lama layanan, dan masa berlakunya.</p>
<ul class="cards">${types.map(
    (t) =>
      html`<li><h2><a href="${link(`/izin/jenis/${t.code}`)}">${t.name}</a></h2>${t.description ? html`<p>${t.description}</p>` : ''}<p class="meta">${t.fee.kind === 'free' || t.feeKind === 'none' ? 'Gratis' : t.feeName} · ${serviceDaysText(t)}</p></li>`,
  )}</ul>
<p>Sudah mengajukan? <a href="${link('/izin/lacak')}">Lacak permohonan Anda</a>.</p>`;
}

/** One permit type: everything a citizen should know before applying. */
export function permitTypePage(t: PermitType, link: (path: string) => string): SafeHtml {
  const required = t.documents.filter((d) => d.required);
  const optional = t.documents.filter((d) => !d.required);
  const oss =
    t.category === 'business'
      ? notice({
          tone: 'warn',
          body: html`<p>Izin ini termasuk perizinan berusaha: permohonannya diajukan melalui OSS (oss.go.id), bukan di sini.</p>`,
        })
      : '';
  return html`<h1>${t.name}</h1>
${t.description ? html`<p>${t.description}</p>` : ''}
${oss}
${facts([
  ['Lama layanan', serviceDaysText(t)],
  ['Masa berlaku', validityText(t)],
  [
    'Pemeriksaan',
    t.siteInspection ? 'Termasuk peninjauan lapangan' : t.technicalReview ? 'Termasuk verifikasi teknis' : null,
  ],
])}
<h2>Biaya</h2>${feeText(t)}${t.payBeforeIssue && t.fee.kind !== 'free' ? html`<p>Izin terbit setelah biaya dibayar.</p>` : ''}
<h2>Dokumen yang perlu disiapkan</h2>
${required.length || optional.length ? html`<ul>${[...required, ...optional].map(documentLine)}</ul>` : html`<p>Tidak ada dokumen yang perlu diunggah.</p>`}
${t.fields.length ? html`<h2>Data yang perlu diisi</h2><ul>${t.fields.map((f) => html`<li>${f.label}${f.unit ? ` (${f.unit})` : ''}${f.required ? '' : ' (tidak wajib)'}</li>`)}</ul>` : ''}
${oss ? '' : html`<p><a class="button" href="${link(`/izin/ajukan/${t.code}`)}">Ajukan permohonan</a></p>`}
<h2>Setelah diajukan</h2>
<p>Petugas memeriksa kelengkapan berkas dalam ${t.completenessCheckDays} hari kerja. Bila ada yang kurang, berkas dikembalikan untuk dilengkapi. Lama layanan dihitung sejak berkas lengkap; tanpa keputusan sampai batas waktunya, permohonan dianggap dikabulkan secara hukum.</p>
<p>Anda menerima nomor registrasi dan kode rahasia. Simpan keduanya untuk <a href="${link('/izin/lacak')}">melacak permohonan</a>.</p>
<p><a href="${link('/izin/')}">Kembali ke daftar izin</a></p>`;
}
