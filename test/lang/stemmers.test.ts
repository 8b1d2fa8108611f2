// The stemmer registry: language lookup and the English Porter stemmer's conflation of related forms.
import { describe, expect, it } from 'vitest';
import { stemLithuanian } from '../../src/lang/snowball-lithuanian.js';
import { getStemmer, stemLanguages, stemmers } from '../../src/lang/stemmers.js';

describe('stemmer registry', () => {
  it('lists exactly the languages it can stem, sorted', () => {
    expect(stemLanguages).toEqual(['en', 'lt']);
    expect(Object.keys(stemmers).sort()).toEqual(stemLanguages);
  });

  it('finds a stemmer per code and nothing for unknown codes or Object prototype names', () => {
    expect(getStemmer('en')).toBe(stemmers.en);
    expect(getStemmer('lt')).toBe(stemmers.lt);
    for (const code of ['xx', '', 'EN', 'toString', 'constructor', '__proto__']) expect(getStemmer(code)).toBeUndefined();
  });

  it('conflates English derivations with Porter', () => {
    const en = stemmers.en;
    const stems = ['collaborate', 'collaboration', 'collaborating', 'collaborated', 'collaborative'].map(en);
    expect(new Set(stems)).toEqual(new Set(['collabor']));
    expect(en('victims')).toBe(en('victim'));
    expect(en('organizations')).toBe(en('organization'));
    expect(en('trafficking')).toBe('traffick');
    expect(en('evaluation')).toBe(en('evaluating'));
  });

  it('keeps English words of different meaning apart', () => {
    const en = stemmers.en;
    expect(en('police')).not.toBe(en('policy'));
    expect(en('victim')).not.toBe(en('victory'));
  });

  it('gives the same stem on repeated (cached) calls', () => {
    const first = ['networking', 'networks', 'networked'].map(stemmers.en);
    const again = ['networking', 'networks', 'networked'].map(stemmers.en);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(1);
  });

  it('uses the Lithuanian Snowball stemmer for lt', () => {
    expect(stemmers.lt).toBe(stemLithuanian);
    expect(['prekyba', 'prekybos', 'prekybai', 'prekybą'].map(stemmers.lt)).toEqual(['prekyb', 'prekyb', 'prekyb', 'prekyb']);
    expect(stemmers.lt('bendradarbiavimas')).toBe(stemmers.lt('bendradarbiavimo'));
  });
});
