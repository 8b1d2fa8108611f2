// Pages of a document for qeval score: the `pages` attribute, a paged source's page breaks (PDF), or form feeds.
import { describe, expect, it } from 'vitest';
import { measureDocument } from '../../src/engine/measure.js';
import { compiled } from '../learn/fixtures.js';
import type { SourceDocument } from '../../src/model/types.js';

const doc = (extra: Partial<SourceDocument>): SourceDocument => ({ id: 'r.pdf', text: 'One page. Two pages. Three pages.', attributes: { language: 'en' }, encoding: 'utf-8', bodyStart: 0, ...extra });

describe('measureDocument pages', () => {
  it('counts a PDF\'s pages from its page breaks', () => {
    expect(measureDocument(compiled(), doc({ pageBreaks: [10, 21] })).pages).toBe(3);
  });
  it('prefers a whole-number pages attribute, and counts form feeds in plain text', () => {
    expect(measureDocument(compiled(), doc({ pageBreaks: [10], attributes: { language: 'en', pages: '7' } })).pages).toBe(7);
    expect(measureDocument(compiled(), doc({ id: 'a.txt', text: 'One.\fTwo.\fThree.' })).pages).toBe(3);
  });
});
