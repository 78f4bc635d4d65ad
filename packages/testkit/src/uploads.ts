/**
 * Files for upload tests: the smallest that pass the kit's content checks (`detectFileKind`), and a
 * `multipart/form-data` body as a browser sends it, for `app.inject` or `fetch`.
 */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n9\n%%EOF\n', 'latin1');
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const SAMPLE_PNG = Buffer.concat([
  PNG_SIGNATURE,
  chunk('IHDR', Buffer.alloc(13, 1)),
  chunk('IDAT', Buffer.alloc(64, 1)),
  chunk('IEND', Buffer.alloc(0)),
]);
export const SAMPLE_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(64, 2),
  Buffer.from([0xff, 0xd9]),
]);
/** A Windows executable's start: what a renamed `.exe` looks like. */
export const SAMPLE_EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0)]);

export interface MultipartFile {
  name: string;
  fileName: string;
  contentType?: string;
  bytes: Buffer;
}

/** A `multipart/form-data` body and its Content-Type: text fields (repeated by arrays) and files. */
export function multipartBody(
  fields: Record<string, string | readonly string[]>,
  files: readonly MultipartFile[] = [],
): { body: Buffer; contentType: string } {
  const boundary = `----sinergi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    for (const v of [value].flat())
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.fileName}"\r\nContent-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A JPEG as a phone takes it: an EXIF segment with a GPS position (the text `GPS -6.9147,107.6098`) before the picture. */
export function jpegWithGps(): Buffer {
  const exif = Buffer.from('Exif\u0000\u0000GPS -6.9147,107.6098 Pixel 8', 'latin1');
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([SAMPLE_JPEG.subarray(0, 2), app1, exif, SAMPLE_JPEG.subarray(2)]);
}
