// The document model's back-ends escape every text they are given, in every kind of block, and agree on the headings.
import mammoth from 'mammoth';
import { describe, expect, test } from 'vitest';
import type { Quote } from '../../src/aggregate/types.js';
import { makeCtx } from '../../src/report/context.js';
import { headingsOf, type Doc } from '../../src/report/doc.js';
import { docDocx } from '../../src/report/render-docx.js';
import { blocksHtml, docHtml } from '../../src/report/render-html.js';
import { blocksMarkdown, docMarkdown } from '../../src/report/render-md.js';
import { fixtureCodebook } from './fixtures/study.js';

const EVIL = '<img src=x onerror=alert(1)> *bold* [link](http://x) | cell & "quote"';

const quote: Quote = {
  document: 'a<b>.md',
  line: 3,
  speaker: 'R<1>',
  role: 'director & co',
  language: 'en',
  unit: 'sentence:1',
  start: 0,
  end: 10,
  text: EVIL,
  codes: ['strength.trust'],
  negatedFrom: null,
  matched: [],
  lowConfidence: true,
  strength: { confidence: 0.31, agreement: false, terms: 0, rules: 0 },
};

const doc: Doc = {
  title: `Title ${EVIL}`,
  subtitle: EVIL,
  blocks: [
    {
      kind: 'section',
      id: 's1',
      heading: `Section ${EVIL}`,
      level: 2,
      blocks: [
        { kind: 'paragraph', content: [EVIL, { text: EVIL, strong: true }, { refs: [1], prefix: ' ', anchor: 'x' }] },
        { kind: 'list', items: [[EVIL], ['- not a list marker']] },
        { kind: 'table', columns: [{ header: EVIL }, { header: 'n', numeric: true }], rows: [[{ content: [EVIL], title: EVIL, noteNumber: 1 }, { content: ['1'] }]], notes: [[EVIL]] },
        { kind: 'quote', quote, number: 1, anchor: 'x' },
        { kind: 'grid', level: 3, cells: [{ title: EVIL, className: 'strength', blocks: [{ kind: 'list', items: [[EVIL]] }] }] },
      ],
    },
  ],
};

describe('escaping in every back-end', () => {
  const ctx = makeCtx({ lang: 'en', codebook: fixtureCodebook('en') });

  test('HTML: no element or attribute comes from text', () => {
    const html = docHtml(ctx, doc);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('title="<');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('R&lt;1&gt;');
    // The low-confidence quote says so in its citation.
    expect(blocksHtml(ctx, [{ kind: 'quote', quote }])).toContain('low confidence (model only, p = 0.31)');
  });

  test('Markdown: no inline markup, link, table cell or list starts from text', () => {
    const md = docMarkdown(ctx, doc);
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/(?<!\\)\*bold(?<!\\)\*/);
    expect(md).not.toMatch(/(?<!\\)\[link(?<!\\)\]/);
    expect(md).toContain('\\- not a list marker');
    expect(md).toContain('cell &amp; "quote"');
    // Emphasis markers touch their text even when it ends in a space.
    expect(blocksMarkdown(ctx, [{ kind: 'paragraph', content: [{ text: 'Evidence: ', em: true }, 'n = 2'] }])).toBe('*Evidence:* n = 2\n\n');
  });

  test('Word: the text comes back as text, with the same headings', async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(await docDocx(ctx, doc)) });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const headings = [...html.matchAll(/<h([1-6])>([^]*?)<\/h\1>/g)].map((m) => Number(m[1]));
    expect(headings).toEqual([1, ...headingsOf(doc.blocks).map(([level]) => level)]);
  });
});
