import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/triage/dataset.js';
import { reportTitle, sentences, TITLE_MAX_CHARS } from '../../src/triage/title.js';

// Issue 16: titles cut at "Jl." ("got mampet di Jl.", "Lampu PJU di Jl.") in 10 of 35 complaints of an outside set.
const ABBREVIATION_END = /(?:^|\s)(?:jl|jln|gg|no|kel|kec|kab|rt|rw|kp|komp|perum|yth|bpk|sdr|dr|ir|h|hj|rp)\.?…?$/iu;

describe('reportTitle: a sentence or phrase, never cut at an address abbreviation', () => {
  const cases: [string, string][] = [
    [
      'got mampet di Jl. Pelajar Pejuang 45, air meluap ke rumah warga',
      'got mampet di Jl. Pelajar Pejuang 45, air meluap ke rumah warga',
    ],
    [
      'Lampu PJU di Jl. Soekarno-Hatta depan Metro Indah Mall mati total sejak 3 hari. Gelap banget, rawan begal.',
      'Lampu PJU di Jl. Soekarno-Hatta depan Metro Indah Mall mati total sejak 3 hari',
    ],
    [
      'Jalan berlubang di Jl. A. Yani dekat Kosambi. Sudah 2 motor jatuh.',
      'Jalan berlubang di Jl. A. Yani dekat Kosambi',
    ],
    [
      'Sampah di Gg. Sukamaju No. 12 belum diangkut seminggu. Bau!',
      'Sampah di Gg. Sukamaju No. 12 belum diangkut seminggu',
    ],
    [
      'Drainase di Kel. Sukaluyu Kec. Cibeunying Kaler mampet. Tolong dikeruk',
      'Drainase di Kel. Sukaluyu Kec. Cibeunying Kaler mampet',
    ],
    [
      'Pohon tumbang di RT. 03/RW. 05 Kel. Cigadung, menutup jalan.',
      'Pohon tumbang di RT. 03/RW. 05 Kel. Cigadung, menutup jalan',
    ],
    ['Yth. Bpk. Walikota, jalan di depan SDN 3 rusak parah.', 'Yth. Bpk. Walikota, jalan di depan SDN 3 rusak parah'],
    [
      'Trotoar Jl. Ir. H. Juanda dipakai parkir motor. Pejalan kaki turun ke jalan.',
      'Trotoar Jl. Ir. H. Juanda dipakai parkir motor',
    ],
    ['kapan diperbaiki?? sudah 2 minggu', 'kapan diperbaiki? sudah 2 minggu'],
    ['Tolong! Got mampet di Jl. Merdeka', 'Tolong! Got mampet di Jl. Merdeka'],
    ['Air PDAM mati 3 hari di Perum. Griya Asri Blok C', 'Air PDAM mati 3 hari di Perum. Griya Asri Blok C'],
    ['Pungli Rp. 50.000 di kelurahan untuk surat pindah.', 'Pungli Rp. 50.000 di kelurahan untuk surat pindah'],
    ['Lampu jalan mati di Jl.\nMohon diperbaiki', 'Lampu jalan mati…'],
    ['Got mampet di Jl. Merdeka no. 5. Mohon dikeruk.', 'Got mampet di Jl. Merdeka no. 5'],
  ];
  it.each(cases)('%s', (post, title) => {
    expect(reportTitle(post)).toBe(title);
  });

  it('cuts a long sentence at a phrase boundary, with "…"', () => {
    const post =
      'Selamat pagi, atap ruang kelas SDN 3 Sukasari bocor setiap hujan, murid-murid terpaksa belajar di lorong sekolah yang sempit.';
    expect(reportTitle(post)).toBe('Selamat pagi, atap ruang kelas SDN 3 Sukasari bocor setiap hujan…');
  });

  it('cuts a long sentence without phrases at a word, and never after "di Jl."', () => {
    const post =
      'Lampu penerangan jalan umum sepanjang jalan menuju terminal bus antarkota mati semua sejak minggu lalu di Jl. Soekarno Hatta';
    const title = reportTitle(post);
    expect(title).toBe('Lampu penerangan jalan umum sepanjang jalan menuju terminal bus antarkota mati…');
    const cutAtJl =
      'Lampu penerangan jalan umum yang sepanjang jalan ke terminal bus kota itu mati di Jl. Soekarno Hatta';
    expect(reportTitle(cutAtJl)).not.toMatch(ABBREVIATION_END);
    expect(reportTitle(cutAtJl)).toBe(
      'Lampu penerangan jalan umum yang sepanjang jalan ke terminal bus kota itu mati…',
    );
  });

  it('splits sentences at . ! ? and line breaks, not at abbreviations or initials', () => {
    expect(sentences('Got mampet di Jl. H. Juanda No. 3. Tolong! Kapan dikeruk? Sudah lama…\nwarga')).toEqual([
      'Got mampet di Jl. H. Juanda No. 3.',
      'Tolong!',
      'Kapan dikeruk?',
      'Sudah lama…',
      'warga',
    ]);
  });

  it('gives a fallback for a post without words', () => {
    expect(reportTitle('   ')).toBe('Laporan dari media sosial');
  });

  // every post of the project's dataset (1,079 written in the registers of Indonesian social media)
  it('over every dataset post: at most 80 characters, whole words, never ending on an abbreviation', () => {
    const posts = loadDataset();
    expect(posts.length).toBeGreaterThan(1000);
    const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();
    for (const { text } of posts) {
      const title = reportTitle(text);
      if (title === 'Laporan dari media sosial') {
        expect(text, 'only a post without words gets the fallback').not.toMatch(/[\p{L}\p{N}]{2}/u);
        continue;
      }
      const flat = squash(text);
      expect(Array.from(title).length, text).toBeLessThanOrEqual(TITLE_MAX_CHARS);
      expect(title, text).not.toMatch(ABBREVIATION_END);
      // the title is the opening of the post, cut where a word ends
      const body = title.replace(/…$/u, '').replace(/([?!])$/u, '');
      const at = flat.replace(/([?!])[?!]+/gu, '$1').indexOf(body);
      expect(at, `${title} | ${text}`).toBe(0);
      const next = flat.replace(/([?!])[?!]+/gu, '$1')[body.length];
      expect(next === undefined || /[\s.,;:!?…)\]"'”]/u.test(next), `${title} | ${text}`).toBe(true);
    }
  });
});
