// Unit features: words, stems, negation scope, rule hits, the interviewer's question, context and speaker.
import { describe, expect, it } from 'vitest';
import { codeDocument } from '../../src/engine/code.js';
import { featurizeDocument, FEATURE_FAMILIES } from '../../src/learn/features.js';
import type { SourceDocument } from '../../src/model/types.js';
import { compiled } from './fixtures.js';

const doc = (text: string): SourceDocument => ({ id: 'd.md', text, attributes: { language: 'en' }, encoding: 'utf-8', bodyStart: 0 });
const featuresOf = (text: string, families = [...FEATURE_FAMILIES]) => {
  const c = compiled();
  const d = doc(text);
  return featurizeDocument(c, d, codeDocument(c, d, { unit: 'sentence' }), { families }, { unit: 'sentence' });
};

describe('featurizeDocument', () => {
  it('features only respondent units, never the interviewer', () => {
    const units = featuresOf('Interviewer: Do they trust you?\n\nR: They do. We never judge her.');
    expect(units.map((u) => u.text)).toEqual(['They do.', 'We never judge her.']);
  });

  it('marks stems in a negation scope as neg: and keeps them out of s:', () => {
    const [u] = featuresOf('We never judge her.');
    expect(u!.features).toContain('neg:judg');
    expect(u!.features).not.toContain('s:judg');
    expect(u!.features).toContain('w:judge');
  });

  it('does not negate after "not only" (the codebook\'s negation exceptions)', () => {
    const [u] = featuresOf('Not only the women trust us.');
    expect(u!.features).toContain('s:trust');
    expect(u!.features.some((f) => f.startsWith('neg:'))).toBe(false);
  });

  it('negation stops at the clause end and at a break word', () => {
    const [u] = featuresOf('We have no car, but the staff help.');
    expect(u!.features).toContain('neg:car');
    expect(u!.features).toContain('s:staff');
  });

  it('carries the rules\' codes with their ancestors, the question\'s stems and the neighbouring sentence', () => {
    const units = featuresOf('Interviewer: What about the police?\n\nR: Hmm. The women trust us. That is all.');
    const trust = units.find((u) => u.text === 'The women trust us.')!;
    expect(trust.features).toEqual(expect.arrayContaining(['r:strength.trust', 'r:strength', 'q:polic', 'c:hmm', 'c:all']));
    expect(trust.features).not.toContain('sp:opens-turn');
    expect(units[0]!.features).toContain('sp:opens-turn');
  });

  it('leaves out families that are switched off', () => {
    const [u] = featuresOf('We never judge her.', ['words']);
    expect(u!.features.every((f) => f.startsWith('w:'))).toBe(true);
  });

  it('gives sorted, distinct feature names', () => {
    const [u] = featuresOf('Money, money, money: no money.');
    expect(u!.features).toEqual([...new Set(u!.features)].sort());
  });
});
