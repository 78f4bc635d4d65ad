/**
 * The staff console in Chromium at 390x844, end to end: a citizen reports on /lapor/ with JavaScript
 * off; the verifier and then an officer sign in through a real OpenID provider (oidc-provider, PKCE)
 * and verify, dispose and answer the report in /staf/lapor/; the citizen reads the answer on the
 * track page. The staff pages pass axe-core without serious or critical violations and fit the phone.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  createTestEnvironment,
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

describe.skipIf(!chromiumAvailable())('the staff console in Chromium at 390x844', () => {
  let env: TestEnvironment;
  let idp: TestProvider;
  let service: ServiceProcess;
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
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await idp?.close();
    await env?.cleanup();
  });

  /** A staff member's own browser: signs in through the provider from the console's first page. */
  async function signIn(account: { sub: string; roles: string[]; unit?: string }): Promise<Page> {
    idp.signInAs({ tenant: '32.73', ...account });
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url('/staf/lapor/'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Masuk halaman staf');
    await page.getByRole('link', { name: 'Masuk dengan akun pemerintah daerah' }).click();
    await page.waitForURL(url('/staf/lapor/'));
    return page;
  }

  it('a citizen reports, the verifier disposes it, the officer answers, and the citizen reads the answer', async () => {
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

    const verifier = await signIn({ sub: 'verifikator-1', roles: ['admin'] });
    await verifier.getByRole('link', { name: TITLE }).click();
    await verifier.getByLabel('Unit kerja yang menangani').selectOption('dsdabm');
    await verifier.getByRole('button', { name: 'Verifikasi dan teruskan' }).click();
    await expect
      .poll(() => verifier.getByText('Laporan sudah diverifikasi dan diteruskan ke unit kerja.').count())
      .toBe(1);

    const officer = await signIn({ sub: 'petugas-dsdabm', roles: ['officer'], unit: 'dsdabm' });
    expect(await officer.locator('h1').textContent()).toBe('Laporan untuk Dinas Sumber Daya Air dan Bina Marga');
    await officer.getByRole('link', { name: TITLE }).click();
    reportPage = officer.url();
    expect(reportPage).toBe(url(`/staf/lapor/laporan/${trackingId}`));
    await officer.getByLabel('Jawaban untuk pelapor').fill(ANSWER);
    await officer.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => officer.getByText('Jawaban (tindak lanjut) sudah dikirim ke pelapor.').count()).toBe(1);

    await citizen.goto(privateLink);
    await expect.poll(() => citizen.locator('h1').textContent()).toBe(TITLE);
    expect(await citizen.getByText(ANSWER).count()).toBeGreaterThan(0);
    expect(await citizen.getByText('Sudah ditindaklanjuti').count()).toBeGreaterThan(0);
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
