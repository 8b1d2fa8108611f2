// The Word back-end: report.docx read back with mammoth has the same headings, tables and citations as report.html, and the same bytes every time.
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, test } from 'vitest';
import { aggregateStudy, aggregateSwot } from '../../src/aggregate/study.js';
import type { Quote } from '../../src/aggregate/types.js';
import { makeCtx } from '../../src/report/context.js';
import { headingsOf, type Doc } from '../../src/report/doc.js';
import { reportDocxFiles } from '../../src/report/files.js';
import { docDocx } from '../../src/report/render-docx.js';
import { bookDoc, evidenceDoc } from '../../src/report/summary.js';
import { swotDoc } from '../../src/report/swot.js';
import { referenceDocx } from './docx-reference.js';
import { fixtureCodebook, fixtureInput } from './fixtures/study.js';
import { LANGS } from './render-fixture.js';

/** Headings of an HTML fragment as [level, text], entities decoded. */
function htmlHeadings(html: string): [number, string][] {
  const decode = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/<h([1-6])[^>]*>([^]*?)<\/h\1>/g)].map((m) => [Number(m[1]), decode(m[2] ?? '')]);
}

describe.each(LANGS)('report.docx (%s)', (lang) => {
  const reports = aggregateStudy(fixtureInput('en'), { top: 3 });
  const ctx = makeCtx({ lang, codebook: fixtureCodebook(lang) });
  const doc = bookDoc(ctx, reports);

  test('read back, it has the document model\'s headings in order, with their levels', async () => {
    const bytes = await docDocx(ctx, doc);
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    const expected: [number, string][] = [[1, doc.title], ...headingsOf(doc.blocks)];
    expect(htmlHeadings(html)).toEqual(expected);
    // Tables survive as tables (overview, SWOT grid, networking matrix, shares, recommendations, per organization).
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThan(8);
    // Quotes keep their citation (document and line) and escaping is Word's: the script tag is text.
    expect(html).toContain('interviews/alpha-director.md, ');
    expect(html).not.toContain('<script');
  });

  test('two renderings are byte-identical (no creation date, fixed zip times)', async () => {
    const [a] = await reportDocxFiles(reports, { lang, codebook: fixtureCodebook(lang) }, ['docx']);
    const [b] = await reportDocxFiles(reports, { lang, codebook: fixtureCodebook(lang) }, ['docx']);
    expect(a?.path).toBe('report.docx');
    expect(Buffer.from(b?.data as Uint8Array).equals(Buffer.from(a?.data as Uint8Array))).toBe(true);
    // The package's dates are fixed, not the time of the run.
    const files = unzipSync(a?.data as Uint8Array);
    expect(strFromU8(files['docProps/core.xml'] as Uint8Array)).toMatch(/<dcterms:created[^>]*>2000-01-01T00:00:00Z<\/dcterms:created>/);
  });
});

/** Every file of two .docx packages as text, by path in zip order. */
function parts(bytes: Uint8Array): [string, string][] {
  return Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]);
}

const quote = (text: string, extra: Partial<Quote> = {}): Quote => ({
  document: 'interviews/a & b.md', line: 3, speaker: null, role: null, language: null, unit: 'sentence:1', start: 0, end: text.length, text,
  codes: ['strength.trust'], negatedFrom: null, matched: [], lowConfidence: false, strength: { confidence: null, agreement: false, terms: 1, rules: 1 }, ...extra,
});

/** A document with every kind of block and inline, nested grids and tables, odd grid sizes and text Word cannot hold. */
const EVERYTHING: Doc = {
  title: 'Everything <&> "quoted" \'too\'',
  subtitle: 'sub\u0001title\ttab\nline',
  blocks: [
    { kind: 'heading', level: 0, text: '' },
    { kind: 'heading', level: 9, text: 'deep' },
    { kind: 'paragraph', content: ['plain ', { text: 'bold', strong: true }, { text: 'em', em: true }, { text: 'not bold', strong: false }, { text: 'gap', mark: 'gap' }, { text: 'low', mark: 'low' }, { text: 'muted', mark: 'muted', strong: true }, { refs: [1, 2], prefix: ' see ', anchor: 'x' }, { text: 'link', href: '#a' }] },
    { kind: 'paragraph', content: [] },
    { kind: 'paragraph', content: ['a lone surrogate \uD800 and \u0007 bell \uFFFE', { text: ' \r\n spaced ', strong: true }] },
    { kind: 'list', items: [['one'], [], [{ text: 'three', em: true }]] },
    { kind: 'list', ordered: true, items: [['first'], ['second']] },
    { kind: 'table', columns: [{ header: 'Org' }, { header: 'n', numeric: true }, { header: 'x' }], rowHeader: true, rows: [[{ content: ['a'], className: 'strength' }, { content: ['1'], noteNumber: 1 }, { content: [] }], [{ content: ['b'] }, { content: ['2'], className: 'char-mixed' }]], notes: [['note ', { text: 'one', strong: true }]] },
    { kind: 'table', columns: [{ header: 'empty' }], rows: [] },
    { kind: 'table', columns: [{ header: 'a' }], rows: [[{ content: ['1'] }, { content: ['2'] }, { content: ['3'] }, { content: ['4'] }, { content: ['5'] }, { content: ['6'] }, { content: ['7'] }]] },
    { kind: 'quote', quote: quote('A “quote” & <more>', { page: 2, time: '00:01:02' }), number: 3, showCodes: true },
    { kind: 'quote', quote: quote('') },
    { kind: 'grid', level: 3, cells: [
      { title: 'S', className: 'strength', blocks: [{ kind: 'paragraph', content: ['in a box'] }, { kind: 'table', columns: [{ header: 'h1' }, { header: 'h2' }, { header: 'h3' }], rows: [[{ content: ['1'] }, { content: ['2'] }, { content: ['3'] }]] }] },
      { title: 'W', className: 'weakness', blocks: [] },
      { title: 'O', blocks: [{ kind: 'grid', level: 4, cells: [{ title: 'inner', blocks: [{ kind: 'table', columns: [{ header: 'h' }], rows: [[{ content: ['x'] }]] }] }] }] },
    ] },
    { kind: 'grid', level: 3, cells: [] },
    { kind: 'figure', caption: 'Figure & caption', svg: '<svg/>', fallback: [{ kind: 'paragraph', content: ['fallback'] }] },
    { kind: 'section', id: 's', heading: 'Section', level: 2, pageBreak: true, blocks: [{ kind: 'section', id: 't', heading: 'Inner', level: 3, blocks: [] }] },
  ],
};

describe.each(LANGS)('Word XML written directly (%s)', (lang) => {
  const options = { lang, codebook: fixtureCodebook(lang) };
  const ctx = makeCtx(options);
  const reports = aggregateStudy(fixtureInput(lang), { top: 3 });
  const swot = aggregateSwot(fixtureInput(lang), { top: 3 });
  const docs: [string, Doc][] = [['report', bookDoc(ctx, reports)], ['evidence', evidenceDoc(ctx, reports)], ['swot', swotDoc(ctx, swot)], ['every kind of block', EVERYTHING]];
  test.each(docs)('%s: the same package, byte for byte, as docx builds from its Paragraph, TextRun and Table objects', async (_name, doc) => {
    const fast = await docDocx(ctx, doc);
    const reference = await referenceDocx(ctx, doc);
    expect(parts(fast)).toEqual(parts(reference));
    expect(Buffer.from(fast).equals(Buffer.from(reference))).toBe(true);
  });
});
