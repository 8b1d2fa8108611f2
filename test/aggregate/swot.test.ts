// The SWOT grid: roll-up counts, sub-themes by frequency, quotes spread over sub-themes, grouping.
import { describe, expect, test } from 'vitest';
import { aggregateSwot } from '../../src/aggregate/study.js';
import { groupEvidence, spreadQuotes, swotGrid } from '../../src/aggregate/swot.js';
import { fixtureCodebook } from '../report/fixtures/study.js';
import { evidence, seg } from './helpers.js';

describe('swotGrid', () => {
  const ev = evidence([
    seg('a.md', 1, 'strength.trust', ['trust']),
    seg('a.md', 2, 'strength.trust', ['trust']),
    seg('b.md', 1, 'strength.practice', ['practice', 'daily']),
    seg('b.md', 2, 'strength', ['good']),
    seg('b.md', 3, 'weakness.practice', ['poor']),
    seg('b.md', 4, 'networking.partner.police', ['police']),
  ]);
  const grid = swotGrid(ev, 3);
  const cell = (q: string) => grid.quadrants.find((c) => c.quadrant === q);

  test('four quadrants in SWOT order, counts rolled up from sub-codes', () => {
    expect(grid.quadrants.map((c) => c.quadrant)).toEqual(['strength', 'weakness', 'opportunity', 'threat']);
    expect(cell('strength')).toMatchObject({ codes: ['strength'], count: 4, documents: 2 });
    expect(cell('weakness')?.count).toBe(1);
    expect(cell('opportunity')).toMatchObject({ count: 0, quotes: [], themes: [] });
    expect(grid.segments).toBe(6);
  });

  test('sub-themes are child codes, most frequent first, the catch-all after them; direct quadrant coding is its own theme, last', () => {
    expect(cell('strength')?.themes.map((t) => [t.code, t.count, t.documents])).toEqual([
      ['strength.trust', 2, 1],
      ['strength.practice', 1, 1],
      ['strength', 1, 1],
    ]);
  });

  test('quadrant quotes take the strongest quote of each sub-theme in turn', () => {
    const quotes = cell('strength')?.quotes ?? [];
    expect(quotes.map((q) => q.codes[0])).toEqual(['strength.trust', 'strength.practice', 'strength']);
  });
});

test('spreadQuotes never repeats a unit and stops at top', () => {
  const ev = evidence([seg('a.md', 1, 'strength.trust', ['x']), seg('a.md', 1, 'strength.practice', ['y']), seg('a.md', 2, 'strength.practice', ['y'])]);
  const trust = swotGrid(ev, 5).quadrants[0]?.themes.map((t) => t.quotes) ?? [];
  const spread = spreadQuotes(trust, 5);
  expect(spread.map((q) => q.unit)).toEqual(['sentence:1', 'sentence:2']);
  expect(spreadQuotes(trust, 1)).toHaveLength(1);
});

test('groupEvidence: one group per attribute value, documents without it last', () => {
  const ev = evidence(
    [seg('a.md', 1, 'strength.trust'), seg('b.md', 1, 'weakness.practice'), seg('c.md', 1, 'threat.funding')],
    [
      { id: 'a.md', attributes: { organization: 'zeta' } },
      { id: 'b.md', attributes: { organization: 'alpha' } },
      { id: 'c.md', attributes: {} },
    ],
  );
  const groups = groupEvidence(ev, 'organization');
  expect(groups.map((g) => g.key.value)).toEqual(['alpha', 'zeta', null]);
  expect(groups.map((g) => g.evidence.segments.length)).toEqual([1, 1, 1]);
});

test('aggregateSwot: overall plus one grid per group only when --by is given', () => {
  const input = { codebook: fixtureCodebook('en'), segments: [seg('a.md', 1, 'strength.trust')], documents: [{ id: 'a.md', attributes: { role: 'director' } }] };
  expect(aggregateSwot(input).groups).toEqual([]);
  const by = aggregateSwot(input, { by: 'role' });
  expect(by.groups.map((g) => g.group)).toEqual([{ attribute: 'role', value: 'director' }]);
});
