/**
 * Photos without their metadata: a phone's JPEG carries EXIF (GPS position, time, device serial)
 * and PNGs can carry text chunks. Published photos and photos of confidential reports keep only the
 * picture. JPEG: APP1 (EXIF, XMP), APP13 (IPTC) and comments are dropped, up to the start of the
 * image data; PNG: text, EXIF and time chunks are dropped. Anything else comes back unchanged.
 */
import type { FileKind } from './kinds.js';

/** JPEG markers kept before the image data: JFIF (APP0), ICC colour profile (APP2), Adobe (APP14), and the non-APP segments. */
const DROP_JPEG = new Set([0xe1, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xef, 0xfe]);
const DROP_PNG = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripJpeg(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    // start of scan (image data follows) or a marker without length: copy the rest as it is
    if (marker === 0xda || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) break;
    const length = b.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > b.length) break;
    if (!DROP_JPEG.has(marker)) out.push(b.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  out.push(b.subarray(at));
  return Buffer.concat(out);
}

function stripPng(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    const end = at + 12 + length;
    if (end > b.length) break;
    if (!DROP_PNG.has(type)) out.push(b.subarray(at, end));
    at = end;
  }
  if (at < b.length) out.push(b.subarray(at));
  return Buffer.concat(out);
}

/** The photo without EXIF/GPS, text and time metadata; a PDF (or anything else) unchanged. */
export function stripMetadata(bytes: Buffer, kind: FileKind): Buffer {
  if (kind === 'jpeg') return stripJpeg(bytes);
  if (kind === 'png') return stripPng(bytes);
  return bytes;
}
