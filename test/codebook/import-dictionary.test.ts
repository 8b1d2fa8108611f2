// Dictionaries from other tools (LIWC .dic, quanteda YAML, WordStat .cat) become codebooks that validate and code text as the dictionary would.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dictionaryToCodebook, readLiwc, readWordStat, readYamlDictionary, termOfPattern, type Dictionary } from '../../src/codebook/import-dictionary.js';
import { parseCodebook } from '../../src/codebook/load.js';
import { CodebookSet } from '../../src/engine/code-many.js';
import type { SourceDocument } from '../../src/model/types.js';
import { segmentText } from '../../src/text/segment.js';

const LIWC = [
  '%',
  '1\tposemo\t(Positive emotion)',
  '2\tnegemo',
  '3\tsocial',
  '%',
  'happy\t1',
  'good*\t1',
  'trust*\t1\t3',
  'bad\t2',
  'problem*\t2',
  'kind of\t1',
  '*less\t2',
  'police\t3',
  'family\t3',
  ':)\t1',
  'like\t1\t(02 134)125/464',
  '',
].join('\n');

const TEXT = [
  'Interviewer: Are you happy with the police?',
  '',
  'R1: We are not happy. It was no problem, honestly. The police are kind of helpful.',
  '',
  'R1: Goodness, the family trusts us. Hopeless cases are bad. Nothing here matches.',
  '',
].join('\n');

/** What a dictionary counts: per sentence, the categories one of whose patterns matches a word (or consecutive words). */
function referenceCoding(categories: Record<string, string[]>, text: string): string[][] {
  const units = segmentText(text, 0).sentence;
  return units.map((u) => {
    const words = (text.slice(u.start, u.end).match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu) ?? []).map((w) => w.toLowerCase());
    const hits: string[] = [];
    for (const [category, patterns] of Object.entries(categories)) {
      const matches = patterns.some((p) => {
        const parts = p.split(' ').map((w) => new RegExp(`^${w.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u'));
        return words.some((_, i) => parts.every((re, k) => words[i + k] !== undefined && re.test(words[i + k]!)));
      });
      if (matches) hits.push(category);
    }
    return hits.sort();
  });
}

function codeWith(dictionary: Dictionary, text: string): { book: ReturnType<typeof parseCodebook>; perUnit: string[][] } {
  const { spec } = dictionaryToCodebook(dictionary, { name: 'test dictionary', language: 'en', source: 'test' });
  const book = parseCodebook(stringify(spec), 'imported.yaml');
  const doc: SourceDocument = { id: 'a.md', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 };
  const segments = new CodebookSet([book]).code([doc]);
  const count = segmentText(text, 0).sentence.length;
  const perUnit: string[][] = Array.from({ length: count }, () => []);
  for (const s of segments) {
    const i = Number(s.unit.split(':')[1]) - 1;
    if (!perUnit[i]!.includes(s.code)) perUnit[i]!.push(s.code);
  }
  return { book, perUnit: perUnit.map((u) => u.sort()) };
}

describe('LIWC .dic', () => {
  it('becomes a codebook that validates and codes every sentence with the categories the dictionary finds in it, negated words and interviewer turns included', () => {
    const dictionary = readLiwc(LIWC, 'test.dic');
    const { book, perUnit } = codeWith(dictionary, TEXT);
    expect(book.codes.map((c) => c.id)).toEqual(['posemo', 'negemo', 'social']);
    expect(book.byId.get('posemo')!.definition).toMatch(/Positive emotion/);
    const reference = referenceCoding({
      posemo: ['happy', 'good*', 'trust*', 'kind of', 'like'],
      negemo: ['bad', 'problem*', '*less'],
      social: ['trust*', 'police', 'family'],
    }, TEXT);
    expect(perUnit).toEqual(reference);
    // The cases that differ from qeval's own defaults: negation, "no problem", the interviewer's turn.
    expect(reference[0]).toEqual(['posemo', 'social']);
    expect(reference[1]).toEqual(['posemo']);
    expect(reference[2]).toEqual(['negemo']);
  });

  it('notes what it cannot carry over, each with its line', () => {
    const dictionary = readLiwc(LIWC, 'test.dic');
    const { notes } = dictionaryToCodebook(dictionary, { name: 't', language: 'en', source: 'test' });
    expect(notes.map((n) => [n.place.line, n.message])).toEqual([
      [15, expect.stringMatching(/entry ":\)" of "posemo" has no letters or digits/)],
      [16, expect.stringMatching(/conditional category assignment "\(02 134\)125\/464"/)],
    ]);
  });

  it('rejects a file without the % category header, pointing at the line', () => {
    expect(() => readLiwc('happy 1\n', 'x.dic')).toThrow(expect.objectContaining({ code: 'LIWC_HEADER', place: { file: 'x.dic', line: 1, column: 1 } }));
    expect(() => readLiwc('%\n1 posemo\nhappy 1\n', 'x.dic')).toThrow(expect.objectContaining({ code: 'LIWC_HEADER' }));
    expect(() => readLiwc('%\n1 a\n1 b\n%\n', 'x.dic')).toThrow(expect.objectContaining({ code: 'LIWC_CATEGORY', place: { file: 'x.dic', line: 3, column: 1 } }));
  });

  it('reads space-separated entries, multi-word ones included', () => {
    const d = readLiwc('%\n1 a\n2 b\n%\nkind of 1 2\nx 2\n', 'x.dic');
    expect(d.categories.map((c) => c.entries.map((e) => e.pattern))).toEqual([['kind of'], ['kind of', 'x']]);
  });
});

describe('quanteda / YAML dictionaries', () => {
  const YAML = 'economy:\n  - tax*\n  - "unemployment rate"\npolitics:\n  domestic: [election*, parliament]\n  foreign:\n    - war\n    - wom?n\nŠeima ir vaikai:\n  - šeim*\n';
  it('nest keys as sub-codes, keep globs (? as a regex rule) and phrases, and code as the dictionary would', () => {
    const dictionary = readYamlDictionary(YAML, 'd.yml');
    const text = 'Taxes went up and the unemployment rate too. The elections in parliament. War, women and a woman. Šeimos. Womxn? Wombats! Women.';
    const { book, perUnit } = codeWith(dictionary, text);
    expect(book.codes.map((c) => c.id)).toEqual(['economy', 'politics', 'politics.domestic', 'politics.foreign', 'seima-ir-vaikai']);
    expect(book.byId.get('seima-ir-vaikai')!.label).toBe('Šeima ir vaikai');
    expect(perUnit).toEqual(referenceCoding({ economy: ['tax*', 'unemployment rate'], 'politics.domestic': ['election*', 'parliament'], 'politics.foreign': ['war', 'wom?n'], 'seima-ir-vaikai': ['šeim*'] }, text));
  });
  it('notes a "?" glob carried as a regex rule, with its line and column', () => {
    const { spec, notes } = dictionaryToCodebook(readYamlDictionary(YAML, 'd.yml'), { name: 't', language: 'en', source: 'test' });
    expect(notes).toEqual([{ place: { file: 'd.yml', line: 8, column: 7 }, message: expect.stringMatching(/"wom\?n" of "foreign" uses "\?" .*carried as a regex rule/) }]);
    expect(spec.codes[1]!.codes![1]!.rules).toEqual([{ any: ['war'] }, { regex: expect.stringContaining('wom[') }]);
  });
  it('rejects invalid YAML and a top level that is not a map', () => {
    expect(() => readYamlDictionary('a: [b\n', 'd.yml')).toThrow(expect.objectContaining({ code: 'DICTIONARY_YAML' }));
    expect(() => readYamlDictionary('- a\n- b\n', 'd.yml')).toThrow(expect.objectContaining({ code: 'DICTIONARY_YAML', place: { file: 'd.yml', line: 1, column: 1 } }));
  });
});

describe('WordStat .cat', () => {
  it('nests categories by indentation, joins underscored phrases and notes weights', () => {
    const cat = 'ECONOMY\n\tTAX* (1)\n\tUNEMPLOYMENT_RATE (1)\nPOLITICS\n\tDOMESTIC\n\t\tELECTION* (1)\n\tFOREIGN\n\t\tWAR (2)\n';
    const dictionary = readWordStat(cat, 'w.cat');
    const { spec, notes } = dictionaryToCodebook(dictionary, { name: 'w', language: 'en', source: 'test' });
    const book = parseCodebook(stringify(spec), 'w.yaml');
    expect(book.codes.map((c) => [c.id, c.rules[0]?.any])).toEqual([
      ['economy', ['tax*', 'unemployment rate']],
      ['politics', undefined],
      ['politics.domestic', ['election*']],
      ['politics.foreign', ['war']],
    ]);
    expect(notes).toEqual([{ place: { file: 'w.cat', line: 8, column: 1 }, message: expect.stringMatching(/weight 2/) }]);
    expect(() => readWordStat('\tTAX (1)\n', 'w.cat')).toThrow(expect.objectContaining({ code: 'WORDSTAT_ENTRY', place: { file: 'w.cat', line: 1, column: 1 } }));
  });
});

describe('patterns as terms', () => {
  it.each([
    ['Abandon*', { term: 'abandon*' }],
    ['*ness', { term: '*ness' }],
    ['kind  of', { term: 'kind of' }],
    ['self-esteem', { term: 'self esteem' }],
    ['a*b*c', { problem: expect.stringMatching(/more than one place/) }],
    ['wom?n', { regex: "(?:^|[^\\p{L}\\p{M}\\p{N}'’])wom[\\p{L}\\p{M}\\p{N}'’]n(?:[^\\p{L}\\p{M}\\p{N}'’]|$)" }],
    ['@home', { problem: expect.stringMatching(/lexicon/) }],
    ['(:', { problem: expect.stringMatching(/no letters/) }],
  ])('%s', (pattern, expected) => {
    expect(termOfPattern(pattern)).toEqual(expected);
  });
});
