/** The printable permit: the signed document's content, its signature and a QR code to the verification page. */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatRupiah } from '@sinergi/contracts';
import type { PermitDocument } from './document.js';

// the standard PDF fonts encode WinAnsi only: anything else is replaced rather than failing the render
const winAnsi = (s: string) => s.replace(/²/g, '2').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

export async function renderPermitPdf(doc: PermitDocument, signature: { kid: string; alg: string; value: string }, status: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Izin ${doc.number}`);
  pdf.setSubject(doc.permitType.name);
  pdf.setProducer('Sinergi licensing');
  pdf.setCreationDate(new Date(doc.issuedAt));
  pdf.setModificationDate(new Date(doc.issuedAt));
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const line = (text: string, opts: { size?: number; bold?: boolean; gap?: number } = {}) => {
    page.drawText(winAnsi(text), { x: 56, y, size: opts.size ?? 10, font: opts.bold ? bold : regular, color: rgb(0.1, 0.1, 0.1), maxWidth: 480 });
    y -= opts.gap ?? (opts.size ?? 10) + 6;
  };
  line(`PEMERINTAH ${doc.region.name.toUpperCase()}`, { size: 13, bold: true });
  line(doc.issuer.unitName, { size: 11 });
  y -= 12;
  line(doc.permitType.name.toUpperCase(), { size: 14, bold: true });
  line(`Nomor: ${doc.number}`, { size: 11, gap: 24 });
  line(`Nama pemegang izin: ${doc.holder.name}`);
  if (doc.holder.nik) line(`NIK: ${doc.holder.nik}`);
  line(`Nomor registrasi permohonan: ${doc.registrationNumber}`);
  for (const [k, v] of Object.entries(doc.particulars)) line(`${k}: ${v}`);
  if (doc.fee !== null) line(`Retribusi: ${formatRupiah(BigInt(doc.fee))}`);
  line(`Diterbitkan: ${doc.issuedAt}`);
  line(`Berlaku sampai: ${doc.validUntil ?? 'selama bangunan/kegiatan sesuai izin'}`, { gap: 22 });
  line('Dasar hukum penerbitan:', { bold: true });
  for (const chunk of (doc.legalBasis.text.match(/.{1,95}(\s|$)/g) ?? [doc.legalBasis.text])) line(chunk.trim());
  if (status !== 'active') {
    y -= 10;
    line(`STATUS SAAT DICETAK: ${status.toUpperCase()}`, { size: 12, bold: true });
  }
  const qr = await QRCode.toBuffer(doc.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const image = await pdf.embedPng(qr);
  page.drawImage(image, { x: 56, y: 90, width: 120, height: 120 });
  const foot = (text: string, dy: number) => page.drawText(winAnsi(text), { x: 190, y: 190 - dy, size: 8, font: regular, maxWidth: 350 });
  foot('Pindai kode QR untuk memeriksa keaslian dan status izin ini.', 0);
  foot(`Ditandatangani secara elektronik (${signature.alg}, kunci ${signature.kid}):`, 14);
  const sig = signature.value;
  for (let i = 0; i * 64 < sig.length; i++) foot(sig.slice(i * 64, i * 64 + 64), 28 + i * 11);
  foot('Tanda tangan elektronik tidak tersertifikasi (PP 71/2019); kunci publik: /v1/public/signing-keys', 28 + Math.ceil(sig.length / 64) * 11 + 4);
  return Buffer.from(await pdf.save());
}
