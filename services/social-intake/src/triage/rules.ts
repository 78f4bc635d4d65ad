import { contentTokens, normalizeText } from './normalize.js';

/*
 * Hand-written rules beside the model. They work on the normalized text (slang expanded: "got mampet" is
 * "selokan tersumbat", "pju" is "lampu jalan") and shift the model's log-odds rather than replace them, so
 * the model can still win with strong evidence. Hard overrides are kept for what the model cannot know:
 * a post with no words at all.
 *
 *  - category keywords ("banjir", "lampu jalan ... mati", "pungli", "sampah ... menumpuk"): add `boost` to the
 *    category's logit;
 *  - thanks without a problem word (or for something fixed), questions asking for information, promotions,
 *    spam/scams: push toward "not a complaint";
 *  - report phrases ("mohon ditindaklanjuti", "lapor"): push toward "complaint";
 *  - no content words ("P", ".", "🔥🔥"), or one word that is no category keyword ("ping"): not a
 *    complaint, whatever the model says.
 * Every rule that fires is reported as a signal ("rule:thanks", "keyword:banjir-genangan").
 * The weights were chosen by cross-validation on the training split (scripts/tune.ts), never on the test split.
 */

export interface RuleWeights {
  categoryBoost: number;
  thanks: number;
  question: number;
  promotion: number;
  spam: number;
  report: number;
}

export const DEFAULT_RULE_WEIGHTS: RuleWeights = {
  categoryBoost: 3,
  thanks: 3,
  question: 1.5,
  promotion: 4.5,
  spam: 6,
  report: 1.5,
};

export interface RuleOutcome {
  /** Added to the log-odds of "complaint". */
  complaintShift: number;
  /** Added to each category's logit. */
  categoryBoosts: Map<string, number>;
  /** A decision the model cannot overturn. */
  override: 'not-complaint' | null;
  signals: string[];
}

const w = (words: string) => new RegExp(`(?:^| )(?:${words})(?= |$)`, 'u');

/** Category keywords: every pattern in `all` must match (so "lampu jalan" needs a "mati"-like word too). */
export const CATEGORY_KEYWORDS: readonly { category: string; all: readonly RegExp[] }[] = [
  { category: 'banjir-genangan', all: [w('banjir|kebanjiran|tergenang|genangan|menggenang|cileuncang|terendam')] },
  {
    category: 'lampu-jalan-mati',
    all: [w('lampu jalan|penerangan jalan'), w('mati|padam|gelap|redup|kedip|nyala|menyala|hurung')],
  },
  {
    category: 'rambu-lampu-lalu-lintas',
    all: [
      w(
        'lampu merah|traffic light|lampu lalu lintas|lampu pengatur lalu lintas|rambu|marka|zebra cross|pelican crossing',
      ),
    ],
  },
  {
    category: 'pungli-perilaku-aparatur',
    all: [w('pungli|pungutan liar|uang damai|uang rokok|calo|suap|sogok|netralitas')],
  },
  {
    category: 'sampah',
    all: [
      w('sampah|runtah'),
      w('numpuk|menumpuk|bertumpuk|tumpukan|diangkut|angkut|tps|berserakan|menggunung|truk|buang|tempat'),
    ],
  },
  {
    category: 'drainase-tersumbat',
    all: [w('selokan|saluran|gorong gorong|drainase|inlet'), w('tersumbat|dikeruk|endapan|sedimen|lumpur')],
  },
  { category: 'parkir-liar', all: [w('parkir liar|juru parkir|parkir sembarangan|parkir di trotoar|tukang parkir')] },
  {
    category: 'administrasi-kependudukan',
    all: [w('ktp|ktp el|kartu keluarga|akta|disdukcapil|dukcapil|nik|domisili|adminduk')],
  },
  { category: 'bantuan-sosial', all: [w('bantuan sosial|dtks|pkh|bpnt|bantuan langsung tunai|sembako|kks|rutilahu')] },
  { category: 'layanan-kesehatan', all: [w('puskesmas|rsud|posyandu|dbd|demam berdarah|fogging|bidan|imunisasi|igd')] },
  { category: 'sekolah-pendidikan', all: [w('ppdb|guru|siswa|murid|rapor|ijazah|wali murid|dana bos|spp|paud')] },
  { category: 'perizinan', all: [w('oss|nib|dpmptsp|perizinan|izin usaha|izin reklame|pirt|slf|izin operasional')] },
  {
    category: 'pencemaran-lingkungan',
    all: [w('limbah|polusi|pencemaran|tercemar|kebisingan|bising|knalpot brong|asap pabrik')],
  },
  {
    category: 'pohon-taman',
    all: [w('pohon|dahan|ranting'), w('tumbang|roboh|patah|miring|condong|lapuk|keropos|dipangkas|pangkas|ditebang')],
  },
  { category: 'angkutan-umum-kemacetan', all: [w('macet|kemacetan|angkot|ngetem|halte|trans metro|damri|bus')] },
  {
    category: 'pkl-ketertiban-umum',
    all: [w('pedagang kaki lima|lapak|pengamen|gelandangan|pengemis|balap liar|tawuran|ormas|mabuk')],
  },
  { category: 'jalan-rusak', all: [w('berlubang|lubang|aspal|jalan rusak|bergelombang|amblas|ambles|ditambal')] },
  {
    category: 'bangunan-tanpa-izin',
    all: [w('tanpa izin|tanpa pbg|tanpa imb|bangunan liar|sempadan|tata ruang|disegel|segel')],
  },
  { category: 'informasi-publik', all: [w('situs|ppid|aplikasi|call center|open data|down|error|medsos')] },
];

const THANKS = w('terima kasih|apresiasi|salut|mantap|keren|good job|matur nuwun|bangga|alhamdulillah|puas');
const PROBLEM = w(
  'tidak|belum|masih|rusak|mati|banjir|numpuk|menumpuk|kapan|tolong|mohon|parah|berlubang|tersumbat|macet|gelap|bau|' +
    'pungli|hebat|luar biasa|membiarkan|dibiarkan|percuma|kecewa',
);
/** "...sudah diperbaiki", "tidak ada lagi ...": thanks for something that was fixed. */
const RESOLVED =
  /(?:^| )(?:sudah|akhirnya|sekarang) (?:\S+ )?(?:diperbaiki|dibenerin|beres|normal|nyala|menyala|bersih|diangkut|dikeruk|diaspal|cair|jadi|ditambal|lancar|lega|aman|terang|mulus|berfungsi)(?= |$)|(?:^| )tidak (?:ada )?(?:\S+ ){0,3}lagi(?= |$)/u;
/** Asking for information (not reporting a problem): "mau tanya", "syaratnya apa", "jam buka". */
const QUESTION = w(
  'mau tanya|boleh tahu|ada yang tahu|mohon informasi|informasi dong|bagaimana cara|cara daftar|cara cek|cara buat|' +
    'syarat|persyaratan|jam buka|jam operasional|jadwal|apakah|berapa|ke mana|di mana|prosedur|langkah',
);
const PROMOTION = w(
  'promo|diskon|dijual|jual|open po|order|reseller|bio|harga|ongkir|tersedia|jasa|sewa|daftar sekarang|minat|' +
    'cod|grosir|paket|mulai|buruan|pesanan|kavling|cicilan|sedia|booking|katalog|servis|panggilan|garansi|bergaransi|' +
    'terpercaya|nego|hubungi',
);
/** Words that are spam on their own, and words that are spam only with a call to action. */
const SPAM = w('slot|gacor|maxwin|togel|pinjol|follback|follow back|followers|giveaway|passive income|obat kuat');
const SPAM_WEAK = w(
  'judi|crypto|kripto|undian|saldo|deposit|mlm|joki|bpkb|kesepian|hadiah|cuan|kaya|menang|memenangkan',
);
const CALL_TO_ACTION = w('klik|link|bio|daftar|hubungi|gabung|join|pesan|whatsapp|cek|kirim|isi|_url_|_phone_');
const REPORT = w(
  'lapor|melaporkan|keluhan|mengeluh|aduan|mengadu|ditindaklanjuti|tindak lanjut|mohon segera|tolong segera',
);

/**
 * "Bisa ga ...?", "perlu izin ga kalau ...?", "...gratis atau ga?": a negation that only asks. Removed before
 * looking for problem words, and itself a sign of a question. Only inside a sentence that ends with "?".
 */
const NEGATION = '(?:ga|gak|nggak|ngga|enggak|engga|tidak|gk|nda)';
const QUESTION_TAG = new RegExp(
  `(?<![\\p{L}])${NEGATION}\\s*\\?|(?<![\\p{L}])((?:bisa|boleh|perlu|ada|harus|gratis|bayar|atau)(?:\\s+[\\p{L}\\d]+){0,2})\\s+${NEGATION}(?![\\p{L}])(?=[^.!?\\n]*\\?)`,
  'giu',
);

/** Every word list of the rules, for the check that none was written from the held-out split (`leak.ts`). */
export const RULE_WORD_LISTS: readonly RegExp[] = [
  ...CATEGORY_KEYWORDS.flatMap((k) => k.all),
  THANKS,
  PROBLEM,
  QUESTION,
  PROMOTION,
  SPAM,
  SPAM_WEAK,
  CALL_TO_ACTION,
  REPORT,
];

export function evaluateRules(text: string, weights: RuleWeights = DEFAULT_RULE_WEIGHTS): RuleOutcome {
  const normalized = normalizeText(text);
  const words = contentTokens(text).filter((t) => !t.startsWith('_'));
  const outcome: RuleOutcome = { complaintShift: 0, categoryBoosts: new Map(), override: null, signals: [] };

  for (const { category, all } of CATEGORY_KEYWORDS) {
    if (all.every((re) => re.test(normalized))) {
      outcome.categoryBoosts.set(category, (outcome.categoryBoosts.get(category) ?? 0) + weights.categoryBoost);
      outcome.signals.push(`keyword:${category}`);
    }
  }

  if (words.length === 0 || (words.length === 1 && outcome.categoryBoosts.size === 0)) {
    outcome.override = 'not-complaint';
    outcome.signals.push(words.length === 0 ? 'rule:no-words' : 'rule:one-word');
    return outcome;
  }
  const problemText = normalizeText(text.replace(QUESTION_TAG, (_m, verb?: string) => (verb ? `${verb} ` : ' ?')));
  const hasProblem = PROBLEM.test(problemText);
  if (THANKS.test(normalized) && (!hasProblem || RESOLVED.test(normalized))) {
    outcome.complaintShift -= weights.thanks;
    outcome.signals.push('rule:thanks');
  }
  const asks = QUESTION.test(normalized) || new RegExp(QUESTION_TAG.source, 'iu').test(text);
  if (asks && !hasProblem) {
    outcome.complaintShift -= weights.question;
    outcome.signals.push('rule:question');
  }
  const commerce = (normalized.match(new RegExp(PROMOTION.source, 'gu')) ?? []).length;
  const contact = /_phone_|_url_|whatsapp|pesan/.test(normalized);
  if (commerce >= 2 || (commerce >= 1 && contact)) {
    outcome.complaintShift -= weights.promotion;
    outcome.signals.push('rule:promotion');
  }
  if (SPAM.test(normalized) || (SPAM_WEAK.test(normalized) && CALL_TO_ACTION.test(normalized))) {
    outcome.complaintShift -= weights.spam;
    outcome.signals.push('rule:spam');
  }
  if (REPORT.test(normalized)) {
    outcome.complaintShift += weights.report;
    outcome.signals.push('rule:report');
  }
  return outcome;
}
