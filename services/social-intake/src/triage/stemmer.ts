/*
 * A light Indonesian stemmer, written for this project after the shape of Nazief-Adriani but without a root
 * dictionary: strip particles (-lah -kah -tah -pun), possessives (-ku -mu -nya), one derivational suffix
 * (-kan -an -i) and up to two derivational prefixes (di- ke- se- ber- ter- per- me(N)- pe(N)-) with the
 * usual nasal recoding (meny+V -> s, mem+V -> p, men+V -> t). A stem keeps at least 4 letters.
 *
 * Without a dictionary it over- and under-stems ("kemarin" -> "marin"), but it does so consistently, which is
 * what a classifier and a duplicate detector need: "diperbaiki", "perbaikan", "memperbaiki" -> "baik";
 * "tergenang", "genangan", "menggenang" -> "genang"; "kebanjiran" -> "banjir".
 */

const MIN = 4;
const VOWEL = /^[aiueo]/;

/** Words whose apparent affixes are part of the root. */
const KEEP: ReadonlySet<string> = new Set([
  'sekolah',
  'sebelah',
  'kelurahan',
  'kecamatan',
  'pemerintah',
  'selokan',
  'perempatan',
  'pertigaan',
  'perumahan',
  'pedestrian',
  'petasan',
  'median',
  'taman',
  'jalan',
  'makan',
  'ikan',
  'bulan',
  'tahun',
  'teman',
  'depan',
  'belakang',
  'mesin',
  'masjid',
  'pasien',
  'penuh',
  'pernah',
  'sepeda',
  'sedang',
  'selalu',
  'semua',
  'sampai',
  'sekitar',
  'sekarang',
  'kemarin',
  'pagi',
  'terus',
  'tertib',
  'peta',
  'perlu',
  'bersih',
  'berat',
  'beras',
  'dinas',
  'dinsos',
  'dinkes',
  'dishub',
  'disdik',
  'kendaraan',
  'tengah',
  'kemacetan',
  'pedagang',
  'tetangga',
  'kelas',
  'kebun',
  'kebon',
  'kecil',
  'kepala',
  'sekali',
  'seragam',
  'sehat',
  'setiap',
  'selatan',
  'semen',
]);

function stripSuffixes(word: string): string {
  let w = word;
  for (const re of [/(lah|kah|tah|pun)$/, /(nya|ku|mu)$/]) {
    const m = re.exec(w);
    if (m && w.length - m[0].length >= MIN) w = w.slice(0, -m[0].length);
  }
  // "-kan" belongs to verbs (di-/me-/ter-...-kan); elsewhere "...kan" is a root ending in k plus "-an"
  // ("tumpukan", "perbaikan", "kependudukan")
  const suffix = /kan$/.test(w) && /^(di|me|ter)/.test(w) ? 'kan' : /an$/.test(w) ? 'an' : /i$/.test(w) ? 'i' : '';
  if (suffix && w.length - suffix.length >= MIN) w = w.slice(0, -suffix.length);
  return w;
}

function stripPrefix(w: string): string | null {
  const rest = (n: number, recode = '') => {
    const r = recode + w.slice(n);
    return r.length >= MIN ? r : null;
  };
  if (/^(di|ke|se)/.test(w)) return rest(2);
  if (/^(ber|ter|per)/.test(w)) return rest(3);
  if (w.startsWith('be')) return rest(2);
  for (const p of ['me', 'pe']) {
    if (!w.startsWith(p)) continue;
    const after = w.slice(2);
    if (after.startsWith('ng')) return rest(4);
    if (after.startsWith('ny') && VOWEL.test(w.slice(4))) return rest(4, 's');
    if (after.startsWith('m')) return VOWEL.test(w.slice(3)) ? rest(3, 'p') : rest(3);
    if (after.startsWith('n')) return VOWEL.test(w.slice(3)) ? rest(3, 't') : rest(3);
    if (/^[lrwy]/.test(after)) return rest(2);
    if (p === 'pe') return rest(2);
  }
  return null;
}

export function stem(word: string): string {
  if (word.length <= MIN || KEEP.has(word) || !/^\p{Ll}+$/u.test(word)) return word;
  let w = stripSuffixes(word);
  // a second prefix only where Indonesian stacks them: di-per-, mem-per-, ke-pen-, ...
  for (let round = 0; round < 2; round++) {
    if (KEEP.has(w) || (round === 1 && !/^(per|pe|ber|ter)/.test(w))) break;
    const next = stripPrefix(w);
    if (next === null) break;
    w = next;
  }
  return w;
}
