/** The start form read by the API's own SubmitBody: Indonesian errors per field, privacy from the checkboxes. */
import { describe, expect, it } from 'vitest';
import { parseStart, regionErrors } from '../../src/pages/start.js';

const valid = { kategori: 'jalan-rusak', judul: 'Jalan berlubang', isi: 'Lubang besar di depan nomor 120.' };

describe('parseStart', () => {
  it('turns a valid form into the API submission; anonim and rahasia only when ticked; empty contact left out', () => {
    const r = parseStart({ ...valid, nama: '', telepon: ' ', alamat: 'Jl. Dago 120' }, ['rahasia']);
    expect(r).toMatchObject({
      ok: true,
      input: {
        category: 'jalan-rusak',
        title: 'Jalan berlubang',
        address: 'Jl. Dago 120',
        anonim: false,
        rahasia: true,
      },
    });
    expect(r.ok && r.input.reporter).toBeUndefined();
    const phone = parseStart({ ...valid, telepon: '0812-3456-7890' }, ['anonim']);
    expect(phone).toMatchObject({
      ok: true,
      input: { anonim: true, rahasia: false, reporter: { phone: '+6281234567890' } },
    });
  });

  it('names each wrong field once, in Indonesian, by its form name', () => {
    const r = parseStart({ kategori: '', judul: 'ab', isi: '', telepon: '123', email: 'bukan-email' }, []);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { field: 'kategori', message: 'Pilih kategori laporan.' },
      { field: 'judul', message: 'Judul laporan minimal 5 karakter.' },
      { field: 'isi', message: 'Isi laporan minimal 10 karakter.' },
      { field: 'telepon', message: 'Nomor HP tidak valid. Tulis nomor seluler Indonesia, misalnya 0812-3456-7890.' },
      { field: 'email', message: 'Alamat e-mail tidak valid, misalnya nama@contoh.id.' },
    ]);
  });

  it('maps the region’s refusal (invalid_report fields) to the form', () => {
    expect(regionErrors(['category', 'districtCode', 'location'])).toEqual([
      { field: 'kategori', message: 'Pilih kategori laporan.' },
      { field: 'kecamatan', message: 'Pilih kecamatan dari daftar.' },
      // the form has typed coordinates now: a place outside Indonesia is marked on them
      {
        field: 'lintang',
        message:
          'Titik lokasi berada di luar Indonesia. Tulis garis lintang dan bujur dalam derajat desimal, misalnya -6,8915 dan 107,6107.',
      },
    ]);
  });
});
