// The Word back-end: report.docx read back with mammoth has the same headings, tables and citations as report.html, and the same bytes every time.
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, test } from 'vitest';
import { aggregateStudy } from '../../src/aggregate/study.js';
import { makeCtx } from '../../src/report/context.js';
import { headingsOf } from '../../src/report/doc.js';
import { reportDocxFiles } from '../../src/report/files.js';
import { docDocx } from '../../src/report/render-docx.js';
import { bookDoc } from '../../src/report/summary.js';
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

  test('Word proofs the text in the report\'s language and each quote in its document\'s', async () => {
    const files = unzipSync(await docDocx(ctx, doc));
    const styles = strFromU8(files['word/styles.xml'] as Uint8Array);
    const body = strFromU8(files['word/document.xml'] as Uint8Array);
    const own = lang === 'lt' ? 'lt-LT' : 'en-GB';
    const other = lang === 'lt' ? 'en-GB' : 'lt-LT';
    // The document default: every run without a language of its own is proofed in the report's.
    expect(styles).toMatch(new RegExp(`<w:docDefaults>.*<w:lang w:val="${own}"/>.*</w:docDefaults>`, 's'));
    // Quotes from documents in the other language (the fixture has one of each) carry that language; none carries the report's own.
    expect(body).toContain(`<w:lang w:val="${other}"/>`);
    expect(body).not.toContain(`<w:lang w:val="${own}"/>`);
  });

  test('tables, quotes and notes take the report\'s named Word styles, defined once in styles.xml, not settings repeated on every run', async () => {
    const files = unzipSync(await docDocx(ctx, doc));
    const styles = strFromU8(files['word/styles.xml'] as Uint8Array);
    const body = strFromU8(files['word/document.xml'] as Uint8Array);
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}">.*?</w:style>`, 's').exec(styles)?.[0] ?? '';
    // Each style is defined with its settings: table text at 9 pt, table headings bold, quotes indented and italic.
    expect(style('TableText')).toContain('<w:sz w:val="18"/>');
    expect(style('TableHeading')).toMatch(/<w:basedOn w:val="TableText"\/>.*<w:b\/>/s);
    expect(style('Quote')).toMatch(/<w:ind w:left="567"\/>.*<w:i\/>/s);
    expect(style('QuoteSource')).toContain('<w:color w:val="555555"/>');
    expect(style('Reference')).toContain('w:type="character"');
    // Headings keep with the next paragraph through their style.
    expect(style('Heading2')).toContain('<w:keepNext/>');
    // The body names the styles and repeats no font size, colour or indent of its own.
    for (const id of ['TableText', 'TableHeading', 'Quote', 'QuoteSource', 'BodyText']) expect(body).toContain(`<w:pStyle w:val="${id}"/>`);
    expect(body).not.toMatch(/<w:sz |<w:color |<w:ind |<w:keepNext\/>/);
  });

  test('a quote coded by the model alone with low confidence takes the Low Confidence style, the others do not', async () => {
    const { wordDocx } = await import('../../src/report/render-docx.js');
    const files = unzipSync(await wordDocx({ language: lang, title: 'T', blocks: [{ kind: 'quote', text: '“low”', source: '— a.md', low: true }, { kind: 'quote', text: '“sure”', source: '— b.md' }] }));
    const body = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(body.match(/<w:rStyle w:val="LowConfidence"\/>/g)).toHaveLength(1);
    expect(body).toMatch(/<w:rStyle w:val="LowConfidence"\/><\/w:rPr><w:t[^>]*>“low”/);
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
