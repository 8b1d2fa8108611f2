// Document text never becomes markup: HTML, Markdown, DOT and Mermaid escape it; CSV cells cannot run formulas.
import { describe, expect, test } from 'vitest';
import { csvCell, csvRow, dotString, escapeHtml, escapeMarkdown, escapeMarkdownInline, mermaidLabel } from '../../src/report/escape.js';
import { LANGS, renderFixture } from './render-fixture.js';

const SCRIPT_QUOTE = 'We built trust & confidentiality <script>alert(1)</script> with every woman.';

describe.each(LANGS)('rendered outputs (%s)', (lang) => {
  const files = renderFixture(lang);
  const html = files.filter((f) => f.path.endsWith('.html'));

  test('every HTML file escapes the <script> and & of a quote', () => {
    expect(html.length).toBeGreaterThanOrEqual(5);
    for (const f of html) {
      expect(f.data, f.path).not.toMatch(/<script/i);
      expect(f.data, f.path).not.toContain('trust & confidentiality');
    }
    const alpha = html.find((f) => f.path === 'organizations/alpha.html')?.data ?? '';
    expect(alpha).toContain('We built trust &amp; confidentiality &lt;script&gt;alert(1)&lt;/script&gt; with every woman.');
    expect(html.find((f) => f.path === 'summary.html')?.data).toContain('&lt;script&gt;');
  });

  test('the study title with & and < is escaped in HTML headings and titles', () => {
    const summary = html.find((f) => f.path === 'summary.html')?.data ?? '';
    expect(summary).toContain('Fixture study &amp; &lt;test&gt;');
    expect(summary).not.toContain('Fixture study & <test>');
  });

  test('Markdown carries no raw HTML from documents, and table pipes are escaped', () => {
    for (const f of files.filter((x) => x.path.endsWith('.md'))) {
      expect(f.data, f.path).not.toMatch(/<script/i);
      expect(f.data, f.path).not.toContain('think | they');
    }
    const alpha = files.find((f) => f.path === 'organizations/alpha.md')?.data ?? '';
    expect(alpha).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The document's `*prostitutes*` is Markdown emphasis: a reader of the report sees the plain word
    // (quotes drop inline markup), not an escaped `\*prostitutes\*` that reads as literal stars.
    expect(alpha).toContain('People think \\| they are prostitutes anyway.');
    expect(alpha).not.toContain('*prostitutes');
  });

  test('JSON keeps the text exactly (it is data, not markup)', () => {
    const json = JSON.parse(files.find((f) => f.path === 'organizations/alpha.json')?.data ?? '{}') as { swot: { quadrants: { quotes: { text: string }[] }[] } };
    expect(json.swot.quadrants[0]?.quotes.map((q) => q.text)).toContain(SCRIPT_QUOTE);
  });

  test('CSV cells that a spreadsheet would run as a formula are neutralized', () => {
    const csv = files.find((f) => f.path === 'matrix-quotes.csv')?.data ?? '';
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") funding will end with the project."`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('\ufeffcode,label,organization,count,document,line,speaker,quote');
  });

  test('the matrix CSVs are for Excel: a UTF-8 BOM, then RFC 4180 records ending in CRLF', () => {
    for (const name of ['matrix.csv', 'matrix-quotes.csv']) {
      const csv = files.find((f) => f.path === name)?.data ?? '';
      expect(csv.startsWith('\ufeffcode,label,'), name).toBe(true);
      expect(csv.slice(1)).not.toContain('\ufeff');
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      // Every line break is CRLF (line breaks inside quoted quote cells included).
      expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
  });
});

test.each([
  ['=1+1', "'=1+1"],
  ['+SUM(A1)', "'+SUM(A1)"],
  ['-2', "'-2"],
  // The contract guards every cell that starts with a minus, the id "-" of a document read from stdin too.
  ['-', "'-"],
  ['--', "'--"],
  ['- x', "'- x"],
  ["'-", "''-"],
  ['@cmd', "'@cmd"],
  ['\tx', "'\tx"],
  ['\rx', `"'\rx"`],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['line\nbreak', '"line\nbreak"'],
  ['plain', 'plain'],
])('csvCell(%j) = %j', (input, expected) => {
  expect(csvCell(input)).toBe(expected);
});

test('csvCell leaves numbers alone and writes null as empty; rows end with CRLF', () => {
  expect(csvCell(-3)).toBe('-3');
  expect(csvCell(null)).toBe('');
  expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
});

test('escapers', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  expect(escapeMarkdownInline('a|b *c* _d_ [e](f) `g` ~h~ #i <j> &k')).toBe('a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\~h\\~ \\#i &lt;j&gt; &amp;k');
  expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
  expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
  expect(escapeMarkdown('===')).toBe('\\===');
  expect(escapeMarkdown('two\nlines')).toBe('two lines');
  expect(dotString('say "hi" \\ now\nok')).toBe('"say \\"hi\\" \\\\ now\\nok"');
  expect(mermaidLabel('A "b" <c> & #d|e')).toBe('"A #quot;b#quot; #lt;c#gt; #amp; #35;d#124;e"');
});
