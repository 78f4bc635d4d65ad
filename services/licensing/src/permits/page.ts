/*
 * The verification page the permit's QR code opens in a phone's browser: plain server-rendered
 * HTML in Indonesian, without JavaScript, every value escaped. It shows exactly what the JSON
 * verification says (everything from the signed document, the holder masked, a revocation only by
 * its category), with dates as the region's local dates.
 */
import { formatLastDay, formatLongDate } from '@sinergi/contracts';
import { escapeHtml, htmlPage } from '@sinergi/service-kit';
import type { VerificationResult } from './service.js';

/** No script, no images, no forms, no framing: the page needs only its own inline style. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23;line-height:1.45}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.5rem 0}
.region{color:#555;margin:0}
.status{border-radius:.5rem;padding:.9rem 1rem;margin:1rem 0;color:#fff;font-size:1.05rem}
.status strong{display:block;font-size:1.4rem}
.ok{background:#1e7e34}
.bad{background:#b00020}
dl{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
dt{color:#555;font-size:.9rem;margin-top:.6rem}
dt:first-child{margin-top:0}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.note{color:#555;font-size:.9rem}
`;

function page(title: string, body: string): string {
  return htmlPage({ title, style: STYLE, body });
}

/** The local date of an instant in the region's zone, in words. */
const localTanggal = formatLongDate;

/** A validity ends (exclusive) at local midnight: the last day it holds is the day before. */
const lastValidDay = formatLastDay;

const LEGAL_BASIS = {
  decision: 'Keputusan pejabat yang berwenang',
  'fiktif-positif': 'Dianggap dikabulkan secara hukum (fiktif positif)',
} as const;

export interface PageRegion {
  name: string;
  timeZone: string;
}

function row(label: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
}

export function verificationPage(v: VerificationResult, issuerName: string | null, region: PageRegion): string {
  const tz = region.timeZone;
  const active = v.status === 'active';
  const detail: string[] = [];
  if (v.status === 'revoked') {
    if (v.revocationCategoryLabel) detail.push(`Alasan pencabutan: ${v.revocationCategoryLabel}`);
    if (v.revokedAt) detail.push(`Dicabut pada ${localTanggal(v.revokedAt, tz)}`);
  }
  if (v.status === 'expired' && v.validUntil) detail.push(`Masa berlaku berakhir ${lastValidDay(v.validUntil, tz)}`);
  if (v.status === 'invalid')
    detail.push(
      'Data izin tidak dapat dipastikan: jangan gunakan dokumen ini sebelum memeriksanya ke instansi penerbit.',
    );
  const status = `<div class="status ${active ? 'ok' : 'bad'}" role="status"><strong>${escapeHtml(active ? 'Dokumen aktif' : v.statusLabel)}</strong>${detail.map((d) => `<div>${escapeHtml(d)}</div>`).join('')}</div>`;

  const rows = [row('Nomor izin', v.number)];
  if (v.permitType) rows.push(row('Jenis izin', v.permitType.name));
  if (v.holder !== null) rows.push(row('Pemegang izin', v.holder));
  if (v.issuedAt) rows.push(row('Tanggal terbit', localTanggal(v.issuedAt, tz)));
  if (v.signatureValid)
    rows.push(row('Berlaku sampai dengan', v.validUntil ? lastValidDay(v.validUntil, tz) : 'Tidak dibatasi waktu'));
  if (issuerName) rows.push(row('Instansi penerbit', issuerName));
  if (v.legalBasis) rows.push(row('Dasar penerbitan', LEGAL_BASIS[v.legalBasis]));
  rows.push(
    row(
      'Tanda tangan elektronik',
      `${v.signatureValid ? 'valid' : 'tidak valid'} (kunci ${v.signature.kid}, ${v.signature.alg})`,
    ),
  );

  return page(
    `Verifikasi izin ${v.number}`,
    `<h1>Verifikasi Izin</h1><p class="region">${escapeHtml(region.name)}</p>${status}<dl>${rows.join('')}</dl>
     <p class="note">Data di atas berasal dari dokumen izin yang ditandatangani secara elektronik oleh ${escapeHtml(region.name)}; nama pemegang izin disamarkan. Tanggal menurut waktu setempat.</p>`,
  );
}

/** The page for a refused or failed verification: unknown number, bad input, too many requests. */
export function verificationErrorPage(status: number, region: string | null, number: string | null): string {
  const [title, message] =
    status === 404
      ? [
          'Izin tidak ditemukan',
          `Tidak ada izin bernomor ${number ?? '-'}${region ? ` yang diterbitkan ${region}` : ''}. Periksa kembali nomor izin, atau pindai ulang kode QR pada dokumen.`,
        ]
      : status === 429
        ? ['Terlalu banyak permintaan', 'Silakan coba lagi dalam satu menit.']
        : status < 500
          ? [
              'Permintaan tidak valid',
              'Alamat verifikasi tidak lengkap atau tidak sesuai. Pindai ulang kode QR pada dokumen izin.',
            ]
          : ['Terjadi gangguan', 'Verifikasi tidak dapat dilakukan saat ini. Silakan coba lagi nanti.'];
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><div class="status bad" role="status"><strong>${escapeHtml(title)}</strong></div><p>${escapeHtml(message)}</p>`,
  );
}
