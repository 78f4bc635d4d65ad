/** Photos lose their EXIF/GPS and text metadata and stay valid pictures. */
import { describe, expect, it } from 'vitest';
import { jpegWithGps, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG } from '@sinergi/testkit';
import { detectFileKind } from '../../src/files/kinds.js';
import { stripMetadata } from '../../src/files/metadata.js';

const pngChunk = (type: string, data: string) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), Buffer.from(data, 'latin1'), Buffer.alloc(4)]);
};

describe('stripping photo metadata', () => {
  it('drops a JPEG’s EXIF segment with its GPS position and keeps the picture', () => {
    const phone = jpegWithGps();
    expect(phone.toString('latin1')).toContain('GPS -6.9147');
    const clean = stripMetadata(phone, 'jpeg');
    expect(clean.toString('latin1')).not.toContain('GPS');
    expect(clean.equals(SAMPLE_JPEG)).toBe(true);
    expect(detectFileKind(clean)).toBe('jpeg');
  });

  it('drops a PNG’s text chunks, keeps its image chunks, and leaves a PDF alone', () => {
    const iend = SAMPLE_PNG.length - 12;
    const tagged = Buffer.concat([
      SAMPLE_PNG.subarray(0, iend),
      pngChunk('tEXt', 'Location\u0000-6.9147,107.6098'),
      SAMPLE_PNG.subarray(iend),
    ]);
    const clean = stripMetadata(tagged, 'png');
    expect(clean.toString('latin1')).not.toContain('Location');
    expect(clean.equals(SAMPLE_PNG)).toBe(true);
    expect(stripMetadata(SAMPLE_PDF, 'pdf')).toBe(SAMPLE_PDF);
  });
});
