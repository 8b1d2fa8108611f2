// The tokenizer's scanner finds exactly the words its documented pattern matches, in every kind of text.
import { describe, expect, it } from 'vitest';
import { normalizeWord, tokenize } from '../../src/engine/tokenize.js';
import { mulberry32 } from '../../src/learn/train.js';

/** The pattern tokenize documents for a word (the scanner must agree with it everywhere). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*(?:['’][\p{L}\p{M}]+(?:\p{Cf}+[\p{L}\p{M}\p{N}]+)*)*/gu;

/** The words of text[from, to) by the pattern: those starting before `to`, taken whole. */
function patternWords(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m !== null && m.index < to; m = WORD.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

// Pieces of text: ASCII and Lithuanian letters, digits of other scripts, combining marks, format
// characters (soft hyphen, zero-width joiner, BOM), both apostrophes, astral letters and digits, a
// lone surrogate, spaces and punctuation.
const PIECES = ['a', 'Z', 'q', '7', 'ą', 'Š', 'ž', 'é', '\u0301', '٣', '\u00ad', '\u200d', '\ufeff', "'", '’', '𝐀', '𝟘', '😀', '\ud800', ' ', '\n', '.', ',', '-', ':', '(', '–', '"', '„'];

describe('tokenize', () => {
  it('finds the very words of its pattern, with their offsets, in 3,000 random texts', () => {
    const random = mulberry32(20261202);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
      // Runs start and end at code point boundaries (units never cut a surrogate pair).
      const boundary = (i: number) => (i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1]!) && /[\udc00-\udfff]/.test(text[i]!) ? i - 1 : i);
      const from = boundary(Math.floor(random() * 3));
      const to = Math.max(from, boundary(text.length - Math.floor(random() * 3)));
      const t = tokenize(text, from, to);
      const got = [...t.start].map((s, i) => [s, t.end[i]]);
      const words = patternWords(text, from, to);
      expect(got, JSON.stringify(text)).toEqual(words);
      expect(t.norm, JSON.stringify(text)).toEqual(words.map(([s, e]) => normalizeWord(text.slice(s, e))));
    }
  });

  it('lower-cases and joins words as normalizeWord does, and numbers clauses at . ; : ! ? ( ) and dashes', () => {
    const t = tokenize('DON’T fol\u00adlow; Ąžuolas (Vilnius) – O\'Brien 2004! 𝐀B');
    expect(t.norm).toEqual(["don't", 'follow', 'ąžuolas', 'vilnius', "o'brien", '2004', '𝐀b']);
    // One new clause per gap holding a break, however many breaks it holds (") –").
    expect([...t.clause]).toEqual([0, 0, 1, 2, 3, 3, 4]);
  });

  it('skips web and e-mail addresses', () => {
    expect(tokenize('see www.pagalba.lt/a or info@pagalba.lt now').norm).toEqual(['see', 'or', 'now']);
  });
});
