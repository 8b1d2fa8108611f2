// Quotes from paged and timed sources cite their page or time, in both report languages and on the terminal grid.
import { expect, test } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import type { Quote } from '../../src/aggregate/types.js';
import { citationDetails, makeCtx } from '../../src/report/context.js';
import { wrapCitation } from '../../src/report/swot.js';

const codebook = parseCodebook('codebook: c\nversion: 1.0.0\nlanguage: en\ncodes:\n  - { id: trust, label: Trust, definition: trust, rules: [{ any: [trust] }] }\n');
const quote = (extra: Partial<Quote>): Quote => ({
  document: 'docs/report.pdf', line: 7, speaker: null, role: null, language: null, unit: 'sentence:3', start: 0, end: 5, text: 'trust',
  codes: ['trust'], negatedFrom: null, matched: ['trust'], strength: { confidence: null, agreement: false, terms: 1, rules: 1 }, ...extra,
});

test('a PDF quote cites its page after the line, in English and Lithuanian', () => {
  expect(citationDetails(makeCtx({ lang: 'en', codebook }), quote({ page: 3 }))).toEqual(['line 7', 'page 3']);
  expect(citationDetails(makeCtx({ lang: 'lt', codebook }), quote({ page: 3 }))).toEqual(['7 eilutė', '3 psl.']);
});

test('a subtitle quote cites its time, and a quote from a plain text neither', () => {
  expect(citationDetails(makeCtx({ lang: 'en', codebook }), quote({ time: '00:01:05', speaker: 'Anna' }))).toEqual(['line 7', 'at 00:01:05', 'speaker Anna']);
  expect(citationDetails(makeCtx({ lang: 'en', codebook }), quote({}))).toEqual(['line 7']);
});

test('the terminal grid cites the page or time beside the line', () => {
  expect(wrapCitation('report.pdf', 7, null, 60, { page: 3 })).toEqual(['  report.pdf:7, p. 3']);
  expect(wrapCitation('meeting.vtt', 2, 'Anna', 60, { time: '00:01:05' })).toEqual(['  meeting.vtt:2, 00:01:05, Anna']);
});
