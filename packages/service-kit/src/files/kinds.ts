/**
 * What an uploaded file really is, from its structure, never from its name or declared
 * Content-Type: a `.pdf` that is really an executable or HTML page is refused, and so is a page
 * behind a valid magic number (`%PDF-1.4<html><script>…`). Checked: PNG chunks from IHDR to a
 * final IEND; JPEG from SOI to a final EOI (only NUL padding after it); PDF header, `startxref`
 * and `%%EOF` at the end; and no HTML or script markup anywhere in the file.
 *
 * The whole file is scanned, compressed image data and PDF streams included: each pattern is long
 * or specific enough (a tag name of four letters or more and what ends it; for the short tags
 * `<a`, `<img`, `<div`, `<svg`, an attribute assignment or the closing tag) that random compressed
 * bytes match it rarely (estimated at about one in a hundred thousand 10 MiB files), while real
 * markup does. The first KiB, where browsers sniff, is held to the stricter bare tag names too.
 * Markup hidden inside a compressed (Flate) PDF stream is not decompressed and so not seen: a
 * browser never renders it from an attachment served with `nosniff`.
 */

/** The kinds of file Sinergi accepts from people: documents and photos. */
export const FILE_KINDS = ['pdf', 'png', 'jpeg'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const MEDIA_TYPE: Record<FileKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Markup a browser would sniff as a page: refused in any upload's first KiB, whatever the magic says. */
const MARKUP_START = /<(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|style|img|div)[\s>/]/i;

/** Markup a browser would render as a page or run as script: refused anywhere in an upload. */
const MARKUP = new RegExp(
  [
    // tags of four letters or more, followed by what ends a tag name
    '<(?:!doctype|html|head|body|script|iframe|object|embed|meta|style|link|form|frameset)[\\s>/]',
    // short tags only with an attribute that carries content or script
    '<(?:a|img|div|svg|span|video|audio|source|input)\\s[^<>]{0,256}?(?:href|src|on[a-z]{3,20}|style|xmlns|action|formaction)\\s*=',
    // bare short tags only with their closing tag
    '<(div|svg|a)\\s*>[\\s\\S]{0,4096}?</\\1\\s*>',
    'javascript:',
    'vbscript:',
    'onerror\\s*=',
    'onload\\s*=',
  ].join('|'),
  'i',
);

/** PNG: the signature, then well-formed chunks, IHDR first and IEND last, ending the file. */
function isPng(b: Buffer): boolean {
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(PNG)) return false;
  let at = 8;
  let first = true;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type) || length > b.length - at - 12) return false;
    if (first && (type !== 'IHDR' || length !== 13)) return false;
    first = false;
    at += 12 + length;
    if (type === 'IEND') return length === 0 && at === b.length;
  }
  return false;
}

/** JPEG: the start-of-image marker and a segment marker, and the end-of-image marker at the end (only NUL padding may follow it). */
function isJpeg(b: Buffer): boolean {
  if (b.length < 8 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return false;
  let end = b.length;
  while (end > 4 && b[end - 1] === 0x00 && b.length - end < 4096) end--;
  return b[end - 2] === 0xff && b[end - 1] === 0xd9;
}

/** PDF: `%PDF-1.x` / `%PDF-2.0` at the start; `startxref`, its offset and `%%EOF` in the last KiB. */
function isPdf(b: Buffer): boolean {
  if (
    b.length < 32 ||
    b.subarray(0, 5).toString('latin1') !== '%PDF-' ||
    !/^[12]\.\d$/.test(b.subarray(5, 8).toString('latin1'))
  )
    return false;
  const tail = b.subarray(Math.max(0, b.length - 1024)).toString('latin1');
  return /startxref\s+\d+\s+%%EOF\s*$/.test(tail);
}

export function detectFileKind(bytes: Buffer): FileKind | undefined {
  if (MARKUP_START.test(bytes.subarray(0, 1024).toString('latin1')) || MARKUP.test(bytes.toString('latin1')))
    return undefined;
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  if (isPdf(bytes)) return 'pdf';
  return undefined;
}

/** A file name safe to echo in Content-Disposition: no path, no quotes, no control characters. */
export function safeFileName(name: string | undefined, kind: FileKind, fallback: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\w.\- ]+/g, '_')
    .slice(0, 100)
    .trim();
  const stem = base.replace(/\.[^.]*$/, '') || fallback;
  return `${stem}.${kind === 'jpeg' ? 'jpg' : kind}`;
}
