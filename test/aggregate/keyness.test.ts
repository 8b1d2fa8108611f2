// Keyness for codebook authors: log-likelihood of stems in a code's (or an attribute value's) text against the rest.
import { describe, expect, it } from 'vitest';
import { keynessPieces, keyTerms, logLikelihood } from '../../src/aggregate/terms.js';
import type { CodedSegment, SourceDocument } from '../../src/model/types.js';

const doc = (id: string, text: string, attributes: Record<string, string> = {}): SourceDocument => ({ id, text, attributes, encoding: 'utf-8', bodyStart: 0 });

describe('logLikelihood (Rayson & Garside 2000)', () => {
  it('is 2·Σ O·ln(O/E) over the two corpora', () => {
    // 20 of 1,000 words against 5 of 1,000: E = 12.5 in each; G² = 2(20 ln 1.6 + 5 ln 0.4) = 9.637.
    expect(logLikelihood(20, 5, 1000, 1000)).toBeCloseTo(2 * (20 * Math.log(1.6) + 5 * Math.log(0.4)), 10);
    expect(logLikelihood(20, 5, 1000, 1000)).toBeCloseTo(9.637, 3);
    // Equal relative frequencies: no evidence of a difference.
    expect(logLikelihood(10, 20, 1000, 2000)).toBeCloseTo(0, 10);
    expect(logLikelihood(0, 0, 10, 10)).toBe(0);
  });
});

describe('keyTerms', () => {
  const text = 'The police never answer. The police ignore us. The police are slow. We love the shelter. The shelter is warm. Our shelter helps women.';
  const sentences = [...text.matchAll(/[^.]+\./g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const pieces = sentences.map((s, i) => ({ text, ...s, groups: i < 3 ? ['weakness'] : ['strength'] }));
  it("lists the stems a group's text uses significantly more, strongest first, with their forms", () => {
    // 3 of 7 counted words against 0 of 6 (shelter, G² 3.71) and 3 of 6 against 0 of 7 (police, G² 4.64).
    const terms = keyTerms(pieces, { language: 'en', minCount: 3, minLL: 3 });
    expect(terms.map((t) => [t.group, t.stem, t.target, t.reference])).toEqual([
      ['strength', 'shelter', 3, 0],
      ['weakness', 'polic', 3, 0],
    ]);
    expect(terms[1]!.forms).toEqual(['police']);
    expect(terms[1]!.ll).toBeCloseTo(logLikelihood(3, 0, terms[1]!.targetWords, terms[1]!.referenceWords), 10);
  });
  it('leaves out stems below the least count or log-likelihood', () => {
    expect(keyTerms(pieces, { language: 'en', minCount: 4 })).toEqual([]);
    expect(keyTerms(pieces, { language: 'en' }).map((t) => t.stem)).toEqual(['polic']);
    expect(keyTerms(pieces, { language: 'en', minCount: 1, minLL: 1000 })).toEqual([]);
  });
});

describe('keynessPieces', () => {
  const d = doc('a.md', 'Interviewer: And the police?\n\nR1: The police never answer. We love the shelter.\n', { organization: 'atrama' });
  const seg = (code: string, s: string): CodedSegment => {
    const start = d.text.indexOf(s);
    return { document: 'a.md', code, start, end: start + s.length, line: 3, unit: 'sentence:2', speaker: 'R1', text: s, coder: 'x', rule: null, matched: [] };
  };
  it('by code: every respondent unit, with the codes of the segments overlapping it, rolled up to a depth', () => {
    const pieces = keynessPieces([d], [seg('weakness.collaboration', 'police never answer')], { by: 'code', depth: 1 });
    expect(pieces.map((p) => [p.text.slice(p.start, p.end), p.groups])).toEqual([
      ['The police never answer.', ['weakness']],
      ['We love the shelter.', []],
    ]);
  });
  it('by code without documents: the segments\' own text', () => {
    const pieces = keynessPieces([], [seg('a', 'police never answer'), seg('b', 'police never answer')], { by: 'code' });
    expect(pieces).toEqual([{ text: 'police never answer', start: 0, end: 19, groups: ['a', 'b'] }]);
  });
  it("by an attribute: respondents' paragraphs grouped by the document's value", () => {
    const pieces = keynessPieces([d, doc('b.md', 'Text without organization.')], undefined, { by: 'organization' });
    expect(pieces.map((p) => p.groups)).toEqual([['atrama'], []]);
  });
});
