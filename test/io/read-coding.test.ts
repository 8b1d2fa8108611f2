// A person's coding given as quoted text: where the quote is found in the document, and when it is refused.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findQuote, readHumanCoding } from '../../src/io/read-coding.js';
import type { SourceDocument } from '../../src/model/types.js';

const doc = (text: string): SourceDocument => ({ id: 'a.txt', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });

describe('findQuote', () => {
  it('finds an exact quote, every occurrence up to two', () => {
    expect(findQuote('We trust. We trust.', 'We trust.')).toEqual([{ at: 0, length: 9 }, { at: 10, length: 9 }]);
  });

  it('matches a quote that differs in spaces, line breaks, quote marks and dashes, spanning the document\'s own characters', () => {
    const text = 'R: She said \u201cnobody here judges me\u201d \u2013 and she\u00a0came back.\nNext line.';
    const found = findQuote(text, 'She said "nobody here judges me" - and she came back.');
    expect(found).toHaveLength(1);
    expect(text.slice(found[0]!.at, found[0]!.at + found[0]!.length)).toBe('She said \u201cnobody here judges me\u201d \u2013 and she\u00a0came back.');
    const wrapped = findQuote('one two\n  three', 'one two three');
    expect(wrapped).toEqual([{ at: 0, length: 15 }]);
  });

  it('matches across Unicode normalization (a decomposed č against a composed one, both ways)', () => {
    const composed = 'Policija skambina \u010dia retai.';
    const decomposed = 'Policija skambina c\u030cia retai.';
    expect(findQuote(composed, 'c\u030cia retai.')).toEqual([{ at: 18, length: 10 }]);
    const found = findQuote(decomposed, '\u010dia retai.');
    expect(found).toHaveLength(1);
    expect(decomposed.slice(found[0]!.at, found[0]!.at + found[0]!.length)).toBe('c\u030cia retai.');
  });

  it('does not match other words, and treats regular-expression characters literally', () => {
    expect(findQuote('We trust them.', 'We trusted them.')).toEqual([]);
    expect(findQuote('Costs (rent) rose by 5.', 'Costs (rent) rose by 5.')).toHaveLength(1);
    expect(findQuote('Costs rent rose by 5x', 'Costs (rent) rose by 5.')).toEqual([]);
    expect(findQuote('abc', '   ')).toEqual([]);
  });
});

describe('readHumanCoding with quoted text', () => {
  it('reads a spreadsheet\'s coding with capitalised headers and a typographic quote, as code points', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-coding-'));
    const file = path.join(dir, 'coding.csv');
    writeFileSync(file, 'Document,Code,Text,Coder\na.txt,strength,"They say ""we never judge"" - it\'s true.",Ana\n');
    const d = doc('\u{1F600} Intro. They say \u201cwe never judge\u201d \u2014 it\u2019s true. End.');
    const r = await readHumanCoding(file, 'coding.csv', [d], new Set(['strength']));
    expect(r.coder).toBe('Ana');
    // The emoji before the quote is one code point but two UTF-16 units.
    expect(r.codes).toEqual([{ document: 'a.txt', code: 'strength', start: 9, end: 9 + 'They say “we never judge” — it’s true.'.length }]);
  });

  it('still refuses a quote that occurs twice once spaces and quote marks are loosened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-coding-'));
    const file = path.join(dir, 'coding.csv');
    writeFileSync(file, 'document,code,text\na.txt,strength,"we ""help"""\n');
    await expect(readHumanCoding(file, 'coding.csv', [doc('First we \u201chelp\u201d. Then we\u00a0"help".')], new Set(['strength']))).rejects.toThrow(/occurs more than once/);
  });
});
