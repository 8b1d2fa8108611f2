// Quote ranking: distinct terms, then agreeing rules, then codes on the unit, then reading order.
import { describe, expect, test } from 'vitest';
import { quotesFor, rankQuotes } from '../../src/aggregate/quotes.js';
import { evidence, seg } from './helpers.js';

describe('rankQuotes', () => {
  test('more distinct matched terms rank first; case does not make a term distinct', () => {
    const ev = evidence([
      seg('a.md', 1, 'strength.trust', ['trust']),
      seg('a.md', 2, 'strength.trust', ['Trust', 'trust', 'TRUST']),
      seg('b.md', 1, 'strength.trust', ['trust', 'confidential']),
    ]);
    const q = quotesFor(ev, 'strength.trust', 10);
    expect(q.map((x) => `${x.document}:${x.line}`)).toEqual(['b.md:1', 'a.md:1', 'a.md:2']);
    expect(q[0]?.strength).toEqual({ terms: 2, rules: 1, codes: 1 });
    expect(q[2]?.strength.terms).toBe(1);
  });

  test('on equal terms, more rules of the code agreeing on the unit rank first', () => {
    const ev = evidence([
      seg('a.md', 1, 'strength.trust', ['trust']),
      seg('b.md', 1, 'strength.trust', ['trust'], { rule: 'strength.trust#1' }),
      seg('b.md', 1, 'strength.trust', ['trust'], { rule: 'strength.trust#2' }),
    ]);
    const q = quotesFor(ev, 'strength.trust', 10);
    expect(q.map((x) => x.document)).toEqual(['b.md', 'a.md']);
    expect(q[0]?.strength.rules).toBe(2);
  });

  test('then more codes on the same unit, then document and offset order', () => {
    const ev = evidence([
      seg('a.md', 2, 'strength.trust', ['trust']),
      seg('a.md', 1, 'strength.trust', ['trust']),
      seg('c.md', 1, 'strength.trust', ['trust']),
      seg('c.md', 1, 'services.necessary', ['shelter']),
    ]);
    const q = quotesFor(ev, 'strength.trust', 10);
    expect(q.map((x) => `${x.document}:${x.line}`)).toEqual(['c.md:1', 'a.md:1', 'a.md:2']);
    expect(q[0]?.strength.codes).toBe(2);
  });

  test('a unit is quoted once per code even when several sub-codes coded it', () => {
    const ev = evidence([seg('a.md', 1, 'strength.trust', ['trust']), seg('a.md', 1, 'strength.practice', ['practice'])]);
    const q = quotesFor(ev, 'strength', 10);
    expect(q).toHaveLength(1);
    expect(q[0]?.codes).toEqual(['strength.trust', 'strength.practice']);
    expect(q[0]?.strength.terms).toBe(2);
  });

  test('top limits the list; the order does not depend on input order', () => {
    const segments = [1, 2, 3, 4, 5].map((n) => seg('a.md', n, 'strength.trust', Array.from({ length: n % 3 }, (_, i) => `w${i}`)));
    const ev1 = evidence(segments);
    const ev2 = evidence([...segments].reverse());
    expect(rankQuotes(ev1, ev1.segments, 2)).toEqual(rankQuotes(ev2, ev2.segments, 2));
    expect(rankQuotes(ev1, ev1.segments, 2)).toHaveLength(2);
  });

  test('a quote carries its citation: document, line, speaker and the role attribute', () => {
    const ev = evidence([seg('a.md', 7, 'strength.trust', ['trust'], { speaker: 'Rasa' })], [{ id: 'a.md', attributes: { role: 'director' } }]);
    const [q] = quotesFor(ev, 'strength', 1);
    expect(q).toMatchObject({ document: 'a.md', line: 7, speaker: 'Rasa', role: 'director', unit: 'sentence:7' });
  });
});
