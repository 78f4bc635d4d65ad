import { describe, expect, it } from 'vitest';
import {
  createMinHasher,
  decodeSignature,
  encodeSignature,
  jaccard,
  shingles,
  signature,
  similarity,
} from '../../src/triage/minhash.js';

// the same report written twice by different people: slang, order, emoji, mentions
const PARAPHRASES: [string, string][] = [
  [
    'Jalan di depan SDN Cijerah 2 berlubang parah, sudah sebulan tidak diperbaiki. Tolong segera ditambal @dsdabm.bdg',
    'jln depan SDN cijerah 2 bolong parahhh, udh sebulan gk diperbaiki, tlg segera ditambal min 🙏',
  ],
  [
    'Sampah numpuk di TPS Jl. Cicukang sudah 4 hari tidak diangkut, baunya sampai ke rumah warga',
    'TPS jl cicukang sampahnya numpuk udh 4 hari ga diangkut2, baunya nyampe ke rumah warga 🤢',
  ],
  [
    'Lampu jalan di Jl. Sekeloa mati sejak minggu lalu, gelap dan rawan begal',
    'RT: lampu jalan di jl sekeloa mati sejak minggu lalu, gelap bgt dan rawan begal!! #PJUmati',
  ],
  [
    'Banjir lagi di Jl. Pagarsih, air setinggi lutut, motor banyak yang mogok',
    'banjir lagi di pagarsih, airnya setinggi lutut, banyak motor mogok 😭',
  ],
];

const UNRELATED: [string, string][] = [
  [PARAPHRASES[0]![0], PARAPHRASES[1]![0]],
  [PARAPHRASES[2]![0], PARAPHRASES[3]![1]],
  [PARAPHRASES[1]![1], 'Antrean di Puskesmas Ibrahim Adjie mulai jam 5 subuh tapi dokternya baru datang jam 10'],
  ['Terima kasih Pemkot, taman Cilaki sekarang bersih', 'KTP-el saya sudah 6 bulan belum jadi, blanko habis terus'],
];

describe('MinHash near-duplicates', () => {
  it.each(PARAPHRASES)('scores paraphrases of one report high (> 0.5): %j', (a, b) => {
    expect(similarity(signature(a), signature(b))).toBeGreaterThan(0.5);
  });

  it.each(UNRELATED)('scores unrelated posts low (< 0.2): %j', (a, b) => {
    expect(similarity(signature(a), signature(b))).toBeLessThan(0.2);
  });

  it('scores two different reports of the same kind below the paraphrases', () => {
    const other = similarity(
      signature('Lampu jalan di Jl. Sekeloa mati sejak minggu lalu, gelap dan rawan begal'),
      signature('Lampu jalan di Jl. Cihampelas mati sejak kemarin, gelap sekali'),
    );
    const lowestParaphrase = Math.min(...PARAPHRASES.map(([a, b]) => similarity(signature(a), signature(b))));
    expect(other).toBeLessThan(0.4);
    expect(other).toBeLessThan(lowestParaphrase);
  });

  it('estimates the exact Jaccard similarity of the shingle sets within a few standard errors', () => {
    const texts = [...PARAPHRASES.flat(), ...UNRELATED.flat()];
    const hasher = createMinHasher();
    let worst = 0;
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const exact = jaccard(shingles(texts[i]!), shingles(texts[j]!));
        const estimate = hasher.similarity(hasher.signature(texts[i]!), hasher.signature(texts[j]!));
        worst = Math.max(worst, Math.abs(exact - estimate));
      }
    }
    // the standard error is sqrt(J(1-J)/128) <= 0.045
    expect(worst).toBeLessThan(0.15);
  });

  it('gets closer to the exact value with more hash functions, on average', () => {
    const a = PARAPHRASES[3]![0];
    const b = PARAPHRASES[3]![1];
    const exact = jaccard(shingles(a), shingles(b));
    const error = (numHashes: number) => {
      let sum = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const h = createMinHasher({ numHashes, seed });
        sum += Math.abs(h.similarity(h.signature(a), h.signature(b)) - exact);
      }
      return sum / 20;
    };
    expect(error(256)).toBeLessThan(error(16));
  });

  it('is deterministic, and signatures survive storage as hex', () => {
    const text = PARAPHRASES[0]![0];
    expect(signature(text)).toEqual(signature(text));
    expect(signature(text)).toHaveLength(128);
    const stored = encodeSignature(signature(text));
    expect(stored).toMatch(/^[0-9a-f]{1024}$/);
    expect(decodeSignature(stored)).toEqual(signature(text));
    expect(() => decodeSignature('xyz')).toThrow();
  });

  it('makes shingles from normalized words: slang, case and stopwords do not matter', () => {
    expect(shingles('Jln RUSAK parahhh yg di dpn SD')).toEqual(shingles('jalan rusak parah di depan sd'));
    expect(shingles('got mampet', 3, 3)).toEqual(new Set(['selokan tersumbat']));
    expect(shingles('lampu jalan mati', 2, 2)).toEqual(new Set(['lampu jalan', 'jalan mati']));
  });

  it('treats empty posts as similar to nothing', () => {
    expect(similarity(signature(''), signature(''))).toBe(0);
    expect(similarity(signature('🔥'), signature('banjir'))).toBe(0);
  });

  it('compares only signatures of the same length, and checks its options', () => {
    expect(() => similarity(signature('a b c'), createMinHasher({ numHashes: 64 }).signature('a b c'))).toThrow();
    expect(() => createMinHasher({ numHashes: 0 })).toThrow();
    expect(() => createMinHasher({ shingleSize: 2, minShingleSize: 3 })).toThrow();
  });
});
