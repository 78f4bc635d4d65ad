import { describe, expect, it } from 'vitest';
import { SIGNAL_WORDS, SLANG, STOPWORDS } from '../../src/triage/lexicon.js';
import {
  cleanText,
  contentTokens,
  normalizeText,
  normalizeTokens,
  squashRepeats,
  stripSuffix,
} from '../../src/triage/normalize.js';
import { stem } from '../../src/triage/stemmer.js';

describe('normalizeTokens', () => {
  it.each([
    ['gk', 'tidak'],
    ['ga', 'tidak'],
    ['gak', 'tidak'],
    ['nggak', 'tidak'],
    ['enggak', 'tidak'],
    ['udh', 'sudah'],
    ['udah', 'sudah'],
    ['bgt', 'banget'],
    ['jln', 'jalan'],
    ['tlg', 'tolong'],
    ['yg', 'yang'],
    ['dr', 'dari'],
    ['blm', 'belum'],
    ['krn', 'karena'],
    ['sm', 'sama'],
    ['dgn', 'dengan'],
    ['org', 'orang'],
    ['lg', 'lagi'],
    ['bs', 'bisa'],
    ['gmn', 'bagaimana'],
    ['mampet', 'tersumbat'],
    ['bolong', 'berlubang'],
    ['pisan', 'banget'],
    ['punten', 'permisi'],
  ])('maps slang %s to %s', (slang, standard) => {
    expect(normalizeText(slang)).toBe(standard);
  });

  it('has a slang lexicon of well over 100 entries, all lowercase', () => {
    expect(Object.keys(SLANG).length).toBeGreaterThan(250);
    for (const key of Object.keys(SLANG)) expect(key).toBe(key.toLowerCase());
  });

  it('expands multi-word slang and drops what maps to nothing', () => {
    expect(normalizeText('gpp kok')).toBe('tidak apa apa kok');
    expect(normalizeText('hatur nuhun pisan')).toBe('terima kasih banget');
    expect(normalizeText('dll')).toBe('dan lain lain');
  });

  it('squashes repeated letters: "parahhhh" -> "parah", and emphasis on the last letter', () => {
    expect(squashRepeats('parahhhh')).toBe('parah');
    expect(squashRepeats('bangeeet')).toBe('banget');
    expect(squashRepeats('tolongg')).toBe('tolong');
    expect(normalizeText('maaaaaf')).toBe('maaf');
    expect(normalizeText('BANJIRRRR lagiii')).toBe('banjir lagi');
    expect(normalizeText('bgttt')).toBe('banget');
    // legitimate double letters inside a word stay
    expect(normalizeText('saat maaf tanggal')).toBe('saat maaf tanggal');
  });

  it('keeps digits, and splits them from letters', () => {
    expect(normalizeTokens('RT 03/RW 05 No. 12')).toEqual(['rt', '03', 'rw', '05', 'no', '12']);
    expect(normalizeTokens('rt03 rw05')).toEqual(['rt', '03', 'rw', '05']);
    expect(normalizeTokens('antre 2000 orang')).toEqual(['antre', '2000', 'orang']);
    expect(normalizeTokens('SDN 045 Sukajadi')).toEqual(['sdn', '045', 'sukajadi']);
  });

  it('turns URLs, mentions, e-mail addresses and phone numbers into markers', () => {
    expect(normalizeTokens('cek https://t.co/abc123 dan bit.ly/xyz')).toEqual(['cek', '_url_', 'dan', '_url_']);
    expect(normalizeTokens('@dsdabm.bdg @PemkotBandung tolong')).toEqual(['_mention_', '_mention_', 'tolong']);
    expect(normalizeTokens('hub 0812-3456-7890 atau +62 857 1234 9876')).toEqual(['hub', '_phone_', 'atau', '_phone_']);
    expect(normalizeTokens('email warga@contoh.id')).toEqual(['email', '_email_']);
  });

  it('keeps the words of hashtags, splitting CamelCase', () => {
    expect(normalizeText('#JalanRusakBandung parah')).toBe('jalan rusak bandung parah');
    expect(normalizeText('#PJU_mati #banjir')).toBe('lampu jalan mati banjir');
  });

  it('maps a few emoji to sentiment markers and drops the rest', () => {
    expect(normalizeTokens('banjir lagi 😡🙏👍😂😭🌧️🏠')).toEqual([
      'banjir',
      'lagi',
      '_emo_marah_',
      '_emo_mohon_',
      '_emo_suka_',
      '_emo_tawa_',
      '_emo_sedih_',
    ]);
  });

  it('collapses reduplication, except where it changes the meaning', () => {
    expect(normalizeText('rusak2 semua, lubang-lubang')).toBe('rusak semua lubang');
    expect(normalizeText('jalan-jalan ke braga, hati2')).toBe('jalan-jalan ke braga hati-hati');
    expect(normalizeText('Soekarno-Hatta')).toBe('soekarno hatta');
  });

  it('normalizes Unicode lookalikes (NFKC) and casing', () => {
    expect(normalizeText('𝐉𝐚𝐥𝐚𝐧 RUSAK')).toBe('jalan rusak');
    expect(cleanText('JL. DAGO')).toBe('jl. dago');
  });
});

describe('stopwords', () => {
  it('keep the words that signal a complaint or a place', () => {
    for (const word of SIGNAL_WORDS) expect(STOPWORDS.has(word), word).toBe(false);
    for (const word of ['tidak', 'belum', 'sudah', 'lama', 'segera', 'depan', 'dekat']) {
      expect(SIGNAL_WORDS).toContain(word);
    }
  });

  it('are dropped by contentTokens, with -nya/-lah/-kah stripped', () => {
    expect(contentTokens('Jalannya di depan sekolah itu sudah lama tidak diperbaiki lho')).toEqual([
      'jalan',
      'depan',
      'sekolah',
      'sudah',
      'lama',
      'tidak',
      'diperbaiki',
    ]);
    expect(contentTokens('yg dkt pasar blm diangkut sampahnya')).toEqual([
      'dekat',
      'pasar',
      'belum',
      'diangkut',
      'sampah',
    ]);
  });
});

describe('suffixes and stems', () => {
  it('strip particles but not roots that end like them', () => {
    expect(stripSuffix('jalannya')).toBe('jalan');
    expect(stripSuffix('apakah')).toBe('apa');
    expect(stripSuffix('sekolah')).toBe('sekolah');
    expect(stripSuffix('masalah')).toBe('masalah');
    expect(stripSuffix('punya')).toBe('punya');
    expect(stripSuffix('bertanya')).toBe('bertanya');
    expect(stripSuffix('_url_')).toBe('_url_');
  });

  it('bring inflected forms of one root together', () => {
    for (const w of ['diperbaiki', 'perbaikan', 'memperbaiki']) expect(stem(w), w).toBe('baik');
    for (const w of ['tergenang', 'genangan', 'menggenang']) expect(stem(w), w).toBe('genang');
    for (const w of ['menumpuk', 'tumpukan', 'bertumpuk']) expect(stem(w), w).toBe('tumpuk');
    expect(stem('kebanjiran')).toBe('banjir');
    expect(stem('penerangan')).toBe('terang');
    expect(stem('pencemaran')).toBe('cemar');
    expect(stem('ditertibkan')).toBe('tertib');
    expect(stem('kependudukan')).toBe('duduk');
    expect(stem('menyeberang')).toBe('seberang');
    // short words, roots on the keep list and markers are left alone
    for (const w of ['jalan', 'sekolah', 'lampu', 'rt', '_url_', '2024']) expect(stem(w), w).toBe(w);
  });
});
