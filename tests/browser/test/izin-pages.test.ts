/**
 * licensing's citizen pages (/izin/) in Chromium at 390x844, licensing running as a process from its
 * dist with Bandung's demo permit types: with JavaScript off a citizen reads the catalogue, opens a
 * permit type and follows an application by number and secret. Every page passes axe-core without
 * serious or critical violations, fits the phone's width, weighs under 150 KB on first load and shows
 * no English developer text; the secret is in no address and no log line.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  createTestEnvironment,
  repositoryRoot as root,
  startServiceProcess,
  type ServiceProcess,
  type TestEnvironment,
} from '@sinergi/testkit';
import { chromiumAvailable, DEVELOPER_TEXT, launch, PHONE, weigh } from './support/browser.js';

const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
const MAX_FIRST_LOAD = 150 * 1024;

describe.skipIf(!chromiumAvailable())('permit pages in Chromium at 390x844', () => {
  let env: TestEnvironment;
  let service: ServiceProcess;
  let browser: Browser;
  let noScript: BrowserContext;
  let url: (path: string) => string;
  let application = { registrationNumber: '', secret: '' };

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
    // the demo permit types load in the background after start
    for (let i = 0; ; i++) {
      const types = (await (await fetch(url('/v1/permit-types'))).json()) as { items: unknown[] };
      if (types.items.length > 0) break;
      if (i > 300) throw new Error('the demo permit types did not load');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const created = await fetch(url('/v1/applications'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        permitType: 'lokasi-pkl',
        applicant: { name: 'Siti Rahmawati', nik: '3273024507900001', phone: '0812-3456-7890' },
        data: { 'jenis-dagangan': 'Batagor', zona: 'hijau', 'luas-lapak-m2': '2', 'lama-bulan': 3 },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    application = (await created.json()) as typeof application;
    browser = await launch();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'id-ID' });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await env?.cleanup();
  });

  const lookUp = async (page: Page, secret: string) => {
    await page.goto(url('/izin/lacak'));
    await page.getByLabel('Nomor registrasi').fill(application.registrationNumber);
    await page.getByLabel('Kode rahasia').fill(secret);
    await page.getByRole('button', { name: 'Lacak' }).click();
    await page.waitForLoadState('load');
  };

  it('with JavaScript off a citizen reads the catalogue and a type, and follows the application; the secret stays out of addresses and logs', async () => {
    const page = await noScript.newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    await page.goto(url('/izin/'));
    await page.getByRole('link', { name: 'Izin Penempatan Lokasi Pedagang Kaki Lima (PKL)' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Izin Penempatan Lokasi Pedagang Kaki Lima (PKL)');
    expect(await page.getByText('Dokumen yang perlu disiapkan').count()).toBe(1);

    await lookUp(page, application.secret);
    await expect.poll(() => page.getByText('Draf (belum diajukan)').count()).toBe(1);
    expect(await page.getByText(application.registrationNumber).count()).toBeGreaterThan(0);

    expect(visited.some((u) => u.endsWith('/izin/lacak'))).toBe(true);
    expect(visited.join('\n')).not.toContain(application.secret);
    expect(service.lines.some((l) => l.includes('/izin/lacak'))).toBe(true);
    expect(service.output()).not.toContain(application.secret);
  });

  it('every page: no serious or critical axe violation, no horizontal scrolling, first load under 150 KB, no developer text', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
    const pages: Array<{ name: string; open: (page: Page) => Promise<unknown> }> = [
      { name: 'catalogue', open: (p) => p.goto(url('/izin/')) },
      { name: 'permit type (reklame)', open: (p) => p.goto(url('/izin/jenis/reklame')) },
      { name: 'permit type (pbg)', open: (p) => p.goto(url('/izin/jenis/pbg')) },
      { name: 'lookup', open: (p) => p.goto(url('/izin/lacak')) },
      { name: 'application', open: (p) => lookUp(p, application.secret) },
      { name: 'wrong secret', open: (p) => lookUp(p, 'bukan-kode-yang-benar') },
      { name: 'unknown type', open: (p) => p.goto(url('/izin/jenis/tidak-ada')) },
    ];
    const problems: string[] = [];
    for (const { name, open } of pages) {
      const page = await context.newPage();
      const weight = weigh(page);
      await open(page);
      await page.waitForLoadState('load');
      const bytes = await weight();
      if (bytes > MAX_FIRST_LOAD) problems.push(`${name}: first load ${bytes} B`);
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
