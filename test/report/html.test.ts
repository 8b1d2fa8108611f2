// HTML quality checked statically: self-contained, accessible structure, printable.
import { describe, expect, test } from 'vitest';
import { anchor, quoteLang, STYLE } from '../../src/report/html.js';
import { fileNames } from '../../src/report/files.js';
import { documents } from './fixtures/study.js';
import { LANGS, renderFixture } from './render-fixture.js';

describe.each(LANGS)('HTML files (%s)', (lang) => {
  const html = renderFixture(lang).filter((f) => f.path.endsWith('.html'));

  test.each(html.map((f) => [f.path, f.data]))('%s is self-contained and accessible', (_path, text) => {
    expect(text.startsWith('<!DOCTYPE html>\n<html lang="' + lang + '">')).toBe(true);
    expect(text).toContain('<meta charset="utf-8">');
    expect(text).toContain(`Content-Security-Policy" content="default-src 'none'`);
    // Nothing fetched: no scripts, external links, stylesheets, fonts or images.
    expect(text).not.toMatch(/<script|<link rel="stylesheet"|<img|@import|url\(|src=|href="(https?:)?\/\//i);
    // One h1, and no heading level skipped going down.
    expect(text.match(/<h1[ >]/g)).toHaveLength(1);
    let previous = 0;
    for (const m of text.matchAll(/<h([1-6])[ >]/g)) {
      const level = Number(m[1]);
      expect(level, `h${level} after h${previous}`).toBeLessThanOrEqual(previous + 1);
      previous = level;
    }
    // Every header cell says what it heads.
    const th = text.match(/<th[ >][^>]*>?/g) ?? [];
    for (const cell of th) expect(cell).toMatch(/scope="(col|row)"/);
    // Every chart and diagram has a role, a title and a description.
    const svgs = text.match(/<svg[^>]*>/g) ?? [];
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-labelledby="[^"]+-title [^"]+-desc"/);
    }
    expect((text.match(/<title id=/g) ?? []).length).toBe(svgs.length);
    // Printable: a print stylesheet that breaks pages between organizations.
    expect(text).toContain('@media print');
    expect(text).toContain('article.organization{break-before:page');
  });

  test('ids are unique within each page', () => {
    for (const f of html) {
      const ids = [...f.data.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, f.path).toBe(ids.length);
      for (const m of f.data.matchAll(/href="#([^"]+)"/g)) expect(ids, `${f.path} #${m[1]}`).toContain(m[1]);
    }
  });

  test('a quote in another language than the page says so with lang (from its document\'s language)', () => {
    const languageOf = new Map(documents.map((d) => [d.id, d.attributes.language]));
    let foreign = 0;
    for (const f of html) {
      for (const m of f.data.matchAll(/<figure class="quote"><blockquote(?: lang="([^"]+)")?><p>[^]*?<\/p><\/blockquote><figcaption>— <cite>([^<]+)<\/cite>/g)) {
        const expected = languageOf.get(m[2] ?? '');
        expect(m[1], `${f.path}: ${m[2]}`).toBe(expected === lang ? undefined : expected);
        if (m[1] !== undefined) foreign++;
      }
    }
    // The fixture quotes the Lithuanian interview in English reports and the English documents in Lithuanian ones.
    expect(foreign).toBeGreaterThan(0);
  });

  test('the summary has the networking matrix (one row per organization, tooltips) and links to each report; the book has every organization', () => {
    const summary = html.find((f) => f.path === 'summary.html')?.data ?? '';
    const matrix = /<table class="netmatrix">[^]*?<\/table>/.exec(summary)?.[0] ?? '';
    expect(matrix.match(/<th scope="row">/g)).toHaveLength(2);
    expect(matrix).toMatch(/<td class="char-(systematic|accidental|mixed|absent|unspecified)" title="[^"]+: [“„]/);
    // The legend is printed once, and the tangled network diagram is gone.
    expect(summary.match(/Legend|Žymėjimas/g)).toHaveLength(1);
    expect(summary).not.toContain('<svg');
    expect(summary).toContain('href="organizations/alpha.html"');
    const book = html.find((f) => f.path === 'report.html')?.data ?? '';
    expect(book.match(/<section class="organization page"/g)).toHaveLength(2);
    expect(book).toContain('href="#org-alpha"');
  });
});

test('quoteLang: only a well-formed tag whose language differs from the page', () => {
  expect(quoteLang({ lang: 'en' }, { language: 'lt' })).toBe(' lang="lt"');
  expect(quoteLang({ lang: 'lt' }, { language: 'en' })).toBe(' lang="en"');
  expect(quoteLang({ lang: 'en' }, { language: 'en' })).toBe('');
  expect(quoteLang({ lang: 'en' }, { language: 'EN-gb' })).toBe('');
  expect(quoteLang({ lang: 'lt' }, { language: 'en-GB' })).toBe(' lang="en-GB"');
  expect(quoteLang({ lang: 'en' }, { language: null })).toBe('');
  expect(quoteLang({ lang: 'en' }, { language: 'Lithuanian' })).toBe('');
  expect(quoteLang({ lang: 'en' }, { language: 'lt" onclick="x' })).toBe('');
});

test('print: wide tables are made to fit the page instead of overflowing it', () => {
  const print = STYLE.slice(STYLE.indexOf('@media print'));
  // The screen rule lets wide tables scroll; paper cannot, so print must not rely on it.
  expect(print).toContain('table.matrix{table-layout:fixed;width:100%');
  expect(print).toMatch(/cite,th\[scope="row"\]\{overflow-wrap:anywhere\}/);
  expect(print).toContain('writing-mode:sideways-lr');
  expect(print).toContain('.wide{page:wide}');
  expect(print).toContain('@page wide{size:A4 landscape');
});

test('organizations told apart by case alone get anchors of their own: no duplicate ids, every quote link finds its own quote', async () => {
  const { fixtureInput } = await import('./fixtures/study.js');
  const { aggregateStudy } = await import('../../src/aggregate/study.js');
  const { renderBookHtml, renderEvidenceHtml } = await import('../../src/report/summary.js');
  const input = fixtureInput('en');
  // beta's documents named "ALPHA": a second organization whose anchor would be alpha's.
  const docs = input.documents.map((d) => (d.attributes.organization === 'beta' ? { ...d, attributes: { ...d.attributes, organization: 'ALPHA' } } : d));
  const reports = aggregateStudy({ ...input, documents: docs, organizations: [] }, { top: 3 });
  expect(reports.organizations.map((r) => r.organization).sort()).toEqual(['ALPHA', 'alpha']);
  for (const html of [renderBookHtml(reports, { lang: 'en', codebook: input.codebook }), renderEvidenceHtml(reports, { lang: 'en', codebook: input.codebook })]) {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).toContain('org-alpha');
    expect(ids).toContain('org-alpha-2');
    // Every in-page link points at an id the page has.
    for (const m of html.matchAll(/href="#([^"]+)"/g)) expect(ids, m[1]).toContain(m[1]);
  }
});

test('organization file names and anchors keep Lithuanian letters apart by dropping their diacritics (Šilas, Žilas), and never climb out of the folder', () => {
  const names = fileNames(['Šilas', 'Žilas', 'silas', '../../escape', 'a/b']);
  expect([...names.values()]).toEqual(['Silas', 'Zilas', 'silas-2', '__.._escape', 'a_b']);
  expect(anchor('org', 'Šilas')).toBe('org-silas');
  expect(anchor('org', 'Namų šviesa')).toBe('org-namu-sviesa');
});
