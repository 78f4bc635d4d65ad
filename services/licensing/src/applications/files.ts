/**
 * What an uploaded file really is, from its first bytes (magic numbers), never from its name or
 * declared Content-Type: a `.pdf` that is really an executable or HTML page is refused.
 */
import type { FileKind } from '../permit-types/model.js';

export const MEDIA_TYPE: Record<FileKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectFileKind(bytes: Buffer): FileKind | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'png';
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  // a PDF starts with %PDF-1.x or %PDF-2.0 and must also close with %%EOF near its end
  if (bytes.length >= 8 && bytes.subarray(0, 5).toString('latin1') === '%PDF-' && /^[12]\.\d$/.test(bytes.subarray(5, 8).toString('latin1'))) {
    return bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF') ? 'pdf' : undefined;
  }
  return undefined;
}

/** A file name safe to echo in Content-Disposition: no path, no quotes, no control characters. */
export function safeFileName(name: string | undefined, kind: FileKind, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[^\w.\- ]+/g, '_').slice(0, 100).trim();
  const stem = base.replace(/\.[^.]*$/, '') || fallback;
  return `${stem}.${kind === 'jpeg' ? 'jpg' : kind}`;
}
