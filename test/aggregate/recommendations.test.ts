// Recommendations from codebook rules: triggered by presence and by absence, each with its evidence.
import { describe, expect, test } from 'vitest';
import { evaluateCondition, evaluateRecommendations } from '../../src/aggregate/recommendations.js';
import { aggregateStudy } from '../../src/aggregate/study.js';
import { fixtureInput } from '../report/fixtures/study.js';
import { evidence, seg } from './helpers.js';

describe('evaluateCondition', () => {
  const ev = evidence([seg('a.md', 1, 'networking.partner.police', ['police']), seg('a.md', 2, 'networking.partner.ngo', ['ngo'])]);

  test('presence: min, counting sub-codes', () => {
    expect(evaluateCondition(ev, { code: 'networking.partner', min: 2 }, 3)).toMatchObject({ kind: 'presence', count: 2, holds: true });
    expect(evaluateCondition(ev, { code: 'networking.partner', min: 3 }, 3)).toMatchObject({ holds: false });
    expect(evaluateCondition(ev, { code: 'networking.partner', min: 2 }, 3).quotes).toHaveLength(2);
  });

  test('absence: max 0 holds only when nothing is coded', () => {
    expect(evaluateCondition(ev, { code: 'networking.partner.municipality', max: 0 }, 3)).toMatchObject({ kind: 'absence', count: 0, holds: true, quotes: [] });
    expect(evaluateCondition(ev, { code: 'networking.partner.police', max: 0 }, 3)).toMatchObject({ kind: 'absence', count: 1, holds: false });
  });

  test('range, and a bare condition meaning "at least one"', () => {
    expect(evaluateCondition(ev, { code: 'networking', min: 1, max: 1 }, 3)).toMatchObject({ kind: 'range', count: 2, holds: false });
    expect(evaluateCondition(ev, { code: 'networking.partner.ngo' }, 3)).toMatchObject({ kind: 'presence', holds: true });
    expect(evaluateCondition(ev, { code: 'barriers' }, 3)).toMatchObject({ holds: false });
  });
});

test('all conditions must hold; every rule is reported, in codebook order', () => {
  const ev = evidence([seg('a.md', 1, 'threat.funding', ['funding'])]);
  const rules = [
    { id: 'both', when: [{ code: 'threat.funding', min: 1 }, { code: 'opportunity.funding', max: 0 }], text: 'Both.' },
    { id: 'fails', when: [{ code: 'threat.funding', min: 1 }, { code: 'strength', min: 1 }], text: 'Fails.' },
  ];
  const result = evaluateRecommendations(ev, rules, 3);
  expect(result.map((r) => [r.id, r.triggered])).toEqual([['both', true], ['fails', false]]);
  expect(result[0]?.conditions.map((c) => [c.code, c.holds, c.quotes.length])).toEqual([['threat.funding', true, 1], ['opportunity.funding', true, 0]]);
});

test('in the fixture study: alpha is triggered by presence, beta by absence', () => {
  const { organizations, summary } = aggregateStudy(fixtureInput('en'));
  const triggered = (id: string) => organizations.find((o) => o.organization === id)?.recommendations.filter((r) => r.triggered).map((r) => r.id);
  expect(triggered('alpha')).toEqual(['formalize-networking', 'sustain-funding']);
  expect(triggered('beta')).toEqual(['engage-police']);
  const beta = organizations.find((o) => o.organization === 'beta');
  expect(beta?.recommendations.find((r) => r.id === 'engage-police')?.conditions[0]).toMatchObject({ kind: 'absence', count: 0, holds: true });
  expect(summary.recommendations.map((r) => [r.id, r.organizations])).toEqual([
    ['formalize-networking', ['alpha']],
    ['engage-police', ['beta']],
    ['sustain-funding', ['alpha']],
  ]);
});
