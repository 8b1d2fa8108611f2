// Keyword in context: term matching as in codebook rules, context windows, sort orders, code segments with the words that fired, escaped HTML.
import { describe, expect, it } from 'vitest';
import { kwicOfCode, kwicOfTerm, sortKwic } from '../../src/aggregate/kwic.js';
import { renderKwic } from '../../src/render/kwic.js';
import type { CodedSegment, SourceDocument } from '../../src/model/types.js';

const doc = (id: string, text: string, attributes: Record<string, string> = {}): SourceDocument => ({ id, text, attributes, encoding: 'utf-8', bodyStart: 0 });

const TEXT = 'Interviewer: How do you cooperate?\n\nR1: We cooperated with the police. Cooperation is hard.\n\nR1: A follow-up never came; no follow up at all. 😀 Police <b>again</b>.\n';

describe('kwicOfTerm', () => {
  const d = doc('a.md', TEXT);
  it('matches a phrase as a rule does: a comma allowed where the term writes one, none where it does not; any space between words', () => {
    const c = doc('c.txt', 'Ruta: The police, if I know them personally, help. The police\u00a0if asked.\n');
    expect(kwicOfTerm([c], 'police, if').map((l) => l.keyword)).toEqual(['police, if', 'police\u00a0if']);
    expect(kwicOfTerm([c], 'police if').map((l) => l.keyword)).toEqual(['police\u00a0if']);
  });
  it('matches case-insensitively with * inside a word, giving offsets in code points, line and speaker', () => {
    const lines = kwicOfTerm([d], 'cooperat*', { window: 3 });
    expect(lines.map((l) => [l.keyword, l.line, l.speaker])).toEqual([['cooperate', 1, 'Interviewer'], ['cooperated', 3, 'R1'], ['Cooperation', 3, 'R1']]);
    expect(lines[1]!.left).toBe('cooperate? ¶ R1: We');
    expect(lines[1]!.right).toBe('with the police');
  });
  it('matches phrases whose words a hyphen or spaces separate, and counts offsets in code points after an emoji', () => {
    const lines = kwicOfTerm([d], 'follow-up');
    expect(lines.map((l) => l.keyword)).toEqual(['follow-up', 'follow up']);
    const police = kwicOfTerm([d], 'police').at(-1)!;
    expect([...TEXT].slice(police.start, police.end).join('')).toBe('Police');
  });
  it('matches by stem with ~word', () => {
    expect(kwicOfTerm([d], '~cooperation', { language: 'en' }).map((l) => l.keyword)).toEqual(['cooperate', 'cooperated', 'Cooperation']);
  });
  it('rejects a term without a word', () => {
    expect(() => kwicOfTerm([d], '*')).toThrow(expect.objectContaining({ code: 'KWIC_BAD_TERM' }));
  });
});

describe('sortKwic', () => {
  const d = doc('a.md', 'a red car. the blue car. one green car. a black bike.');
  const lines = kwicOfTerm([d], 'car', { window: 2 });
  it('orders by the words before the keyword, nearest first', () => {
    expect(sortKwic(lines, 'left').map((l) => l.left)).toEqual(['the blue', 'one green', 'a red']);
  });
  it('orders by the words after the keyword, ties in document order', () => {
    expect(sortKwic(lines, 'right').map((l) => l.right)).toEqual(['. a black', '. one green', '. the blue']);
    expect(sortKwic(lines, 'document').map((l) => l.start)).toEqual(lines.map((l) => l.start));
  });
});

describe('kwicOfCode', () => {
  const d = doc('a.md', 'R1: Only if I know the officer personally will they call. Q: Why?\n');
  const text = 'Only if I know the officer personally will they call.';
  const start = d.text.indexOf(text);
  const segment: CodedSegment = { document: 'a.md', code: 'networking.accidental', start, end: start + text.length, line: 1, unit: 'sentence:1', speaker: 'R1', text, coder: 'qeval', rule: 'networking.accidental#1', matched: ['officer', 'know'] };
  it("centres each segment of the code (or a sub-code) on the first word that fired, keeping the segment's rule and words", () => {
    const [line] = kwicOfCode([d], [segment, { ...segment, code: 'strength' }], 'networking', { window: 2 });
    expect(line).toMatchObject({ keyword: 'know', left: 'if I', right: 'the officer', code: 'networking.accidental', rule: 'networking.accidental#1', matched: ['officer', 'know'] });
  });
  it('shows a segment no word fired, and none of whose model words stands in it, as its text', () => {
    const [line] = kwicOfCode([d], [{ ...segment, matched: [], rule: null }], 'networking.accidental');
    expect(line!.keyword).toBe('');
    expect(line!.right).toBe(text);
    const [stemsOnly] = kwicOfCode([d], [{ ...segment, matched: [], rule: null, method: 'model', features: ['s:offic', 'w:police', 'b:the_offic'] }], 'networking.accidental');
    expect(stemsOnly!.keyword).toBe('');
  });
  it("centres a segment the model coded alone on the word it weighed most that stands in the segment (not in the rest of the document)", () => {
    const model: CodedSegment = { ...segment, matched: [], rule: null, method: 'model', probability: 0.7, features: ['s:person', 'w:why', 'w:personally', 'w:officer'] };
    const [line] = kwicOfCode([d], [model], 'networking.accidental', { window: 2 });
    expect(line).toMatchObject({ keyword: 'personally', left: 'the officer', right: 'will they' });
    expect(d.text.slice(line!.start, line!.end)).toBe('personally');
  });
  it('marks the words that fired in HTML, escaping all text, with no external requests', () => {
    const html = renderKwic(kwicOfCode([d], [{ ...segment, text: '<i>know</i> & officer' }], 'networking'), 'html', { query: 'networking <x>' });
    expect(html).toContain('&lt;i&gt;<mark>know</mark>&lt;/i&gt; &amp; <mark>officer</mark>');
    expect(html).toContain('<title>Keyword in context: networking &lt;x&gt;</title>');
    expect(html).not.toMatch(/<(script|link|img)\b|https?:/);
  });
});

describe('renderKwic', () => {
  const lines = kwicOfTerm([doc('a.md', '=cmd cooperation <b>now</b>')], 'cooperation');
  it('writes CSV with offsets and the formula guard', () => {
    const csv = renderKwic(lines, 'csv', { query: 'cooperation' });
    expect(csv).toBe("document,line,start,end,speaker,left,keyword,right\r\na.md,1,5,16,,'=cmd,cooperation,<b>now</b>\r\n");
  });
  it('escapes the text in HTML', () => {
    expect(renderKwic(lines, 'html', { query: 'cooperation' })).toContain('<td class="right">&lt;b&gt;now&lt;/b&gt;</td>');
  });
});
