// Quote ranking: model confidence, then rule-model agreement, distinct terms, agreeing rules, reading order.
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
    expect(q[0]?.strength).toEqual({ confidence: null, agreement: false, terms: 2, rules: 1 });
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

  test('other codes on the same unit do not make it stronger evidence; ties fall in reading order', () => {
    const ev = evidence([
      seg('a.md', 2, 'strength.trust', ['trust']),
      seg('a.md', 1, 'strength.trust', ['trust']),
      seg('c.md', 1, 'strength.trust', ['trust']),
      seg('c.md', 1, 'services.necessary', ['shelter']),
    ]);
    const q = quotesFor(ev, 'strength.trust', 10);
    expect(q.map((x) => `${x.document}:${x.line}`)).toEqual(['a.md:1', 'a.md:2', 'c.md:1']);
  });

  test('a unit a rule coded ranks before units only the model coded, however probable; among those, the more probable first', () => {
    const ev = evidence([
      seg('a.md', 1, 'strength.trust', ['trust', 'believe', 'open'], { method: 'rule' }),
      seg('b.md', 1, 'strength.trust', [], { rule: null, method: 'model', probability: 0.62 }),
      seg('c.md', 1, 'strength.trust', [], { rule: null, method: 'model', probability: 0.91 }),
      seg('d.md', 1, 'strength.trust', ['trust'], { method: 'rule+model', probability: 0.55 }),
    ]);
    const q = quotesFor(ev, 'strength', 10);
    expect(q.map((x) => x.document)).toEqual(['d.md', 'a.md', 'c.md', 'b.md']);
    expect(q[1]?.strength.confidence).toBeNull();
    expect(q[2]?.strength.confidence).toBe(0.91);
  });

  test('manual coding (no rule, no probability) ranks with rule coding, before the model alone', () => {
    const ev = evidence([
      seg('a.md', 1, 'strength.trust', [], { rule: null, method: 'model', probability: 0.99 }),
      seg('b.md', 1, 'strength.trust', [], { rule: null, coder: 'Ona' }),
    ]);
    expect(quotesFor(ev, 'strength', 10).map((x) => x.document)).toEqual(['b.md', 'a.md']);
  });

  test('at equal probability, a unit where rule and model agree ranks before the model alone', () => {
    const ev = evidence([
      seg('a.md', 1, 'strength.trust', [], { rule: null, method: 'model', probability: 0.8 }),
      seg('b.md', 1, 'strength.trust', ['trust'], { method: 'rule+model', probability: 0.8 }),
    ]);
    const q = quotesFor(ev, 'strength', 10);
    expect(q.map((x) => x.document)).toEqual(['b.md', 'a.md']);
    expect(q[0]?.strength.agreement).toBe(true);
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

describe('quotes from a Markdown document', () => {
  test('show emphasis and links inside a sentence as plain words, while the segment keeps the exact slice', async () => {
    const { compileCodebook } = await import('../../src/engine/compile.js');
    const { loadCodebookFile } = await import('../../src/io/load-codebook.js');
    const { codeDocument } = await import('../../src/engine/code.js');
    const text = 'The **funding** is late.\n\nWe _always_ see the [police](https://police.lt) here.\n';
    const book = compileCodebook(await loadCodebookFile('test/cases/small-codebook.yaml'));
    const segments = codeDocument(book, { id: 'notes.md', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });
    expect(segments.map((s) => s.text)).toEqual(['The **funding** is late.', 'We _always_ see the [police](https://police.lt) here.']);
    for (const s of segments) expect([...text].slice(s.start, s.end).join('')).toBe(s.text);
    const ev = evidence(segments.map((s) => ({ ...s, code: 'strength.trust' })));
    expect(quotesFor(ev, 'strength.trust', 5).map((q) => q.text)).toEqual(['The funding is late.', 'We always see the police here.']);
  });
});
