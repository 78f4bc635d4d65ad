import { normalizeText } from './normalize.js';
import { sentences } from './title.js';

/*
 * Is the post a question rather than a complaint? A question ("Hari ini macet ga ya di Pasteur? mau ke
 * bandara") must never become a public report without a person looking at it, so triage sends it to
 * the inbox whatever the model says. But Indonesian complaints are often phrased as questions ("kapan
 * diperbaiki?? sudah 2 minggu", "kenapa sampah di TPS tidak diangkut?"), and those stay complaints.
 *
 * A post ASKS when a sentence ends with "?" or carries a question marker (apakah, "ga ya", "gak sih",
 * mau tanya, ada yang tahu, berapa, kapan, di mana ...). It is a GRIEVANCE, not a question, when it
 * also shows one of what complaints do:
 *  - demands a remedy: "kapan (di)perbaiki / diangkut / ditindak / ada solusi", "sampai kapan";
 *  - blames: "kenapa", "mengapa", "kok", "masa", "ke mana saja" (why has nothing been done);
 *  - says how long or how often: "sudah 2 minggu", "sejak", "berhari-hari", "setiap hujan", "lagi";
 *  - states a problem or asks for action in a sentence that is not a question ("Lampu mati. Kapan ...?").
 * Only a post that asks and shows no grievance is a question. The word lists were written from the
 * training split and from made-up posts in the unit tests, never from the held-out split
 * (`npm run eval` measures the rule there).
 */

export interface QuestionReading {
  /** True when the post asks for information and shows no sign of a grievance. */
  question: boolean;
  signals: string[];
}

const w = (words: string) => new RegExp(`(?:^| )(?:${words})(?= |$)`, 'u');

/**
 * Markers of asking, on normalized text ("ga ya" is "tidak ya" there). Question words (kapan, berapa,
 * di mana, siapa, bagaimana) count only in a sentence that ends with "?": "lalat di mana-mana" and
 * "tidak jelas siapa yang keluarkan" do not ask.
 */
const ASKS = w(
  'apakah|apa ya|apa saja ya|apa sih|tidak ya|ya tidak|tidak sih ya|bukan ya|bisakah|bolehkah|adakah|mau tanya|' +
    'ingin tanya|boleh tanya|izin tanya|numpang tanya|boleh tahu|ada yang tahu|ada info|mohon info|minta info|' +
    'info dong|bagaimana caranya|cara daftar|cara cek|jam berapa ya|berapa ya|di mana ya|ke mana ya|kapan ya',
);

/** The remedy a complaint demands: "kapan diperbaiki", "kapan lampu jalan di gang X dibenerin". */
const REMEDY_VERBS =
  'di(?:perbaiki|benerin|betulkan|benahi|aspal|tambal|angkut|ambil|keruk|bersihkan|tindak|tindaklanjuti|tangani|' +
  'tertibkan|ganti|pasang|pangkas|tebang|selesaikan|bereskan|urus|perhatikan|proses|cairkan|bayar|balas|respon|' +
  'perbarui|update|buka kembali|normalkan|hidupkan|nyalakan|lanjutkan|bangun)';
const DEMANDS = new RegExp(
  `(?:^| )(?:kapan(?: \\S+){0,6} ${REMEDY_VERBS}|kapan (?:ada )?(?:solusi|perbaikan|tindakan|tindak lanjut|beres|selesai|normal|nyala|menyala)|sampai kapan|mau sampai kapan)(?= |$)`,
  'u',
);
const BLAMES = w(
  'kenapa|mengapa|kok|masa|masak|ke mana saja|kemana saja|tidak becus|dibiarkan|dibiarin|percuma|padahal|bukannya|' +
    'bagaimana ini|bagaimana sih|bagaimana nih',
);
const DURATION = new RegExp(
  '(?:^| )(?:(?:sudah|sejak|selama|hampir|lebih dari) (?:\\d+|se\\S+|ber\\S+|beberapa|bertahun|berbulan|berminggu|berhari)|' +
    'sejak|berhari hari|berminggu minggu|berbulan bulan|bertahun tahun|berhari|berminggu|berbulan|bertahun|' +
    'setiap (?:hari|malam|hujan|pagi|sore|minggu)|selalu|terus menerus|lagi lagi|\\S+ lagi tidak|tidak pernah)(?= |$)',
  'u',
);
/** A problem or a request stated outright, in a sentence that does not ask. */
const PROBLEM_WORDS =
  'rusak|berlubang|lubang|mati|padam|tersumbat|mampet|bocor|banjir|tergenang|menumpuk|numpuk|bau|retak|ambruk|' +
  'roboh|tumbang|pungli|tolong|mohon segera|mohon ditindaklanjuti|mohon diperbaiki|segera|lapor|melaporkan|' +
  'keluhan|kecewa|parah|bahaya|berbahaya|belum|tidak diangkut|tidak berfungsi|tidak menyala|tidak ada respon|' +
  'down|error|macet|gelap';
const STATES_PROBLEM = w(PROBLEM_WORDS);
/** "down lagi", "numpuk lagi": the problem is back, a grievance even when asked. */
const RECURS = new RegExp(`(?:^| )(?:${PROBLEM_WORDS}) lagi(?= |$)`, 'u');

/** The question rule's word lists, for the check that none was written from the held-out split (`leak.ts`). */
export const QUESTION_WORD_LISTS: readonly RegExp[] = [ASKS, BLAMES, STATES_PROBLEM];

function readSentence(raw: string): { asks: boolean; signals: string[] } {
  // "di mana-mana" (everywhere) asks nothing
  const text = normalizeText(raw.replace(/(?:di|ke) ?mana[- ]?(?:mana|2)/giu, ' '));
  const endsWithQuestion = /\?[\s"'”’)\]]*$/u.test(raw);
  const asks = endsWithQuestion || ASKS.test(text);
  const signals: string[] = [];
  if (DEMANDS.test(text)) signals.push('grievance:demands');
  if (BLAMES.test(text)) signals.push('grievance:blames');
  if (DURATION.test(text) || RECURS.test(text)) signals.push('grievance:duration');
  if (!asks && STATES_PROBLEM.test(text)) signals.push('grievance:states-problem');
  return { asks, signals };
}

/** Reads the post sentence by sentence; see the comment at the top for the rule. */
export function readQuestion(text: string): QuestionReading {
  const parts = sentences(text.replace(/\s+/gu, ' ').replace(/\?(?=\S)/gu, '? '));
  const read = parts.map(readSentence);
  const asks = read.some((r) => r.asks);
  const grievance = [...new Set(read.flatMap((r) => r.signals))];
  if (!asks) return { question: false, signals: [] };
  if (grievance.length > 0) return { question: false, signals: grievance.map((s) => `question:${s}`) };
  return { question: true, signals: ['question:asks'] };
}
