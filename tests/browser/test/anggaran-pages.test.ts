/**
 * budgeting's citizen pages (/anggaran/) in Chromium at 390x844, budgeting running as a process from
 * its dist with Kota Bandung's demo year (SEED_DEMO_BUDGET from development.defaults), public scrutiny
 * opened with a local mail relay (a real HTTP server here) and one sub-activity cut by TAPD through the
 * API: with JavaScript off a citizen opens a unit, a sub-activity and a line, flags it with an e-mailed
 * code, and reads TAPD's answer. Every page passes axe-core without serious or critical violations,
 * fits the phone's width, weighs under 150 KB on first load and shows no English developer text.
 * With UPDATE_SCREENSHOTS=true the main pages are photographed for budgeting's README (services/budgeting/docs).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { chromiumAvailable, launch, pageProblems, PHONE, weigh } from './support/browser.js';

const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
const MAX_FIRST_LOAD = 150 * 1024;
const YEAR = 2026;
const EMAIL = 'warga.peduli@example.org';
// the README's pictures change with the demo data: rewritten only when asked
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === 'true' ? `${root}services/budgeting/docs` : undefined;

describe.skipIf(!chromiumAvailable())('budget pages in Chromium at 390x844', () => {
  let env: TestEnvironment;
  let service: ServiceProcess;
  let relay: Server;
  const mails: { to: string; text: string }[] = [];
  let browser: Browser;
  let noScript: BrowserContext;
  let url: (path: string) => string;
  let tapd: Record<string, string>;

  beforeAll(async () => {
    relay = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => (mails.push(JSON.parse(body)), res.writeHead(202).end()));
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    env = await createTestEnvironment();
    await env.applyDirectory([BANDUNG]);
    service = await startServiceProcess('budgeting', {
      ...developmentEnv(`${root}services/budgeting`),
      ...env.env,
      DEFAULT_TENANT: '32.73',
      LOG_LEVEL: 'info',
      SCRUTINY_HMAC_KEY: 'a-browser-test-key-of-at-least-32-characters',
      MAIL_HTTP_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/mail`,
    });
    url = (path) => `${service.url}${path}`;
    // the demo year loads in the background after start
    for (let i = 0; !service.lines.some((l) => l.includes('demo budget loaded')); i++) {
      if (i > 2400) throw new Error(`the demo budget did not load:\n${service.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    tapd = bearer(await mintToken({ tenant: '32.73', roles: ['tapd'], sub: 'tapd-1' }));
    // TAPD cuts the first candidate of a unit under its review, so the savings page has something to show
    const ranked = (await (await fetch(url(`/v1/review/candidates?year=${YEAR}`), { headers: tapd })).json()) as {
      candidates: { unit: string; subActivity: string; status: string }[];
    };
    const target = ranked.candidates.find((c) => c.status === 'submitted')!;
    const cut = await fetch(
      url(`/v1/budgets/${YEAR}/units/${target.unit}/sub-activities/${target.subActivity}/decision`),
      {
        method: 'PUT',
        headers: { ...tapd, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'cut', reason: 'Tidak terkait RPJMD maupun Musrenbang' }),
      },
    );
    expect(cut.status, await cut.clone().text()).toBe(200);
    browser = await launch();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'id-ID' });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await env?.cleanup();
    relay?.close();
  });

  const shoot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  };

  /** The first approved unit's page, its first sub-activity opened (a <details>, no script needed). */
  const openUnit = async (page: Page) => {
    await page.goto(url('/anggaran/'));
    await page.locator('ul.cards h3 a').first().click();
    await page.waitForLoadState('load');
    await page.locator('details summary').first().click();
  };

  it('with JavaScript off a citizen reads a unit’s lines, flags one with an e-mailed code and reads TAPD’s answer', async () => {
    const page = await noScript.newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    await page.goto(url('/anggaran/'));
    expect(await page.locator('h1').textContent()).toBe(`Anggaran tahun ${YEAR}`);
    expect(await page.getByText(/^Rp \d{1,3}(\.\d{3})+$/).count()).toBeGreaterThan(0);
    await shoot(page, 'anggaran');
    await openUnit(page);
    await shoot(page, 'anggaran-unit');
    await page.locator('details[open] a', { hasText: 'Tandai baris ini' }).first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Tandai baris anggaran');

    // sent empty: the summary names what to fix, each field marked
    await page.getByRole('button', { name: 'Kirim kode ke e-mail saya' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByText('Mohon periksa kembali isian Anda').count()).toBe(1);
    expect(await page.locator('#alasan').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
    await shoot(page, 'tandai-belum-lengkap');

    await page.getByLabel('Mengapa baris ini perlu diperiksa?').fill('Harga satuannya jauh di atas harga pasar.');
    await page.getByLabel('Alamat e-mail').fill(EMAIL);
    await page.getByRole('button', { name: 'Kirim kode ke e-mail saya' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Periksa e-mail Anda');
    expect(mails.at(-1)?.to).toBe(EMAIL);
    const code = /Kode verifikasi Anda: (\d{6})/.exec(mails.at(-1)!.text)![1]!;
    await page.getByLabel('Kode verifikasi').fill(code);
    await page.getByRole('button', { name: 'Kirim tanda' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Terima kasih, tanda Anda sudah kami terima');
    expect(await page.content()).not.toContain(EMAIL);
    expect(visited.join('\n')).not.toContain('warga.peduli');

    // TAPD answers; the answer is public
    const flags = (await (await fetch(url(`/v1/review/flags?year=${YEAR}`), { headers: tapd })).json()) as {
      flags: { id: string }[];
    };
    const answer = 'Harga sesuai standar harga satuan 2026 yang ditetapkan wali kota.';
    const moderated = await fetch(url(`/v1/review/flags/${flags.flags[0]!.id}`), {
      method: 'PUT',
      headers: { ...tapd, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'rejected', answer }),
    });
    expect(moderated.status).toBe(200);
    await page.goto(url(`/anggaran/${YEAR}/temuan`));
    expect(await page.getByText(answer).count()).toBe(1);
    await shoot(page, 'temuan');
    await page.goto(url(`/anggaran/${YEAR}/penghematan`));
    expect(await page.getByText(/1 sub kegiatan dihapus, Rp [\d.]+ dihemat/).count()).toBe(1);
    await shoot(page, 'penghematan');
    expect(service.output()).not.toContain(EMAIL);
  });

  it('every page: no serious or critical axe violation, no horizontal scrolling, first load under 150 KB, no developer text', async () => {
    // every unit's page weighed as sent; the heaviest then goes through the browser with the rest
    const year = await (await fetch(url(`/anggaran/${YEAR}`))).text();
    const unitPaths = [...year.matchAll(/href="(\/anggaran\/\d{4}\/unit\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(unitPaths.length).toBeGreaterThan(5);
    const sizes = await Promise.all(
      unitPaths.map(async (path) => ({ path, bytes: (await (await fetch(url(path))).arrayBuffer()).byteLength })),
    );
    const heaviestUnit = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
    const tandai = async (p: Page) => {
      await openUnit(p);
      await p.locator('details[open] a', { hasText: 'Tandai baris ini' }).first().click();
    };
    const pages: Array<{ name: string; open: (page: Page) => Promise<unknown> }> = [
      { name: 'the year', open: (p) => p.goto(url('/anggaran/')) },
      { name: `the heaviest unit (${heaviestUnit.path})`, open: (p) => p.goto(url(heaviestUnit.path)) },
      { name: 'a unit, one sub-activity open', open: openUnit },
      { name: 'savings', open: (p) => p.goto(url(`/anggaran/${YEAR}/penghematan`)) },
      { name: 'answered flags', open: (p) => p.goto(url(`/anggaran/${YEAR}/temuan`)) },
      { name: 'flag form', open: tandai },
      {
        name: 'flag form with errors',
        open: async (p) => {
          await tandai(p);
          await p.waitForLoadState('load');
          await p.getByRole('button', { name: 'Kirim kode ke e-mail saya' }).click();
        },
      },
      { name: 'unknown year', open: (p) => p.goto(url('/anggaran/2031')) },
      { name: 'unknown unit', open: (p) => p.goto(url(`/anggaran/${YEAR}/unit/tidak-ada`)) },
      { name: 'unknown page', open: (p) => p.goto(url('/anggaran/tidak/ada')) },
    ];
    const problems: string[] = [];
    let heaviest = 0;
    for (const { name, open } of pages) {
      const page = await context.newPage();
      const weight = weigh(page);
      await open(page);
      await page.waitForLoadState('load');
      const bytes = await weight();
      heaviest = Math.max(heaviest, bytes);
      problems.push(...(await pageProblems(page, { name, bytes, maxFirstLoad: MAX_FIRST_LOAD })));
      await page.close();
    }
    await context.close();
    // the figures for the README: the weight beside its ceiling, measured in this run
    console.warn(
      `anggaran pages: ${pages.length} in Chromium, heaviest first load ${heaviest} B; ${sizes.length} unit pages, largest HTML ${heaviestUnit.bytes} B (ceiling ${MAX_FIRST_LOAD} B)`,
    );
    expect(problems).toEqual([]);
  }, 300_000);
});
