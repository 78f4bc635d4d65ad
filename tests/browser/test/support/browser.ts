/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download does not work
 * here). Missing on a developer's laptop: one line and the suite skips; missing in CI: it fails.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 };

/** Whether the suite can run; throws in CI (`CI=true`), where a missing browser is a broken machine. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does)`);
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return false;
}

/** Headless and quiet: no sandbox (containers run as root), no GPU, no QUIC, no calls home; a fresh profile per launch. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Bytes of every response a page load received (bodies and headers), from the first request to `load`. */
export function weigh(page: Page): () => Promise<number> {
  const responses: Response[] = [];
  page.on('response', (r) => void responses.push(r));
  return async () => {
    let total = 0;
    for (const r of responses) {
      const sizes = await r
        .request()
        .sizes()
        .catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
      total += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    return total;
  };
}

/** Words and shapes of developer text that must never reach a citizen. */
export const DEVELOPER_TEXT: readonly RegExp[] = [
  /\bundefined\b/,
  /\bnull\b/,
  /\bError\b/,
  /validation/i,
  /\bstatus\b/i,
  /\d{4}-\d\d-\d\dT\d/,
  /\bUTC\b/,
  /\b[a-z]+_[a-z]+(?:_[a-z]+)*\b/,
];

/**
 * The four checks on a page that finished loading: first load under `maxFirstLoad` bytes (as `weigh`
 * counted it), no sideways scrolling at the phone's width, no serious or critical axe-core violation,
 * no developer text. Answers what failed, each line named after the page.
 */
export async function pageProblems(
  page: Page,
  o: { name: string; bytes: number; maxFirstLoad: number },
): Promise<string[]> {
  const problems: string[] = [];
  if (o.bytes > o.maxFirstLoad) problems.push(`${o.name}: first load ${o.bytes} B`);
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  if (width > PHONE.width) problems.push(`${o.name}: ${width} px wide, scrolls sideways`);
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
    problems.push(
      `${o.name}: axe ${v.impact} ${v.id} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join('; ')})`,
    );
  const text = await page.evaluate(() => document.body.innerText);
  for (const re of DEVELOPER_TEXT) {
    const m = re.exec(text);
    if (m) problems.push(`${o.name}: developer text "${m[0]}"`);
  }
  return problems;
}
