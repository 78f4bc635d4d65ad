/** Browser form uploads: limits while streaming, and files known by their content, refused as catalogued problems. */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, SAMPLE_EXE, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG } from '@sinergi/testkit';
import { registerErrorHandling } from '../../src/http/errors.js';
import { acceptUploads, readUploadForm, requireFileKind } from '../../src/http/uploads.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  registerErrorHandling(app);
  await app.register(async (scope) => {
    await acceptUploads(scope, { fileBytes: 1000, files: 2, fieldBytes: 50, fields: 5 });
    scope.post('/upload', async (request) => {
      const form = await readUploadForm(request);
      return {
        fields: form.fields,
        files: form.files.map((f) => ({
          field: f.field,
          fileName: f.fileName,
          size: f.bytes.length,
          kind: requireFileKind(f, ['pdf', 'png', 'jpeg']),
        })),
      };
    });
  });
});
afterAll(() => app.close());

const post = (fields: Record<string, string | string[]>, files: Parameters<typeof multipartBody>[1] = []) => {
  const { body, contentType } = multipartBody(fields, files);
  return app.inject({ method: 'POST', url: '/upload', payload: body, headers: { 'content-type': contentType } });
};

describe('browser form uploads', () => {
  it('reads fields (repeated ones as lists) and files whose content is PDF, PNG or JPEG', async () => {
    const res = await post({ nama: 'Siti', pilih: ['a', 'b'] }, [
      { name: 'ktp', fileName: 'ktp.jpg', contentType: 'image/jpeg', bytes: SAMPLE_JPEG },
      { name: 'denah', fileName: 'denah.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      fields: { nama: 'Siti', pilih: ['a', 'b'] },
      files: [
        { field: 'ktp', fileName: 'ktp.jpg', size: SAMPLE_JPEG.length, kind: 'jpeg' },
        { field: 'denah', fileName: 'denah.pdf', size: SAMPLE_PDF.length, kind: 'pdf' },
      ],
    });
  });

  it('knows a file by its bytes: a PNG named .pdf is a PNG, an .exe or a page named .jpg is refused', async () => {
    const png = await post({}, [
      { name: 'f', fileName: 'scan.pdf', contentType: 'application/pdf', bytes: SAMPLE_PNG },
    ]);
    expect(png.json().files[0].kind).toBe('png');
    for (const bytes of [SAMPLE_EXE, Buffer.from('<html><script>alert(1)</script></html>')]) {
      const res = await post({}, [{ name: 'foto', fileName: 'foto.jpg', contentType: 'image/jpeg', bytes }]);
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'unrecognized_file', errors: [{ field: 'foto' }] });
    }
  });

  it('refuses a file over the limit while it streams, too many files and a too long field, as 413 problems', async () => {
    const big = await post({}, [
      { name: 'f', fileName: 'big.pdf', bytes: Buffer.concat([SAMPLE_PDF, Buffer.alloc(2000)]) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'file_too_large', maxBytes: 1000 });
    const many = await post(
      {},
      [1, 2, 3].map((i) => ({ name: `f${i}`, fileName: `${i}.png`, bytes: SAMPLE_PNG })),
    );
    expect(many.statusCode).toBe(413);
    expect(many.json()).toMatchObject({ code: 'too_many_files', maxFiles: 2 });
    const long = await post({ catatan: 'x'.repeat(51) });
    expect(long.statusCode).toBe(413);
    expect(long.json()).toMatchObject({ code: 'field_too_large', errors: [{ field: 'catatan' }] });
  });

  it('skips a file input left empty, as browsers send one', async () => {
    const res = await post({ nama: 'Siti' }, [{ name: 'foto', fileName: '', bytes: Buffer.alloc(0) }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().files).toEqual([]);
  });
});
