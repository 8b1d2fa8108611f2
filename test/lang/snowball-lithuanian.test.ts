// Conformance of the own Lithuanian Snowball port with the upstream stemmer's 86,109-word reference output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stemLithuanian } from '../../src/lang/snowball-lithuanian.js';

const REFERENCE = new URL('../data/lt-snowball-stems/voc_stem_pairs.tsv', import.meta.url);

function readPairs(): Array<[string, string]> {
  const lines = readFileSync(REFERENCE, 'utf8').split('\n');
  expect(lines[0]).toBe('word\tsnowball_stem');
  const pairs: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const [word, stem] = line.split('\t');
    if (word === undefined || stem === undefined) throw new Error(`bad reference line: ${line}`);
    pairs.push([word, stem]);
  }
  return pairs;
}

describe('stemLithuanian', () => {
  it('reproduces all 86,109 reference Snowball stems', () => {
    const pairs = readPairs();
    expect(pairs).toHaveLength(86_109);
    const mismatches: string[] = [];
    for (const [word, expected] of pairs) {
      const actual = stemLithuanian(word);
      if (actual !== expected) mismatches.push(`${word}: expected ${expected}, got ${actual}`);
    }
    expect(mismatches, `${mismatches.length} of ${pairs.length} stems differ; first: ${mismatches.slice(0, 20).join('; ')}`)
      .toHaveLength(0);
  });

  it.each([
    ['prekyba', 'prekyb'], ['prekybos', 'prekyb'],
    ['aukų', 'auk'], ['aukoms', 'auk'],
    ['policija', 'policij'], ['policijos', 'policij'],
    ['nevyriausybinės', 'nevyriausybin'],
    ["parking'as", 'parking'],
  ])('stems %s to %s', (word, stem) => {
    expect(stemLithuanian(word)).toBe(stem);
  });

  it('rewrites noun endings that look like verb endings before stemming', () => {
    // "lietuvaite" (locative of lietuvaitė) must not lose "-ite" as if it were the verb form "myl-ite".
    expect(stemLithuanian('lietuvaite')).toBe(stemLithuanian('lietuvaitė'));
    expect(stemLithuanian('advokatės')).toBe(stemLithuanian('advokatė'));
  });

  it('leaves words without a vowel-consonant region and the empty string alone', () => {
    expect(stemLithuanian('')).toBe('');
    expect(stemLithuanian('ar')).toBe('ar');
    expect(stemLithuanian('sms')).toBe('sms');
  });
});
