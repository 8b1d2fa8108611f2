// The SWOT view is one document tree (swotDoc): Markdown, HTML and Word show the same headings, cite quotes alike and escape hostile text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, test } from 'vitest';
import { aggregateSwot } from '../../src/aggregate/study.js';
import type { Quote, SwotView } from '../../src/aggregate/types.js';
import { swotFormatFor } from '../../src/cli/commands/swot.js';
import { citation, makeCtx } from '../../src/report/context.js';
import { headingsOf } from '../../src/report/doc.js';
import { swotDocxFiles, swotFiles } from '../../src/report/files.js';
import { renderSwotDocx, renderSwotHtml, renderSwotMarkdown, swotDoc } from '../../src/report/swot.js';
import { segmentFormatters } from '../../src/render/segments.js';
import { fixtureCodebook, fixtureInput, segments } from './fixtures/study.js';
import { runCli } from './harness.js';
import { LANGS } from './render-fixture.js';

const decode = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Headings of an HTML page as [level, text], entities decoded. */
function htmlHeadings(html: string): [number, string][] {
  return [...html.matchAll(/<h([1-6])[^>]*>([^]*?)<\/h\1>/g)].map((m) => [Number(m[1]), decode(m[2] ?? '')]);
}

/** ATX headings of a Markdown text as [level, text], backslash escapes and entities undone. */
function mdHeadings(md: string): [number, string][] {
  return [...md.matchAll(/^(#{1,6}) (.*)$/gm)].map((m) => [m[1]?.length ?? 0, decode((m[2] ?? '').replace(/\\(.)/g, '$1'))]);
}

const view = (): SwotView => aggregateSwot(fixtureInput('en'), { top: 3, by: 'organization' });
const NAMES = new Map([['alpha', 'Alpha Crisis Centre'], ['beta', 'Beta County Police, Anti-Trafficking Unit']]);

describe.each(LANGS)('one tree, every back-end (%s)', (lang) => {
  const options = { lang, codebook: fixtureCodebook(lang), names: NAMES };
  const ctx = makeCtx(options);
  const v = view();
  const doc = swotDoc(ctx, v, NAMES);
  const expected: [number, string][] = [[1, doc.title], ...headingsOf(doc.blocks)];

  test('the tree has a section per grid (overall, then each organization) with the four quadrants in 2x2 order, counts in their titles', () => {
    const grids = [v.overall, ...v.groups];
    expect(doc.blocks.map((b) => (b.kind === 'section' ? b.id : b.kind))).toEqual(grids.map((_, i) => `grid-${i}`));
    const overall = v.overall.quadrants;
    const titles = headingsOf(doc.blocks).filter(([level]) => level === 3).slice(0, 4).map(([, t]) => t);
    expect(titles).toEqual(['strength', 'weakness', 'opportunity', 'threat'].map((q) => `${ctx.tr(`quadrant.${q}` as never)} (${overall.find((c) => c.quadrant === q)?.count ?? 0})`));
  });

  test('Markdown, HTML and Word show the same headings, in order, at the same levels', async () => {
    expect(mdHeadings(renderSwotMarkdown(v, options))).toEqual(expected);
    expect(htmlHeadings(renderSwotHtml(v, options))).toEqual(expected);
    const { value: word } = await mammoth.convertToHtml({ buffer: Buffer.from(await renderSwotDocx(v, options)) });
    expect(htmlHeadings(word)).toEqual(expected);
  });

  test('every strongest quote is cited by the one citation function, in every back-end', async () => {
    const md = renderSwotMarkdown(v, options);
    const html = decode(renderSwotHtml(v, options));
    const { value: word } = await mammoth.convertToHtml({ buffer: Buffer.from(await renderSwotDocx(v, options)) });
    const quotes = [v.overall, ...v.groups].flatMap((g) => g.quadrants.flatMap((c) => c.quotes));
    expect(quotes.length).toBeGreaterThan(5);
    for (const q of quotes) {
      const cite = citation(ctx, q);
      expect(html).toContain(cite);
      expect(decode(word)).toContain(cite);
      expect(md.replace(/\\(.)/g, '$1')).toContain(cite);
    }
  });
});

describe('hostile text', () => {
  const EVIL = '<img src=x onerror=alert(1)> *bold* [link](http://x) | cell & "q"';
  const evilQuote = (q: Quote): Quote => ({ ...q, text: `${EVIL} ${q.text}`, document: `a<b>${q.document}`, speaker: 'R<1> | *x*' });
  const v = view();
  for (const g of [v.overall, ...v.groups]) for (const c of g.quadrants) c.quotes = c.quotes.map(evilQuote);
  const options = { lang: 'en' as const, codebook: fixtureCodebook('en'), names: new Map([['alpha', EVIL]]) };

  test('HTML: no element comes from quotes, document ids, speakers or organization names; the text is shown escaped', () => {
    const html = renderSwotHtml(v, options);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<cite>a&lt;b&gt;interviews/alpha-director.md</cite>');
    expect(html).toContain('speaker R&lt;1&gt; | *x*');
    expect(html).toContain('organization: &lt;img src=x onerror=alert(1)&gt; *bold*');
  });

  test('Markdown: no raw HTML, emphasis, link or table cell comes from the text', () => {
    const md = renderSwotMarkdown(v, options);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toMatch(/(?<!\\)\*bold(?<!\\)\*/);
    expect(md).not.toMatch(/(?<!\\)\[link(?<!\\)\]/);
    expect(md).not.toMatch(/[^\\]\| cell/);
    expect(md).toContain('## organization: &lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\[link\\](http://x) \\| cell &amp; "q"\n');
    expect(md).toContain('speaker R&lt;1&gt; \\| \\*x\\*');
  });

  test('Word: the text comes back as text', async () => {
    const { value: word } = await mammoth.convertToHtml({ buffer: Buffer.from(await renderSwotDocx(v, options)) });
    expect(word).not.toContain('<img');
    expect(decode(word)).toContain(EVIL);
  });
});

test('the quadrant boxes are named by their titles (aria-labelledby points at an existing heading id)', () => {
  const html = renderSwotHtml(view(), { lang: 'en', codebook: fixtureCodebook('en'), names: NAMES });
  const labelled = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  expect(labelled.length).toBe(4 * 5); // four grids (overall, alpha, beta, not set), each a section and four boxes
  for (const id of labelled) expect(ids.has(id), id).toBe(true);
  expect(ids.size).toBe([...html.matchAll(/ id="/g)].length);
});

test('swot.docx is written only when asked for, byte-identical from run to run', async () => {
  const options = { lang: 'en' as const, codebook: fixtureCodebook('en'), names: NAMES };
  expect(await swotDocxFiles(view(), options, ['md', 'html'])).toEqual([]);
  const [a] = await swotDocxFiles(view(), options, ['docx']);
  const [b] = await swotDocxFiles(view(), options, ['docx']);
  expect(a?.path).toBe('swot.docx');
  expect(Buffer.from(a?.data as Uint8Array).equals(Buffer.from(b?.data as Uint8Array))).toBe(true);
  expect(swotFiles(view(), options, ['docx'])).toEqual([]);
});

test('-o picks docx from the extension; an -f that contradicts it is refused', () => {
  expect(swotFormatFor(undefined, 'out/SWOT.DOCX')).toBe('docx');
  expect(swotFormatFor('docx', 'x.docx')).toBe('docx');
  expect(() => swotFormatFor('md', 'x.docx')).toThrow('-f md contradicts the .docx extension; name the file .md or leave out -f');
});

describe('qeval swot --format docx', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qeval-swot-docx-'));
    writeFileSync(path.join(dir, 'segments.json'), segmentFormatters.json(segments));
  });
  const cb = () => ['-c', path.resolve('test/report/fixtures/codebook.en.yaml'), '-c', path.resolve('test/report/fixtures/codebook.lt.yaml')];

  test('-o swot.docx writes a Word file with the same headings as the HTML page', async () => {
    const docx = await runCli(['swot', 'segments.json', ...cb(), '--lang', 'lt', '-o', 'swot.docx'], dir);
    expect(docx.status, docx.stderr).toBe(0);
    expect(docx.stdout).toBe('');
    const html = await runCli(['swot', 'segments.json', ...cb(), '--lang', 'lt', '-f', 'html'], dir);
    const { value: word } = await mammoth.convertToHtml({ buffer: readFileSync(path.join(dir, 'swot.docx')) });
    expect(htmlHeadings(word)).toEqual(htmlHeadings(html.stdout));
    expect(htmlHeadings(word)[0]).toEqual([1, 'SSGG suvestinė']);
  });

  test('refuses to write the archive to a terminal: exit 2, one line, no output', async () => {
    const r = await runCli(['swot', 'segments.json', ...cb(), '--format', 'docx'], dir, { tty: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('qeval: a .docx is a ZIP archive, not text for a terminal: name the file to write with -o swot.docx\n');
  });
});
