// Telling qeval's own text outputs from source documents by their first lines (see qevalTableKind).
import { describe, expect, it } from 'vitest';
import { MARKDOWN_MARK, markMarkdown, qevalTableKind } from '../../src/model/output-marks.js';
import { renderKwic } from '../../src/render/kwic.js';

describe('qevalTableKind', () => {
  it("names each of qeval's text tables by its first lines", () => {
    expect(qevalTableKind('┌──┬──┐\n│ document │\n')).toBe('a table or SWOT grid qeval wrote');
    expect(qevalTableKind('SWOT summary: Overall  Coded segments: 544; documents: 3\n┌────┐\n')).toBe('a table or SWOT grid qeval wrote');
    expect(qevalTableKind('\ufeff┌──┐\n')).toBe('a table or SWOT grid qeval wrote');
    expect(qevalTableKind('stem               count docs  forms\nsai                   26    2  say, saying\n')).toBe('a terms table qeval wrote');
    expect(qevalTableKind('organization  stem             count   else       LL   log2  forms\natrama        trust               4      1      9.1   2.58  trust\n')).toBe('a terms table qeval wrote');
    expect(qevalTableKind('Intercoder agreement: 120 units, 2 coders\ncode      units  agree%\n')).toBe('an agreement table qeval wrote');
    const kwic = renderKwic(
      [
        { document: 'a.md', line: 17, start: 10, end: 15, left: 'we', keyword: 'trust', right: 'them', speaker: 'R' as string | null },
        { document: 'b d.md', line: 3, start: 1, end: 6, left: '', keyword: 'Trust', right: 'is all', speaker: null },
      ],
      'table',
      { query: 'trust', width: 100 },
    );
    expect(qevalTableKind('==> interviews/01.md <==\nInterviewer: Hello.\n')).toBe('the text of several documents as qeval text prints it');
    expect(qevalTableKind(kwic)).toBe('a keyword-in-context table qeval wrote');
  });

  it('gives nothing for documents, whatever they hold further on', () => {
    for (const text of [
      'Interviewer: What did the form look like?\n\nRespondent: Like this.\n\n┌────┐\n│ ID │\n└────┘\n',
      'stem cells and their count: docs say forms vary\n',
      'Intercoder agreement: we had none.\nCode of conduct was missing.\n',
      'Respondent: See [the note]  in the file report.pdf:12\nInterviewer: Thanks.\n',
      '',
      '\n\n',
      '==> a quote from a document\n',
    ]) {
      expect(qevalTableKind(text), text).toBe('');
    }
  });
});

describe('markMarkdown', () => {
  it('puts the mark on a line of its own before the Markdown', () => {
    expect(markMarkdown('# Title\n')).toBe(`${MARKDOWN_MARK}\n# Title\n`);
  });
});
