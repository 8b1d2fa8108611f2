// Headless Chromium loads generated reports: no console errors, no requests, real headings and headers, a screenshot.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, skipBrowser } from './chromium.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixtureInput } from './fixtures/study.js';
import { renderFixture } from './render-fixture.js';

/** The fixture study spread over `n` organizations with long ids: a matrix too wide for a portrait page. */
function wideInput(n: number) {
  const input = fixtureInput('en');
  const org = (i: number) => `organization-${String(i).padStart(2, '0')}-with-a-rather-long-identifier`;
  const copies = Array.from({ length: n }, (_, i) => i);
  return {
    ...input,
    organizations: [],
    documents: copies.flatMap((i) => input.documents.map((d) => ({ id: `${i}/${d.id}`, attributes: { ...d.attributes, organization: org(i) } }))),
    segments: copies.flatMap((i) => input.segments.map((s) => ({ ...s, document: `${i}/${s.document}` }))),
  };
}

const OUT = path.resolve('test-output');
const PAGES = path.join(OUT, 'browser');
describe.skipIf(skipBrowser)('reports in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    rmSync(PAGES, { recursive: true, force: true });
    for (const lang of ['en', 'lt'] as const) {
      for (const f of renderFixture(lang)) {
        const file = path.join(PAGES, lang, f.path);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, f.data);
      }
    }
    for (const f of renderFixture('lt', wideInput(20))) {
      const file = path.join(PAGES, 'wide', f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.data);
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function load(relative: string, screenshot?: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(path.join(PAGES, relative)).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);
    if (screenshot) await page.screenshot({ path: path.join(OUT, screenshot), fullPage: true });
    return { page, errors, others: requests.filter((r) => r !== url) };
  }

  test.each([
    ['en/organizations/alpha.html', 'report.png'],
    ['lt/organizations/beta.html', undefined],
    ['en/summary.html', 'summary.png'],
    ['lt/report.html', undefined],
    ['en/swot.html', undefined],
  ])('%s loads with no console errors and no other requests', async (file, screenshot) => {
    const { page, errors, others } = await load(file, screenshot);
    expect(errors).toEqual([]);
    expect(others).toEqual([]);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h2').count()).toBeGreaterThan(0);
    const headers = await page.locator('th').evaluateAll((cells) => cells.map((c) => c.getAttribute('scope')));
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.every((s) => s === 'col' || s === 'row')).toBe(true);
    await page.close();
  }, 30_000);

  test('the organization report shows key findings first, its sections, the evidence appendix, the escaped quote and its tables', async () => {
    const { page } = await load('en/organizations/alpha.html');
    const h2 = await page.locator('main h2').allTextContents();
    expect(h2).toEqual(['Key findings', 'Profile', 'Strengths, weaknesses, opportunities and threats', 'Networking', 'Attitudes and stereotypes', 'Services', 'Barriers to victims’ entry into services', 'Recommendations', 'Method appendix', 'Evidence appendix']);
    // Citation numbers link to quotes on the page.
    const refs = await page.locator('.refs a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(refs.length).toBeGreaterThan(0);
    for (const href of refs) expect(await page.locator(href as string).count(), href as string).toBe(1);
    // The quote is text on the page, not a script element.
    expect(await page.locator('script').count()).toBe(0);
    await expect(page.getByText('We built trust & confidentiality <script>alert(1)</script> with every woman.').first().isVisible()).resolves.toBe(true);
    expect(await page.locator('table th[scope="col"]', { hasText: 'Partner type' }).count()).toBe(1);
    await page.close();
  }, 30_000);

  test('the summary shows the networking matrix with full labels and a tooltip per cell', async () => {
    const { page } = await load('en/summary.html');
    const matrix = page.locator('table.netmatrix');
    expect(await matrix.locator('tbody tr').count()).toBe(2);
    // Labels are not cut: every header shows its whole text.
    const cut = await matrix.locator('th').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    expect(cut).toEqual([]);
    const titles = await matrix.locator('td[title]').evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? ''));
    expect(titles.some((t) => t.includes('“'))).toBe(true);
    await matrix.screenshot({ path: path.join(OUT, 'network-matrix-fixture.png') });
    await page.close();
  }, 30_000);

  // A4 portrait minus 16 mm margins is 178 mm = 673 CSS px; a landscape page only gives more room.
  test.each(['en/summary.html', 'lt/report.html', 'en/organizations/alpha.html', 'wide/summary.html', 'wide/report.html'])('printed, %s fits the width of an A4 page', async (file) => {
    const page = await browser.newPage({ viewport: { width: 673, height: 950 } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(pathToFileURL(path.join(PAGES, file)).href, { waitUntil: 'load' });
    const overflowing = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`)
        .slice(0, 5);
    });
    expect(overflowing).toEqual([]);
    if (file.startsWith('wide/')) {
      // Twenty organizations: the networking matrix and the overview still fit the portrait width.
      expect(await page.locator('table.netmatrix tbody tr').count()).toBe(20);
    }
    await page.close();
  }, 30_000);

  test('printed, the SWOT grids keep two columns and do not break across pages; the table of contents is hidden', async () => {
    const { page } = await load('en/report.html');
    await page.emulateMedia({ media: 'print' });
    const grids = await page.locator('.grid.swot').evaluateAll((list) => list.map((g) => [getComputedStyle(g).gridTemplateColumns.split(' ').length, getComputedStyle(g).breakInside]));
    expect(grids.length).toBe(3);
    for (const g of grids) expect(g).toEqual([2, 'avoid']);
    expect(await page.locator('nav.toc').first().isVisible()).toBe(false);
    await page.close();
  }, 30_000);
});
