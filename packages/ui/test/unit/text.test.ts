import { describe, expect, it } from 'vitest';
import { messageForStatus, refusalMessage, uploadRefusal } from '../../src/index.js';

describe('refusalMessage', () => {
  const own = { application_not_found: { title: 'Permohonan tidak ditemukan', detail: 'Periksa nomornya.' } };

  it('prefers the service’s own words, then the upload words, then the status words', () => {
    expect(refusalMessage({ code: 'application_not_found', status: 404 }, own)).toBe(own.application_not_found);
    const upload = refusalMessage({ code: 'file_too_large', status: 413, extensions: { maxBytes: 1_048_576 } }, own);
    expect(upload).toEqual(uploadRefusal('file_too_large', { maxBytes: 1_048_576 }));
    expect(upload.detail).not.toContain('file_too_large');
    expect(refusalMessage({ code: 'something_else', status: 409 }, own)).toEqual(messageForStatus(409));
  });
});
