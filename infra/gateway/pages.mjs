/**
 * The gateway's own answers: the home page listing what this city deployed, the 503 page for people
 * and the 503 problem+json for API clients. Plain Indonesian, phone first, no JavaScript.
 */

/** What a citizen reads about each service, in the order the home page lists them. */
const OFFERS = [
  {
    name: 'complaints',
    href: '/lapor/',
    title: 'Lapor',
    text: 'Sampaikan keluhan atau aduan tentang layanan dan fasilitas umum, lalu pantau tindak lanjutnya.',
  },
  {
    name: 'licensing',
    href: '/izin/',
    title: 'Izin',
    text: 'Ajukan izin, unggah berkas persyaratan, dan ikuti prosesnya sampai izin terbit.',
  },
  {
    name: 'official-rating',
    href: '/nilai/',
    title: 'Nilai',
    text: 'Beri penilaian atas pelayanan yang Anda terima dan lihat indeks kepuasan masyarakat.',
  },
  {
    name: 'budgeting',
    href: '/anggaran/',
    title: 'Anggaran',
    text: 'Lihat anggaran yang disetujui untuk setiap perangkat daerah dan programnya.',
  },
  {
    name: 'social-intake',
    href: undefined,
    title: 'Media sosial',
    text: 'Keluhan yang Anda kirim lewat akun media sosial resmi pemerintah daerah juga kami terima dan tindak lanjuti.',
  },
];

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const STYLE = `*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 2rem}h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
p{margin:0 0 1rem}ul{list-style:none;margin:0;padding:0}li{margin:0 0 .75rem}
.card{display:block;padding:1rem;border:1px solid #c9ced6;border-radius:.5rem;background:#fff;color:inherit;text-decoration:none}
a.card{border-left:.375rem solid #0b5cad}a.card:hover,a.card:focus{background:#eef4fb}a.card:focus{outline:3px solid #0b5cad;outline-offset:2px}
.card strong{display:block;font-size:1.2rem;color:#0b5cad}a{color:#0b5cad}footer{margin-top:2rem;font-size:.9375rem;color:#4a4f57}`;

function page(title, body) {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The home page: one card per deployed service, nothing for the rest. */
export function homePage(settings) {
  const city = settings.city ? escapeHtml(settings.city) : '';
  const offered = OFFERS.filter((o) => o.name in settings.upstreams);
  const cards = offered.map((o) =>
    o.href
      ? `<li><a class="card" href="${o.href}"><strong>${o.title}</strong>${o.text}</a></li>`
      : `<li><div class="card"><strong>${o.title}</strong>${o.text}</div></li>`,
  );
  const list = cards.length
    ? `<ul>\n${cards.join('\n')}\n</ul>`
    : '<p>Belum ada layanan yang dapat dibuka di sini. Silakan coba lagi nanti.</p>';
  return page(
    city ? `Layanan publik ${settings.city}` : 'Layanan publik',
    `<h1>Layanan publik${city ? ` ${city}` : ''}</h1>
<p>Pilih layanan yang Anda perlukan.</p>
${list}
<footer>Petugas pemerintah daerah: <a href="/staf/">masuk ke halaman staf</a>.</footer>`,
  );
}

/** For a person: the service is not deployed here, or is down for a moment. */
export function unavailablePage(settings) {
  return page(
    'Layanan tidak tersedia',
    `<h1>Layanan ini sedang tidak tersedia</h1>
<p>Layanan ini sedang tidak tersedia di${settings.city ? ` ${escapeHtml(settings.city)}` : ' sini'} atau sedang dalam perbaikan. Mohon coba lagi beberapa saat lagi.</p>
<p><a href="/">Kembali ke halaman utama</a></p>`,
  );
}

/** For a person: an address the site does not have. */
export const notFoundPage = () =>
  page(
    'Halaman tidak ditemukan',
    `<h1>Halaman tidak ditemukan</h1>
<p>Alamat yang Anda buka tidak ada. Periksa kembali alamatnya, atau mulai dari halaman utama.</p>
<p><a href="/">Kembali ke halaman utama</a></p>`,
  );

/** For a person: a file or form larger than the site accepts. */
export const tooLargePage = () =>
  page(
    'Kiriman terlalu besar',
    `<h1>Kiriman Anda terlalu besar</h1>
<p>Berkas atau isian yang Anda kirim melebihi batas ukuran. Perkecil ukuran foto atau berkas, lalu kirim kembali.</p>
<p><a href="/">Kembali ke halaman utama</a></p>`,
  );

/** The gateway's answers for API clients: RFC 9457 problem details, in English like the services' own. */
export const PROBLEMS = {
  503: {
    title: 'Service Unavailable',
    code: 'service_unavailable',
    detail: 'This service is not deployed here or is not reachable right now; try again later.',
  },
  404: { title: 'Not Found', code: 'route_not_found', detail: 'There is no such path on this site.' },
  413: {
    title: 'Content Too Large',
    code: 'body_too_large',
    detail: 'The request body is larger than this site accepts.',
  },
};

export function problemJson(status) {
  const { title, code, detail } = PROBLEMS[status];
  return `${JSON.stringify({ type: 'about:blank', title, status, code, detail })}\n`;
}
