// The lemma conflation figures: a small hand-checked table, and the real treebank file end to end.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stemmers } from '../../src/lang/stemmers.js';
import { measureConflation, parseFormLemmaPairs, run } from '../../src/tools/lemma-conflation.js';

const TREEBANK = fileURLToPath(new URL('../data/lt-alksnis-treebank/form_lemma_pairs.tsv', import.meta.url));

describe('measureConflation', () => {
  // Identity-with-a-twist stemmer: drops a final "s", so it conflates "cats"/"cat" and over-stems "bus"/"bu".
  const dropS = (word: string): string => word.replace(/s$/, '');
  const pairs = parseFormLemmaPairs(
    'form\tlemma\tupos\tcount\nCats\tcat\tNOUN\t3\ncat\tcat\tNOUN\t1\nbus\tbus\tNOUN\t2\nbu\tbu\tINTJ\t1\ngeese\tgoose\tNOUN\t1\n',
    'memory.tsv',
  );

  it('lowercases and counts pairs and tokens', () => {
    expect(pairs[0]).toEqual({ form: 'cats', lemma: 'cat', upos: 'NOUN', count: 3 });
    const figures = measureConflation(pairs, dropS);
    expect(figures).toMatchObject({ pairs: 5, tokens: 8, lemmas: 4, identicalPairs: 3, identicalTokens: 4 });
  });

  it('measures conflation, single-stem lemmas and over-stemming', () => {
    const figures = measureConflation(pairs, dropS);
    expect(figures).toMatchObject({
      conflatedPairs: 4, // all but geese/goose
      conflatedTokens: 7,
      multiFormLemmas: 1, // cat: cats, cat
      singleStemLemmas: 1,
      sharedLemmaStems: 1, // "bu" holds bus and bu
      lemmasOnSharedLemmaStems: 2,
      mixedFormStems: 1,
      lemmasOnMixedFormStems: 2,
      ambiguousForms: 0,
    });
    expect(figures.collisionExamples).toEqual([{ stem: 'bu', lemmas: ['bu', 'bus'] }]);
  });

  it('rejects a file without the expected header', () => {
    expect(() => parseFormLemmaPairs('word\tstem\n', 'x.tsv')).toThrow(/x\.tsv:1/);
  });
});

describe('lemma-conflation tool on the ALKSNIS treebank', () => {
  it('prints the figures for the Lithuanian stemmer', () => {
    let out = '';
    let err = '';
    const status = run([TREEBANK], (s) => { out += s; }, (s) => { err += s; });
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toContain('pairs (unique form, lemma, upos): 7904;');
    const rate = /stem\(form\) = stem\(lemma\): \d+\/7904 pairs = ([\d.]+) %/.exec(out);
    // Stemming must conflate far more forms with their lemma than the no-stemming baseline (21.8 %).
    expect(Number(rate?.[1])).toBeGreaterThan(80);
  });

  it('gives the same output twice and differs from the English stemmer', () => {
    const capture = (argv: string[]): string => { let out = ''; run(argv, (s) => { out += s; }, () => {}); return out; };
    const lt = capture([TREEBANK]);
    expect(capture(['--lang', 'lt', TREEBANK])).toBe(lt);
    expect(capture(['--lang', 'en', TREEBANK])).not.toBe(lt);
    expect(stemmers.lt('ministerijos')).toBe(stemmers.lt('ministerija'));
  });

  it('reports usage errors with status 2', () => {
    expect(run([], () => {}, () => {})).toBe(2);
    expect(run(['--lang', 'xx', TREEBANK], () => {}, () => {})).toBe(2);
  });
});
