// The terminal grid's own wrapping: words and citations are never cut in the middle when they fit a line.
import { expect, test } from 'vitest';
import { wrapCitation, wrapText } from '../../src/report/swot.js';

test('wrapText wraps at spaces, keeps leading indentation and breaks only over-long words', () => {
  expect(wrapText('  85 Committed, experienced and flexible staff', 20, '     ')).toEqual(['  85 Committed,', '     experienced and', '     flexible staff']);
  expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  expect(wrapText('', 10)).toEqual([]);
});

test('wrapCitation breaks after a folder or before the speaker, never inside the line number', () => {
  expect(wrapCitation('interviews/16-pagalbos-linija-volunteer.md', 69, 'Respondent', 46)).toEqual(['  interviews/', '  16-pagalbos-linija-volunteer.md:69', '  Respondent']);
  expect(wrapCitation('a.md', 3, 'R1', 40)).toEqual(['  a.md:3, R1']);
  expect(wrapCitation('documents/d05.md', 42, null, 40)).toEqual(['  documents/d05.md:42']);
  expect(wrapCitation('x'.repeat(12), 1, null, 8)).toEqual(['  xxxxxx', '  xxxxxx', '  :1']);
});
