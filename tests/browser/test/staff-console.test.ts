/**
 * The staff console in Chromium at 390x844, end to end: a citizen reports on /lapor/ with JavaScript
 * off; the verifier and then an officer sign in through a real OpenID provider (oidc-provider, PKCE)
 * and verify, dispose and answer the report in /staf/lapor/; the citizen reads the answer on the
 * track page, accepts it (which closes the report), finds official-rating's invitation there, rates
 * the handling with JavaScript off, and the unit's public IKM page counts the answer. The staff pages
 * pass axe-core without serious or critical violations and fit the phone. With UPDATE_SCREENSHOTS=true
 * the sign-in, queue and report pages are photographed for complaints' README.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  createTestEnvironment,
  databaseEnv,
  freePort,
  repositoryRoot as root,
  startServiceProcess,
  startTestProvider,
  type ServiceProcess,
  type TestEnvironment,
  type TestProvider,
} from '@sinergi/testkit';
import { chromiumAvailable, DEVELOPER_TEXT, launch, PHONE } from './support/browser.js';

const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
const TITLE = 'Trotoar amblas di Jl. Braga';
const ANSWER = 'Trotoar sudah ditambal oleh tim lapangan Dinas pada hari Senin pagi.';
// the README's pictures carry dates and numbers of the run: rewritten only when asked
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === 'true' ? `${root}services/complaints/docs` : undefined;
// 30 answer points over the nine elements: IKM = 25 × 30 / 9 = 83,33 (B)
const RATING = [4, 3, 3, 4, 3, 3, 4, 3, 3];

describe.skipIf(!chromiumAvailable())('the staff console in Chromium at 390x844', () => {
  let env: TestEnvironment;
  let idp: TestProvider;
  let service: ServiceProcess;
  let ratingEnv: TestEnvironment;
  let rating: ServiceProcess;
  let browser: Browser;
  let url: (path: string) => string;
  let privateLink = '';
  let reportPage = '';

  beforeAll(async () => {
    env = await createTestEnvironment();
    await env.applyDirectory([BANDUNG]);
    const port = await freePort();
    const site = `http://127.0.0.1:${port}`;
    idp = await startTestProvider({ redirectUris: [`${site}/staf/lapor/masuk/kembali`] });
    service = await startServiceProcess('complaints', {
      ...developmentEnv(`${root}services/complaints`),
      ...env.env,
      ...idp.env(site),
      PORT: String(port),
      DEFAULT_TENANT: '32.73',
      // the site is on a loopback address, which only development configuration accepts
      AUTH_DEV_KEYS: 'true',
      STAFF_COOKIE_SECURE: 'false',
    });
    url = (path) => `${service.url}${path}`;
    // official-rating shares the NATS namespace and directory, with its own database; its links point
    // at its own form so the citizen's browser can follow them
    ratingEnv = await createTestEnvironment();
    const ratingPort = await freePort();
    rating = await startServiceProcess('official-rating', {
      ...developmentEnv(`${root}services/official-rating`),
      ...env.env,
      ...databaseEnv(ratingEnv),
      PORT: String(ratingPort),
      DEFAULT_TENANT: '32.73',
      AUTH_DEV_KEYS: 'true',
      RATING_FORM_URL: `http://127.0.0.1:${ratingPort}/r`,
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await rating?.stop();
    await service?.stop();
    await idp?.close();
    await ratingEnv?.cleanup();
    await env?.cleanup();
  });

  const shoot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  };

  /** A staff member's own browser: signs in through the provider from the console's first page. */
  async function signIn(account: { sub: string; roles: string[]; unit?: string }, photo?: string): Promise<Page> {
    idp.signInAs({ tenant: '32.73', ...account });
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url('/staf/lapor/'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Masuk halaman staf');
    if (photo) await shoot(page, photo);
    await page.getByRole('link', { name: 'Masuk dengan akun pemerintah daerah' }).click();
    await page.waitForURL(url('/staf/lapor/'));
    return page;
  }

  it('a citizen reports, the verifier disposes it, the officer answers, the citizen accepts and rates it', async () => {
    const citizen = await (
      await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'id-ID' })
    ).newPage();
    await citizen.goto(url('/lapor/'));
    await citizen.getByLabel('Jalan dan trotoar rusak').check();
    await citizen.getByLabel('Judul laporan').fill(TITLE);
    await citizen.getByLabel('Isi laporan').fill('Trotoar amblas sedalam setengah meter di depan toko buku.');
    await citizen.getByLabel('Alamat atau lokasi').fill('Jl. Braga No. 40');
    await citizen.getByRole('button', { name: 'Kirim laporan' }).click();
    await expect.poll(() => citizen.locator('h1').textContent()).toBe('Laporan terkirim');
    const trackingId = (await citizen.locator('.big').textContent())!.trim();
    privateLink = (await citizen.getByRole('link', { name: 'Buka tautan pribadi' }).getAttribute('href'))!;

    const verifier = await signIn({ sub: 'verifikator-1', roles: ['admin'] }, 'staf-masuk');
    await verifier.getByRole('link', { name: TITLE }).click();
    await verifier.getByLabel('Unit kerja yang menangani').selectOption('dsdabm');
    await verifier.getByRole('button', { name: 'Verifikasi dan teruskan' }).click();
    await expect
      .poll(() => verifier.getByText('Laporan sudah diverifikasi dan diteruskan ke unit kerja.').count())
      .toBe(1);

    const officer = await signIn({ sub: 'petugas-dsdabm', roles: ['officer'], unit: 'dsdabm' });
    expect(await officer.locator('h1').textContent()).toBe('Laporan untuk Dinas Sumber Daya Air dan Bina Marga');
    await shoot(officer, 'staf-antrean');
    await officer.getByRole('link', { name: TITLE }).click();
    reportPage = officer.url();
    expect(reportPage).toBe(url(`/staf/lapor/laporan/${trackingId}`));
    await officer.getByLabel('Jawaban untuk pelapor').fill(ANSWER);
    await officer.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => officer.getByText('Jawaban (tindak lanjut) sudah dikirim ke pelapor.').count()).toBe(1);
    await shoot(officer, 'staf-laporan');

    await citizen.goto(privateLink);
    await expect.poll(() => citizen.locator('h1').textContent()).toBe(TITLE);
    expect(await citizen.getByText(ANSWER).count()).toBeGreaterThan(0);
    expect(await citizen.getByText('Sudah ditindaklanjuti').count()).toBeGreaterThan(0);

    // nobody has rated the unit's complaint handling yet
    const unitIkm = `${rating.url}/nilai/unit/dsdabm`;
    await citizen.goto(unitIkm);
    expect(await citizen.getByText('Belum ada penilaian per layanan.').count()).toBe(1);

    // accepting the answer closes the report; official-rating's invitation then reaches the track page
    await citizen.goto(privateLink);
    await citizen.getByRole('button', { name: 'Terima', exact: true }).click();
    await expect.poll(() => citizen.getByText('Terima kasih. Laporan Anda sudah selesai.').count()).toBe(1);
    const rate = citizen.getByRole('link', { name: 'Beri penilaian' });
    await expect
      .poll(
        async () => {
          await citizen.goto(privateLink);
          return rate.count();
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(1);
    const link = (await rate.getAttribute('href'))!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\?tenant=32\.73&token=[0-9A-Z]{32}$/);
    expect(link.startsWith(`${rating.url}/r?`)).toBe(true);
    // the single-use link is the reporter's alone: not on the public track page
    await citizen.goto(url(`/lapor/lacak/${trackingId}`));
    expect(await citizen.getByText('Laporan sudah selesai.').count()).toBeGreaterThan(0);
    expect(await rate.count()).toBe(0);
    expect(await citizen.content()).not.toContain(new URL(link).searchParams.get('token')!);
    // and following it tells the rating site nothing of the private link (no referrer)
    await citizen.goto(privateLink);
    const opened = citizen.waitForRequest((r) => r.url() === link);
    await rate.click();
    expect((await (await opened).allHeaders()).referer).toBeUndefined();
    expect(await citizen.getByText('Penanganan pengaduan').count()).toBeGreaterThan(0);
    for (const [i, points] of RATING.entries())
      await citizen.locator(`input[name="a${i + 1}"][value="${points}"]`).check();
    await citizen.getByRole('button', { name: 'Kirim penilaian' }).click();
    await expect.poll(() => citizen.locator('h1').textContent()).toBe('Terima kasih');

    await citizen.goto(unitIkm);
    expect(await citizen.getByText('Penanganan pengaduan: IKM 83,33, mutu B (Baik), 1 responden').count()).toBe(1);
  });

  it('staff pages: no serious or critical axe violation, no horizontal scrolling, no developer text', async () => {
    expect(reportPage, 'the flow above handled a report').not.toBe('');
    const officer = await signIn({ sub: 'petugas-dsdabm', roles: ['officer'], unit: 'dsdabm' });
    const admin = await signIn({ sub: 'verifikator-1', roles: ['admin'] });
    const problems: string[] = [];
    const visits: Array<[string, Page, string]> = [
      ['queue (officer)', officer, url('/staf/lapor/')],
      ['report (officer)', officer, reportPage],
      ['queue (admin)', admin, url('/staf/lapor/')],
      ['sign-in', await (await browser.newContext({ viewport: PHONE })).newPage(), url('/staf/lapor/masuk')],
    ];
    for (const [name, page, to] of visits) {
      await page.goto(to);
      await page.waitForLoadState('load');
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > PHONE.width) problems.push(`${name}: ${width} px wide, scrolls sideways`);
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
        problems.push(`${name}: axe ${v.impact} ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
      const text = await page.evaluate(() => document.body.innerText);
      for (const re of DEVELOPER_TEXT) {
        const m = re.exec(text);
        if (m) problems.push(`${name}: developer text "${m[0]}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
