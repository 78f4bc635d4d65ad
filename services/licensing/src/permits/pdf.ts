/** The printable permit: the signed document's content, its signature and a QR code to the verification page. */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatLastDay, formatLongDateTime, formatRupiah, timeZoneForRegion } from '@sinergi/contracts';
import type { PermitDocument } from './document.js';

// the standard PDF fonts encode WinAnsi only: anything else is replaced rather than failing the render
const winAnsi = (s: string) => s.replace(/²/g, '2').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

const A4: [number, number] = [595.28, 841.89];
const LEFT = 56;
const WIDTH = 480;
const TOP = 790;
const BOTTOM = 56;
/** Height the QR code and the signature block take at the foot of the last page. */
const FOOT = 200;

/** Splits text into lines no wider than `width` at `size`: at spaces, and inside words longer than a line. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // a word wider than the line (a long number or URL) is cut where it stops fitting
      let rest = word;
      while (!fits(rest)) {
        // the longest prefix that fits, by bisection: measuring prefix after prefix is quadratic
        let lo = 1;
        let hi = rest.length - 1;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(rest.slice(0, mid))) lo = mid;
          else hi = mid - 1;
        }
        lines.push(rest.slice(0, lo));
        rest = rest.slice(lo);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * The fee as printed: by its name (Pajak Reklame is a tax, not a retribusi: UU 1/2022), none for a
 * permit without fee; documents signed before fee kinds print the neutral "Biaya".
 */
export function feeLine(doc: Pick<PermitDocument, 'fee' | 'feeKind' | 'feeName'>): string | null {
  if (doc.fee === null || doc.feeKind === 'none') return null;
  return `${doc.feeName ?? 'Biaya'}: ${formatRupiah(BigInt(doc.fee))}`;
}

/** What a printed permit says of a status other than active, in words a holder reads. */
const STATUS_LABEL: Record<string, string> = {
  revoked: 'IZIN INI TELAH DICABUT',
  expired: 'MASA BERLAKU IZIN INI TELAH BERAKHIR',
};

/** The body of the printed permit, line by line, as the holder reads it: labels, local dates in words, no codes. */
export function permitBody(
  doc: PermitDocument,
  status: string,
): { text: string; bold?: boolean; size?: number; gap?: number }[] {
  // the region's own time (WIB, WITA, WIT), in words: never UTC, never ISO
  const tz = timeZoneForRegion(doc.region.code);
  const fee = feeLine(doc);
  const until = doc.validUntil
    ? formatLastDay(doc.validUntil, tz)
    : 'tidak dibatasi waktu, selama bangunan/kegiatan sesuai izin';
  return [
    { text: `Nama pemegang izin: ${doc.holder.name}` },
    ...(doc.holder.nik ? [{ text: `NIK: ${doc.holder.nik}` }] : []),
    { text: `Nomor registrasi permohonan: ${doc.registrationNumber}` },
    ...Object.entries(doc.particulars).map(([k, v]) => ({ text: `${k}: ${v}` })),
    ...(fee ? [{ text: fee }] : []),
    { text: `Diterbitkan: ${formatLongDateTime(doc.issuedAt, tz)}` },
    { text: `Berlaku sampai dengan: ${until}`, gap: 22 },
    { text: 'Dasar hukum penerbitan:', bold: true },
    { text: doc.legalBasis.text },
    ...(status !== 'active'
      ? [{ text: `STATUS SAAT DICETAK: ${STATUS_LABEL[status] ?? status}`, size: 12, bold: true }]
      : []),
  ];
}

export async function renderPermitPdf(
  doc: PermitDocument,
  signature: { kid: string; alg: string; value: string },
  status: string,
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Izin ${doc.number}`);
  pdf.setSubject(doc.permitType.name);
  pdf.setProducer('Sinergi licensing');
  pdf.setCreationDate(new Date(doc.issuedAt));
  pdf.setModificationDate(new Date(doc.issuedAt));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage(A4);
  let y = TOP;
  // each line is wrapped to the text width, and a new page begins where the next one would run off this one
  const line = (text: string, opts: { size?: number; bold?: boolean; gap?: number } = {}) => {
    const size = opts.size ?? 10;
    const font = opts.bold ? bold : regular;
    const lines = wrapText(winAnsi(text), font, size, WIDTH);
    lines.forEach((l, i) => {
      if (y < BOTTOM + size) {
        page = pdf.addPage(A4);
        y = TOP;
      }
      page.drawText(l, { x: LEFT, y, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= i === lines.length - 1 ? (opts.gap ?? size + 6) : size + 3;
    });
  };
  line(`PEMERINTAH ${doc.region.name.toUpperCase()}`, { size: 13, bold: true });
  line(doc.issuer.unitName, { size: 11 });
  y -= 12;
  line(doc.permitType.name.toUpperCase(), { size: 14, bold: true });
  line(`Nomor: ${doc.number}`, { size: 11, gap: 24 });
  for (const l of permitBody(doc, status)) line(l.text, l);
  // the QR code and the signature sit below the text, on a page of their own when the text reaches the foot
  if (y < BOTTOM + FOOT) page = pdf.addPage(A4);
  const qr = await QRCode.toBuffer(doc.verificationUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const image = await pdf.embedPng(qr);
  page.drawImage(image, { x: LEFT, y: 90, width: 120, height: 120 });
  let fy = 190;
  const foot = (text: string, gap = 11) => {
    for (const l of wrapText(winAnsi(text), regular, 8, 350)) {
      page.drawText(l, { x: 190, y: fy, size: 8, font: regular });
      fy -= gap;
    }
  };
  foot('Pindai kode QR untuk memeriksa keaslian dan status izin ini.', 14);
  foot(`Ditandatangani secara elektronik (${signature.alg}, kunci ${signature.kid}):`, 14);
  foot(signature.value);
  fy -= 4;
  foot('Tanda tangan elektronik tidak tersertifikasi (PP 71/2019); kunci publik: /v1/public/signing-keys');
  return Buffer.from(await pdf.save());
}
