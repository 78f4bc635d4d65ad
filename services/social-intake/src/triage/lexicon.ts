/*
 * Word lists for Indonesian social-media text, written for this project (no external list is copied).
 *
 * SLANG maps informal spellings, abbreviations and a few common Sundanese words (Bandung!) to a standard
 * Indonesian form. Values may be several words ("gpp" -> "tidak apa apa"). Keys are lowercase, after
 * repeated letters are squashed, so "bgttt" reaches "bgt" first.
 *
 * STOPWORDS are function words that carry no triage signal. Published Indonesian lists contain tidak,
 * belum, sudah, lama, segera, depan, dekat...: exactly the words that signal a complaint or a place. They
 * are kept out here, and SIGNAL_WORDS names them so a test can check that they stay out.
 *
 * The lists are packed several entries to a line, grouped by meaning (prettier-ignore): one entry per line
 * made them five times longer and hid the groups.
 */

// prettier-ignore
export const SLANG: Readonly<Record<string, string>> = {
  // negation, aspect, time
  gk: 'tidak', ga: 'tidak', gak: 'tidak', g: 'tidak', ngga: 'tidak', nggak: 'tidak', enggak: 'tidak',
  engga: 'tidak', kagak: 'tidak', tdk: 'tidak', tak: 'tidak', ndak: 'tidak', nda: 'tidak', teu: 'tidak',
  henteu: 'tidak', moal: 'tidak akan', bkn: 'bukan', gpp: 'tidak apa apa', gapapa: 'tidak apa apa',
  gatau: 'tidak tahu', gaada: 'tidak ada', gada: 'tidak ada', udh: 'sudah', udah: 'sudah', sdh: 'sudah',
  dah: 'sudah', uda: 'sudah', ud: 'sudah', tos: 'sudah', parantos: 'sudah', blm: 'belum', blum: 'belum',
  lom: 'belum', acan: 'belum', lg: 'lagi', lgi: 'lagi', ntar: 'nanti', entar: 'nanti', nnt: 'nanti',
  skrg: 'sekarang', skrng: 'sekarang', skr: 'sekarang', kmrn: 'kemarin', kmarin: 'kemarin',
  kemaren: 'kemarin', bsk: 'besok', mlm: 'malam', tiap: 'setiap', tp: 'tapi', tpi: 'tapi', hr: 'hari',
  hri: 'hari', bln: 'bulan', thn: 'tahun', mgg: 'minggu', jm: 'jam', sblm: 'sebelum', stlh: 'setelah',
  sampe: 'sampai', ampe: 'sampai', nyampe: 'sampai', trs: 'terus', trus: 'terus', mlh: 'malah',
  // pronouns and people
  gw: 'saya', gue: 'saya', gua: 'saya', aq: 'aku', ak: 'aku', sy: 'saya', abdi: 'saya', urang: 'saya',
  lu: 'kamu', lo: 'kamu', loe: 'kamu', km: 'kamu', kmu: 'kamu', anjeun: 'kamu', org: 'orang', orng: 'orang',
  bpk: 'bapak', pak: 'bapak', bu: 'ibu', akang: 'kakak', tmn: 'teman', temen: 'teman', ortu: 'orang tua',
  pemkot: 'pemerintah kota', pemda: 'pemerintah daerah', min: 'admin', mimin: 'admin',
  // function words
  yg: 'yang', yng: 'yang', dr: 'dari', dri: 'dari', krn: 'karena', karna: 'karena', krna: 'karena',
  sm: 'sama', ama: 'sama', dgn: 'dengan', dg: 'dengan', utk: 'untuk', untk: 'untuk', dlm: 'dalam',
  pd: 'pada', kpd: 'kepada', sbg: 'sebagai', spt: 'seperti', sprt: 'seperti', sprti: 'seperti',
  kyk: 'seperti', kayak: 'seperti', kek: 'seperti', ky: 'seperti', kyknya: 'sepertinya',
  kayaknya: 'sepertinya', keknya: 'sepertinya', dll: 'dan lain lain', dsb: 'dan sebagainya', jd: 'jadi',
  jdi: 'jadi', klo: 'kalau', kalo: 'kalau', kl: 'kalau', klau: 'kalau', bs: 'bisa', bsa: 'bisa',
  gmn: 'bagaimana', gimana: 'bagaimana', gmna: 'bagaimana', gmana: 'bagaimana', bgmn: 'bagaimana',
  kumaha: 'bagaimana', knp: 'kenapa', napa: 'kenapa', naha: 'kenapa', kpn: 'kapan', iraha: 'kapan',
  dmn: 'di mana', dimana: 'di mana', sj: 'saja', aja: 'saja', doang: 'saja', bgt: 'banget', bngt: 'banget',
  bgd: 'banget', pisan: 'banget', bener: 'benar', bnr: 'benar', emg: 'memang', emang: 'memang',
  mmg: 'memang', jg: 'juga', jga: 'juga', tlg: 'tolong', tlng: 'tolong', tlong: 'tolong',
  tolongin: 'tolong', plis: 'tolong', pls: 'tolong', please: 'tolong', mhn: 'mohon', punten: 'permisi',
  sdkt: 'sedikit', dikit: 'sedikit', byk: 'banyak', bnyk: 'banyak', bnyak: 'banyak', smua: 'semua',
  ato: 'atau', atw: 'atau', lbh: 'lebih', krg: 'kurang', hrs: 'harus', kudu: 'harus', msh: 'masih',
  masi: 'masih', msih: 'masih', tsb: 'tersebut', bbrp: 'beberapa', sbnrnya: 'sebenarnya', cuma: 'hanya',
  cuman: 'hanya', cmn: 'hanya', mo: 'mau', pengen: 'ingin', pgn: 'ingin', hayu: 'ayo', yuk: 'ayo',
  tau: 'tahu', tw: 'tahu', ngerti: 'mengerti', bikin: 'buat', bkin: 'buat', liat: 'lihat',
  ngeliat: 'lihat', denger: 'dengar', nanya: 'tanya', nunggu: 'tunggu', nungguin: 'tunggu',
  ngurus: 'urus', make: 'pakai', pake: 'pakai', dipake: 'dipakai', gede: 'besar', cepet: 'cepat',
  // places and city things
  jln: 'jalan', jl: 'jalan', gg: 'gang', kel: 'kelurahan', kec: 'kecamatan', kab: 'kabupaten',
  sktr: 'sekitar', dkt: 'dekat', deket: 'dekat', dpn: 'depan', dpan: 'depan', blkg: 'belakang',
  sblh: 'sebelah', sbrg: 'seberang', prempatan: 'perempatan', got: 'selokan', solokan: 'selokan',
  comberan: 'selokan', pju: 'lampu jalan', jukir: 'juru parkir', pkl: 'pedagang kaki lima',
  satpolpp: 'satpol pp', puskes: 'puskesmas', rs: 'rumah sakit', rsud: 'rumah sakit daerah',
  ektp: 'ktp el', ktpel: 'ktp el', kk: 'kartu keluarga', bansos: 'bantuan sosial',
  blt: 'bantuan langsung tunai', sklh: 'sekolah', skul: 'sekolah', sekolahan: 'sekolah',
  lalin: 'lalu lintas', bangjo: 'lampu lalu lintas', apill: 'lampu lalu lintas', trotoir: 'trotoar',
  tortoar: 'trotoar', ojol: 'ojek online', bis: 'bus', ijin: 'izin', perijinan: 'perizinan',
  web: 'situs', website: 'situs', websitenya: 'situs', webnya: 'situs', apk: 'aplikasi', app: 'aplikasi',
  apps: 'aplikasi', eror: 'error', erorr: 'error', antri: 'antre', ngantri: 'antre', ngantre: 'antre',
  antrian: 'antrean', ngamen: 'mengamen', miras: 'minuman keras', duit: 'uang', lmpu: 'lampu',
  // describing the problem
  bolong: 'berlubang', lobang: 'lubang', berlobang: 'berlubang', ancur: 'hancur', ancor: 'hancur',
  remuk: 'hancur', mampet: 'tersumbat', mampat: 'tersumbat', bnjir: 'banjir', smpah: 'sampah',
  sampa: 'sampah', rubuh: 'roboh', ambruk: 'roboh', berisik: 'bising', lemot: 'lambat', lelet: 'lambat',
  ngebul: 'berasap', anjir: 'astaga', anjay: 'astaga', astagfirullah: 'astaga', astaghfirullah: 'astaga',
  gilak: 'gila', lieur: 'pusing', ripuh: 'repot', hese: 'susah', sesah: 'susah', rame: 'ramai',
  rmai: 'ramai', ujan: 'hujan', cai: 'air', caina: 'airnya',
  // politeness, thanks, greetings, laughter
  makasih: 'terima kasih', makasi: 'terima kasih', mksh: 'terima kasih', mks: 'terima kasih',
  trims: 'terima kasih', trmksh: 'terima kasih', tks: 'terima kasih', thx: 'terima kasih',
  thanks: 'terima kasih', thank: 'terima kasih', tq: 'terima kasih', ty: 'terima kasih',
  nuhun: 'terima kasih', hatur: '', maf: 'maaf', mf: 'maaf', sorry: 'maaf', sori: 'maaf',
  assalamualaikum: 'salam', askum: 'salam', sampurasun: 'salam', wkwk: 'haha', wkwkwk: 'haha',
  wk: 'haha', hehe: 'haha', hihi: 'haha', kwkw: 'haha', xixi: 'haha', lol: 'haha', mantul: 'mantap',
  mantab: 'mantap', mntp: 'mantap', jos: 'mantap', gercep: 'cepat', sip: 'baik', oke: 'baik', ok: 'baik',
  okey: 'baik', okay: 'baik', info: 'informasi', infonya: 'informasinya',
  // commerce and spam
  wa: 'whatsapp', wea: 'whatsapp', whatsap: 'whatsapp', dm: 'pesan', inbox: 'pesan', murce: 'murah',
  murmer: 'murah', disc: 'diskon', ready: 'tersedia', redy: 'tersedia', ori: 'asli', cekidot: 'cek',
  fb: 'facebook', ig: 'instagram',
};

/** Function words removed before features; none of SIGNAL_WORDS is here (a test checks it). */
// prettier-ignore
export const STOPWORDS: ReadonlySet<string> = new Set([
  'yang', 'dan', 'atau', 'di', 'ke', 'dari', 'ini', 'itu', 'nya', 'untuk', 'pada', 'dengan', 'dalam', 'akan',
  'juga', 'saja', 'sih', 'deh', 'dong', 'kok', 'lah', 'kah', 'pun', 'ya', 'yah', 'ye', 'yaa', 'nih', 'tuh',
  'mah', 'atuh', 'euy', 'wae', 'weh', 'teh', 'the', 'a', 'an', 'of', 'to', 'adalah', 'ialah', 'yaitu', 'bahwa',
  'sebagai', 'oleh', 'para', 'si', 'sang', 'kan', 'pula', 'hal', 'maka', 'agar', 'supaya', 'jika', 'kalau',
  'karena', 'sehingga', 'tapi', 'tetapi', 'namun', 'serta', 'lalu', 'kemudian', 'saya', 'aku', 'kamu', 'kami',
  'kita', 'mereka', 'dia', 'beliau', 'anda', 'kalian', 'ia', 'sudahlah', 'gitu', 'begitu', 'gini', 'begini',
  'seperti', 'sama', 'bagi', 'antara', 'tentang', 'per', 'tersebut', 'apa', 'ada', 'adanya', 'jadi', 'mau',
  'bisa', 'dapat', 'buat', 'dah', 'lho', 'loh', 'kak', 'gan', 'sis', 'bro', 'om', 'mas', 'mbak', 'mba',
  'kang', 'haha', 'salam', 'admin', 'permisi',
]);

/**
 * Words that published stopword lists drop but that signal a complaint (negation, waiting, urgency) or a
 * place ("depan", "dekat"). They must never be stopwords.
 */
// prettier-ignore
export const SIGNAL_WORDS: readonly string[] = [
  'tidak', 'belum', 'sudah', 'lama', 'segera', 'depan', 'dekat', 'masih', 'sejak', 'sampai', 'hingga',
  'kapan', 'tolong', 'mohon', 'rusak', 'mati', 'lagi', 'terus', 'setiap', 'sering', 'banget', 'parah',
  'belakang', 'samping', 'sebelah', 'seberang', 'sekitar', 'bukan', 'kenapa', 'bagaimana', 'harus', 'jangan',
  'minggu', 'bulan', 'tahun', 'hari', 'jam', 'malam', 'pagi',
];

/** Words that end in -nya/-lah/-kah as part of the root, so the suffix stripper leaves them alone. */
// prettier-ignore
export const SUFFIX_EXCEPTIONS: ReadonlySet<string> = new Set([
  // -nya
  'bertanya', 'ditanya', 'menanya', 'punya', 'hanya', 'tanya', 'karunya',
  // -lah
  'sekolah', 'masalah', 'bersalah', 'sejumlah', 'jumlah', 'sebelah', 'terbelah', 'istilah', 'diolah',
  'mengolah', 'telah', 'salah', 'kalah', 'lelah', 'bilah', 'kilah',
  // -kah
  'langkah', 'selangkah', 'berkah', 'menikah', 'dinikah', 'nikah',
]);
