/**
 * official-rating's citizen pages in Chromium at 390x844, the service running as a process from its
 * dist: a citizen with JavaScript off opens a rating link, sends it with questions unanswered, is
 * pointed at them, answers and is thanked; the public IKM pages show the unit. Every page passes
 * axe-core without serious or critical violations, fits the phone's width and shows no English
 * developer text. With UPDATE_SCREENSHOTS=true the main pages are photographed for official-rating's
 * README (services/official-rating/docs).
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  bearer,
  createTestEnvironment,
  mintToken,
  repositoryRoot as root,
  startServiceProcess,
  type ServiceProcess,
  type TestEnvironment,
} from '@sinergi/testkit';
import { chromiumAvailable, DEVELOPER_TEXT, launch, PHONE } from './support/browser.js';

const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
// the README's pictures change with every run (numbers, dates): rewritten only when asked
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === 'true' ? `${root}services/official-rating/docs` : undefined;

describe.skipIf(!chromiumAvailable())('rating pages in Chromium at 390x844', () => {
  let env: TestEnvironment;
  let service: ServiceProcess;
  let browser: Browser;
  let noScript: BrowserContext;
  let url: (path: string) => string;

  /** A rating link from the counter API, as a desk tablet gets one. */
  const ratingLink = async (reference: string) => {
    const officer = await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'disdukcapil', sub: 'petugas-1' });
    const res = await fetch(url('/v1/staff/counter-tokens?tenant=32.73'), {
      method: 'POST',
      headers: { ...bearer(officer), 'content-type': 'application/json' },
      body: JSON.stringify({ serviceType: 'ktp-el', reference }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    return url(`/r?tenant=32.73&token=${token}`);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    await env.applyDirectory([BANDUNG]);
    service = await startServiceProcess('official-rating', {
      ...developmentEnv(`${root}services/official-rating`),
      ...env.env,
      DEFAULT_TENANT: '32.73',
      INDEX_REFRESH_MS: '500',
      // where the links point in production; the test opens the form on the process itself
      RATING_FORM_URL: 'https://nilai.bandung.example/r',
    });
    url = (path) => `${service.url}${path}`;
    browser = await launch();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'id-ID' });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await env?.cleanup();
  });

  const shoot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  };

  it('a citizen with JavaScript off is pointed at unanswered questions, answers them and is thanked', async () => {
    const page = await noScript.newPage();
    await page.goto(await ratingLink('A-101'));
    expect(await page.getByText('KTP elektronik').count()).toBe(1);
    expect(await page.getByText('Kunjungan ke loket, nomor A-101').count()).toBe(1);
    await shoot(page, 'formulir');
    const questions = page.locator('fieldset').filter({ has: page.locator('input[name^="a"]') });
    for (const n of [1, 2, 3, 4]) await page.locator(`input[name="a${n}"][value="4"]`).check();
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await expect.poll(() => page.getByText('Mohon periksa kembali isian Anda').count()).toBe(1);
    expect(await page.getByRole('link', { name: /Pertanyaan 5 .* belum dijawab/ }).count()).toBe(1);
    expect(await page.locator('input[name="a1"][value="4"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="a5"][aria-invalid="true"]').count()).toBe(4);
    expect(await questions.count()).toBe(9);
    await shoot(page, 'formulir-belum-lengkap');
    for (const n of [5, 6, 7, 8, 9]) await page.locator(`input[name="a${n}"][value="3"]`).check();
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Terima kasih');
  });

  it('every page: no serious or critical axe violation, no horizontal scrolling, no developer text', async () => {
    const used = await ratingLink('A-102');
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
    const pages: Array<{ name: string; open: (page: Page) => Promise<unknown> }> = [
      { name: 'form', open: async (p) => p.goto(await ratingLink('A-103')) },
      {
        name: 'form with errors',
        open: async (p) => {
          await p.goto(await ratingLink('A-104'));
          await p.getByRole('button', { name: 'Kirim penilaian' }).click();
          await expect.poll(() => p.getByText('Mohon periksa kembali isian Anda').count()).toBe(1);
        },
      },
      {
        name: 'used link',
        open: async (p) => {
          await p.goto(used);
          for (let n = 1; n <= 9; n++) await p.locator(`input[name="a${n}"][value="4"]`).check();
          await p.getByRole('button', { name: 'Kirim penilaian' }).click();
          await p.goto(used);
          await expect.poll(() => p.locator('h1').textContent()).toBe('Penilaian sudah dikirim');
        },
      },
      { name: 'unknown link', open: (p) => p.goto(url('/r?tenant=32.73&token=ABCDEFGHJKMNPQRSTVWXYZ0123456789')) },
      { name: 'IKM list', open: (p) => p.goto(url('/nilai/')) },
      { name: 'IKM of a unit', open: (p) => p.goto(url('/nilai/unit/disdukcapil')) },
    ];
    const problems: string[] = [];
    for (const { name, open } of pages) {
      const page = await context.newPage();
      await open(page);
      await page.waitForLoadState('load');
      if (name.startsWith('IKM')) await shoot(page, name === 'IKM list' ? 'ikm' : 'ikm-unit');
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > PHONE.width) problems.push(`${name}: ${width} px wide, scrolls sideways`);
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
        problems.push(
          `${name}: axe ${v.impact} ${v.id} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join('; ')})`,
        );
      const text = await page.evaluate(() => document.body.innerText);
      for (const re of DEVELOPER_TEXT) {
        const m = re.exec(text);
        if (m) problems.push(`${name}: developer text "${m[0]}"`);
      }
      await page.close();
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});
