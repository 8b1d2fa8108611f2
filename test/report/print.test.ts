// The sample study's main report printed to PDF by headless Chromium: about 40 A4 pages, executive summary and SWOT grids on one page each, nothing wider than the page; screenshots in test-output/print.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runStudy } from '../../src/study/run.js';
import { launchChromium, skipBrowser } from './chromium.js';

const OUT = path.resolve('test-output', 'print');
/** A4 minus the print stylesheet's margins (14 mm top and bottom, 15 mm left and right), in CSS pixels (96 per inch). */
const PAGE_HEIGHT = ((297 - 28) / 25.4) * 96;
const PAGE_WIDTH = ((210 - 30) / 25.4) * 96;
/** The target of issue 10: summary and twelve organizations within about 40 pages. */
const MAX_PAGES = 44;

/** Pages of a PDF: its page objects (Chromium writes them uncompressed). */
export function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describe.skipIf(skipBrowser)('the sample study printed to PDF', () => {
  let browser: Browser;
  let page: Page;
  const pages: Record<string, number> = {};

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    const run = await runStudy('samples/qeval.yaml', process.cwd(), {});
    for (const f of run.files) {
      if (!/^(en|lt)\/report\.html$/.test(f.path)) continue;
      const file = path.join(OUT, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.data);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: Math.floor(PAGE_WIDTH), height: 1000 } });
    await page.emulateMedia({ media: 'print' });
  }, 240_000);

  afterAll(async () => {
    if (Object.keys(pages).length > 0) {
      const line = Object.entries(pages).map(([f, n]) => `${f}: ${n} A4 pages`).join('\n');
      writeFileSync(path.join(OUT, 'pages.txt'), `${line}\n`);
      console.log(line);
    }
    await browser?.close();
  });

  test.each(['en', 'lt'])('%s/report.html prints within about 40 A4 pages', async (lang) => {
    await page.goto(pathToFileURL(path.join(OUT, lang, 'report.html')).href, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(path.join(OUT, `${lang}-report.pdf`), pdf);
    pages[`${lang}/report.html`] = pdfPages(pdf);
    expect(pages[`${lang}/report.html`]).toBeGreaterThan(12);
    expect(pages[`${lang}/report.html`]).toBeLessThanOrEqual(MAX_PAGES);
  }, 120_000);

  test('the executive summary fits the first page, every SWOT grid one page and do not break; no table is cut at the page width', async () => {
    await page.goto(pathToFileURL(path.join(OUT, 'en', 'report.html')).href, { waitUntil: 'load' });
    const executive = page.locator('section.executive');
    // On the first page: it ends above the first page's bottom (nothing before it breaks a page).
    const execBox = await executive.boundingBox();
    expect((execBox?.y ?? Infinity) + (execBox?.height ?? Infinity)).toBeLessThan(PAGE_HEIGHT);
    await executive.screenshot({ path: path.join(OUT, 'executive-summary.png') });

    const grids = page.locator('.grid.swot');
    expect(await grids.count()).toBe(13);
    const heights = await grids.evaluateAll((list) => list.map((g) => [g.getBoundingClientRect().height, getComputedStyle(g).breakInside, getComputedStyle(g).gridTemplateColumns.split(' ').length]));
    for (const [height, breakInside, columns] of heights) {
      expect(height).toBeLessThan(PAGE_HEIGHT);
      expect(breakInside).toBe('avoid');
      expect(columns).toBe(2);
    }
    await grids.first().screenshot({ path: path.join(OUT, 'swot-grid.png') });

    const matrix = page.locator('table.netmatrix');
    await matrix.screenshot({ path: path.join(OUT, 'network-matrix.png') });
    const cut = await matrix.locator('th').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    expect(cut).toEqual([]);

    const overflowing = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('table, figure, .grid')].filter((el) => el.getBoundingClientRect().right > width + 0.5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    });
    expect(overflowing).toEqual([]);
  }, 120_000);
});
