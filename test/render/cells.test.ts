// Terminal table cells: widths as a terminal shows them, and words too wide for their column broken, never cut with "…".
import { describe, expect, it } from 'vitest';
import { breakLongWords, displayWidth } from '../../src/render/cells.js';
import { segmentFormatters } from '../../src/render/segments.js';
import type { CodedSegment } from '../../src/model/types.js';

describe('displayWidth', () => {
  it('counts wide characters and emoji as two columns and combining marks as none, widest line', () => {
    expect(displayWidth('文件')).toBe(4);
    expect(displayWidth('😀')).toBe(2);
    // "ą" written as a + combining ogonek (NFD) is one column.
    expect(displayWidth('a\u0328zuolas')).toBe(7);
    expect(displayWidth('ab\nabcd')).toBe(4);
  });
});

describe('breakLongWords', () => {
  it('breaks a word wider than the column into lines that fit, keeping every character', () => {
    const id = 'odd/😀-ąžuolas-文件.txt';
    const lines = breakLongWords(id, 8).split('\n');
    expect(lines.join('')).toBe(id);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(8);
    // Wide characters count double: "文件.txt" is 8 columns, not 6.
    expect(lines.at(-1)).toBe('文件.txt');
  });

  it('never splits a grapheme: a base letter keeps its combining mark, an emoji sequence stays whole', () => {
    const nfd = 'Ša\u0328z\u030Cuolas-centras';
    const lines = breakLongWords(nfd, 3).split('\n');
    expect(lines.join('')).toBe(nfd);
    for (const line of lines) expect(line.normalize('NFC').length).toBeLessThanOrEqual(3);
    expect(lines.some((l) => /^\p{M}/u.test(l))).toBe(false);
    expect(breakLongWords('👩‍👩‍👧👩‍👩‍👧', 2)).toBe('👩‍👩‍👧\n👩‍👩‍👧');
  });

  it('leaves words that fit, and the spaces between words, as they were', () => {
    expect(breakLongWords('Vilties tiltas centras', 8)).toBe('Vilties tiltas centras');
    expect(breakLongWords('see https://example.org/long/path now', 10)).toBe('see https://ex\nample.org/\nlong/path now');
  });
});

describe('qeval code -f table', () => {
  it('shows a long document id whole, broken across lines, not cut with "…"', () => {
    const document = 'interviews/lt/18-alytus-misija-koordinatore.md';
    const segment: CodedSegment = { document, code: 'strength', start: 0, end: 4, line: 1, unit: 'sentence:0', speaker: null, text: 'Text', coder: 'qeval', rule: null, matched: [] };
    const table = segmentFormatters.table([segment], { width: 120 });
    expect(table).not.toContain('…');
    const rows = table.split('\n').filter((l) => l.startsWith('│')).slice(1);
    expect(rows.map((l) => l.split('│')[1]!.trim()).join('')).toBe(document);
  });
});
