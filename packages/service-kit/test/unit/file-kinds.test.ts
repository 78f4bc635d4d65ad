/** Uploaded files are recognized by their content, never by their name or declared type. */
import { describe, expect, it } from 'vitest';
import { detectFileKind, safeFileName } from '../../src/files/kinds.js';
import { PNG_SIGNATURE, SAMPLE_JPEG as JPEG, SAMPLE_PDF as PDF, SAMPLE_PNG as PNG } from '@sinergi/testkit';

describe('file detection by content', () => {
  it('knows PDF, PNG and JPEG by their bytes, and nothing else', () => {
    expect(detectFileKind(PDF)).toBe('pdf');
    expect(detectFileKind(PNG)).toBe('png');
    expect(detectFileKind(JPEG)).toBe('jpeg');
    expect(detectFileKind(Buffer.from('<html><script>alert(1)</script></html>'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('MZ\x90\x00executable', 'latin1'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('%PDF-1.4 but cut off', 'latin1'))).toBeUndefined();
  });

  it('refuses pages and scripts behind a valid magic number, and files cut short', () => {
    const html = '<html><script>document.location="https://evil.example"</script></html>';
    // a PDF header with a page behind it and a %%EOF, but no cross-reference
    expect(detectFileKind(Buffer.from(`%PDF-1.4${html}\n%%EOF\n`, 'latin1'))).toBeUndefined();
    // even with startxref: markup in the first KiB is refused
    expect(detectFileKind(Buffer.from(`%PDF-1.4\n${html}\nstartxref\n9\n%%EOF\n`, 'latin1'))).toBeUndefined();
    // a PDF whose startxref is not at the end
    expect(
      detectFileKind(
        Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\nstartxref\n9\n%%EOF\ntrailing garbage that is not a pdf', 'latin1'),
      ),
    ).toBeUndefined();
    // JPEG start without the end-of-image marker; a page after the marker
    expect(detectFileKind(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(Buffer.concat([JPEG, Buffer.from(html)]))).toBeUndefined();
    // a JPEG padded with NULs after its end is still a JPEG
    expect(detectFileKind(Buffer.concat([JPEG, Buffer.alloc(16)]))).toBe('jpeg');
    // the PNG signature with a page instead of chunks; a page appended after IEND; IEND missing
    expect(detectFileKind(Buffer.concat([PNG_SIGNATURE, Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(Buffer.concat([PNG, Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(PNG.subarray(0, PNG.length - 12))).toBeUndefined();
  });

  it('refuses markup anywhere in the file, not only in its first KiB', () => {
    const padding = Buffer.alloc(4096, 0x41);
    const jpegWith = (markup: string) =>
      Buffer.concat([JPEG.subarray(0, 4), padding, Buffer.from(markup, 'latin1'), JPEG.subarray(4)]);
    const pdfWith = (markup: string) =>
      Buffer.concat([PDF.subarray(0, 9), padding, Buffer.from(markup, 'latin1'), PDF.subarray(9)]);
    expect(detectFileKind(jpegWith(''))).toBe('jpeg');
    expect(detectFileKind(pdfWith(''))).toBe('pdf');
    for (const markup of [
      '<div>Klik di sini</div>',
      '<DIV class="x" style="position:fixed">',
      '<img src=x onerror=alert(1)>',
      '<a href="https://evil.example">unduh</a>',
      '<style>body{display:none}</style>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">',
      '<IFRAME src="https://evil.example">',
      '<Script>alert(1)</Script>',
      '<body onload=x>',
      'javascript:alert(1)',
      'x onerror = alert(1)',
    ]) {
      expect(detectFileKind(jpegWith(markup)), `jpeg ${markup}`).toBeUndefined();
      expect(detectFileKind(pdfWith(markup)), `pdf ${markup}`).toBeUndefined();
    }
  });

  it('accepts binary data that is not markup: random bytes, and text that merely mentions tags', () => {
    // 4 MiB of deterministic pseudo-random bytes, as a compressed image or PDF stream would look
    const random = Buffer.alloc(4 * 1024 * 1024);
    let x = 0x12345678;
    for (let i = 0; i < random.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      random[i] = x & 0xff;
    }
    expect(detectFileKind(Buffer.concat([JPEG.subarray(0, 4), random, Buffer.from([0xff, 0xd9])]))).toBe('jpeg');
    expect(detectFileKind(Buffer.concat([PDF.subarray(0, 9), random, PDF.subarray(9)]))).toBe('pdf');
    // a PDF's own syntax (<< >> dictionaries, <hex> strings, /JavaScript-free) and words like "a <b" pass
    expect(
      detectFileKind(
        Buffer.concat([
          PDF.subarray(0, 9),
          Buffer.from('2 0 obj << /Type /Page /A <414243> >> endobj\n(nilai a <a dan b >b)\n'),
          PDF.subarray(9),
        ]),
      ),
    ).toBe('pdf');
  });

  it('makes names safe to echo', () => {
    expect(safeFileName('../../etc/pass"wd.pdf', 'pdf', 'ktp')).toBe('pass_wd.pdf');
    expect(safeFileName(undefined, 'jpeg', 'ktp')).toBe('ktp.jpg');
  });
});
