/**
 * Applying for a permit in Chromium at 390x844 with JavaScript off: the type's page, the form with
 * data fields and document uploads, a renamed executable refused on its field, then the application
 * sent, its number and secret shown once and followed on /izin/lacak. Every page passes axe-core
 * without serious or critical violations, fits the phone's width, weighs under 150 KB on first load
 * and shows no developer text. With UPDATE_SCREENSHOTS=true the pages are photographed for
 * licensing's README.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  createTestEnvironment,
  repositoryRoot as root,
  SAMPLE_EXE,
  SAMPLE_JPEG,
  SAMPLE_PDF,
  startServiceProcess,
  type ServiceProcess,
  type TestEnvironment,
} from '@sinergi/testkit';
import { chromiumAvailable, DEVELOPER_TEXT, launch, PHONE, weigh } from './support/browser.js';

const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
const MAX_FIRST_LOAD = 150 * 1024;
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === 'true' ? `${root}services/licensing/docs` : undefined;

describe.skipIf(!chromiumAvailable())('applying for a permit in Chromium at 390x844, JavaScript off', () => {
  let env: TestEnvironment;
  let service: ServiceProcess;
  let browser: Browser;
  let url: (path: string) => string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    await env.applyDirectory([BANDUNG]);
    service = await startServiceProcess('licensing', {
      ...developmentEnv(`${root}services/licensing`),
      ...env.env,
      DEFAULT_TENANT: '32.73',
      PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id',
      LOG_LEVEL: 'info',
    });
    url = (path) => `${service.url}${path}`;
    for (let i = 0; ; i++) {
      const types = (await (await fetch(url('/v1/permit-types'))).json()) as { items: unknown[] };
      if (types.items.length > 0) break;
      if (i > 300) throw new Error('the demo permit types did not load');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await env?.cleanup();
  });

  /** axe, width, weight and words of the page just loaded; the secret is left out of the word check. */
  const check = async (
    page: Page,
    name: string,
    o: { bytes: number; problems: string[]; hide?: string | undefined },
  ) => {
    const { bytes, problems, hide = '' } = o;
    if (bytes > MAX_FIRST_LOAD) problems.push(`${name}: first load ${bytes} B`);
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    if (width > PHONE.width) problems.push(`${name}: ${width} px wide, scrolls sideways`);
    const axe = await new AxeBuilder({ page }).analyze();
    for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
      problems.push(`${name}: axe ${v.impact} ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    const text = (await page.evaluate(() => document.body.innerText)).replace(hide || '\u0000', '');
    for (const re of DEVELOPER_TEXT) {
      const m = re.exec(text);
      if (m) problems.push(`${name}: developer text "${m[0]}"`);
    }
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  };

  const fill = async (page: Page, ktp: Buffer) => {
    await page.getByLabel('Nama lengkap').fill('Siti Rahmawati');
    await page.getByLabel('NIK').fill('3273024507900001');
    await page.getByLabel('Nomor HP').fill('0812-3456-7890');
    await page.getByLabel('Jenis dagangan').fill('Batagor');
    await page.getByLabel('Zona PKL').selectOption('hijau');
    await page.getByLabel('Luas lapak').fill('2,5');
    await page.getByLabel('Lama izin').fill('6');
    await page.getByLabel('KTP pemohon').setInputFiles({ name: 'ktp.pdf', mimeType: 'application/pdf', buffer: ktp });
    await page
      .getByLabel('Foto gerobak/lapak')
      .setInputFiles({ name: 'lapak.jpg', mimeType: 'image/jpeg', buffer: SAMPLE_JPEG });
  };

  /** The whole flow; `audit` runs on each page (axe needs JavaScript in the page, so it runs in a second pass). */
  const applyFlow = async (
    javaScriptEnabled: boolean,
    audit: (page: Page, name: string, bytes: number, hide?: string) => Promise<void>,
  ) => {
    const context = await browser.newContext({ javaScriptEnabled, viewport: PHONE, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url('/izin/jenis/lokasi-pkl'));
    await page.getByRole('link', { name: 'Ajukan permohonan' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Ajukan Izin Penempatan Lokasi Pedagang Kaki Lima (PKL)');

    const form = await context.newPage();
    const weight = weigh(form);
    await form.goto(url('/izin/ajukan/lokasi-pkl'));
    await audit(form, 'izin-ajukan', await weight());
    await fill(form, SAMPLE_EXE);
    await form.getByRole('button', { name: 'Kirim permohonan' }).click();
    await form.waitForLoadState('load');
    await expect.poll(() => form.getByText('Mohon periksa kembali isian Anda').count()).toBe(1);
    expect(await form.getByLabel('KTP pemohon').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Nama lengkap').inputValue()).toBe('Siti Rahmawati');
    await audit(form, 'izin-ajukan-belum-lengkap', 0);

    await fill(form, SAMPLE_PDF);
    await form.getByRole('button', { name: 'Kirim permohonan' }).click();
    await form.waitForLoadState('load');
    await expect.poll(() => form.locator('h1').textContent()).toBe('Permohonan terkirim');
    const [nomor, secret] = await form.locator('p.big').allTextContents();
    expect(nomor).toMatch(/^IZN-/);
    await audit(form, 'izin-terkirim', 0, secret);

    await form.getByRole('link', { name: 'Lacak permohonan' }).last().click();
    await form.getByLabel('Nomor registrasi').fill(nomor!);
    await form.getByLabel('Kode rahasia').fill(secret!);
    await form.getByRole('button', { name: 'Lacak' }).click();
    await form.waitForLoadState('load');
    await expect.poll(() => form.getByText('Diajukan, menunggu pemeriksaan kelengkapan').count()).toBe(1);
    expect(service.output()).not.toContain(secret!);
    await context.close();
  };

  it('with JavaScript off a citizen applies with uploads; a renamed .exe is refused on its field; number and secret lead to the track page', async () => {
    await applyFlow(false, async () => {});
  });

  it('every page of applying: no serious or critical axe violation, no horizontal scrolling, first load under 150 KB, no developer text', async () => {
    const problems: string[] = [];
    await applyFlow(true, (page, name, bytes, hide) => check(page, name, { bytes, problems, hide }));
    expect(problems).toEqual([]);
  });
});
