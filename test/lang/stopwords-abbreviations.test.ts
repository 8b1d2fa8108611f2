// Sanity of the stop word and abbreviation lists: each language has its own words, well formed.
import { describe, expect, it } from 'vitest';
import { abbreviations } from '../../src/lang/abbreviations.js';
import { stopwords } from '../../src/lang/stopwords.js';

const LANGUAGES = ['en', 'lt'] as const;

describe('stopwords', () => {
  it.each([
    ['en', ['the', 'a', 'and', 'of', 'is', 'not', 'they', 'which', 'with']],
    ['lt', ['ir', 'bet', 'kad', 'tai', 'jis', 'ji', 'jie', 'mes', 'jūs', 'aš', 'į', 'iš', 'su', 'be', 'ar', 'o', 'nes', 'kaip', 'kur', 'yra']],
  ] as const)('%s holds its common function words', (lang, words) => {
    for (const word of words) expect(stopwords[lang].has(word), word).toBe(true);
  });

  it('keeps the languages apart', () => {
    for (const word of ['the', 'and', 'of', 'is']) expect(stopwords.lt.has(word), word).toBe(false);
    for (const word of ['ir', 'kad', 'į', 'aš', 'jūs', 'yra']) expect(stopwords.en.has(word), word).toBe(false);
  });

  it('does not swallow content words', () => {
    for (const word of ['police', 'victim', 'collaboration', 'project']) expect(stopwords.en.has(word), word).toBe(false);
    for (const word of ['policija', 'auka', 'bendradarbiavimas', 'projektas']) expect(stopwords.lt.has(word), word).toBe(false);
  });

  it.each(LANGUAGES)('%s has 100-300 lowercased single NFC words', (lang) => {
    const words = [...stopwords[lang]];
    expect(words.length).toBeGreaterThanOrEqual(100);
    expect(words.length).toBeLessThanOrEqual(300);
    for (const word of words) {
      expect(word).toMatch(/^[\p{Ll}']+$/u);
      expect(word.normalize('NFC')).toBe(word);
    }
  });
});

describe('abbreviations', () => {
  it.each([
    ['en', ['e.g.', 'i.e.', 'dr.', 'mr.', 'mrs.', 'ms.', 'prof.', 'no.', 'nos.', 'etc.', 'vs.', 'approx.', 'st.', 'jr.', 'fig.', 'cf.', 'a.m.', 'p.m.']],
    ['lt', ['pvz.', 't. y.', 't.y.', 'kt.', 'val.', 'proc.', 'tūkst.', 'mln.', 'mlrd.', 'gim.', 'g.', 'm.', 'd.', 'nr.', 'str.', 'p.', 'doc.', 'prof.', 'dr.', 'vyr.', 'psl.', 'red.', 'sk.', 'žr.', 'pan.', 'ir kt.', 'ir pan.']],
  ] as const)('%s holds the expected abbreviations', (lang, expected) => {
    for (const abbreviation of expected) expect(abbreviations[lang], abbreviation).toContain(abbreviation);
  });

  it('keeps the languages apart', () => {
    for (const abbreviation of ['e.g.', 'i.e.', 'mrs.', 'a.m.']) expect(abbreviations.lt).not.toContain(abbreviation);
    for (const abbreviation of ['pvz.', 't. y.', 'tūkst.', 'žr.', 'ir kt.']) expect(abbreviations.en).not.toContain(abbreviation);
  });

  it.each(LANGUAGES)('%s entries are lowercased, end with a dot, use single inner spaces and are unique', (lang) => {
    const list = abbreviations[lang];
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(new Set(list).size).toBe(list.length);
    for (const abbreviation of list) {
      expect(abbreviation).toBe(abbreviation.toLowerCase());
      expect(abbreviation).toMatch(/^\p{L}+\.?(?: ?\p{L}+\.?)*$/u);
      expect(abbreviation.endsWith('.'), abbreviation).toBe(true);
    }
  });
});
