// The report sections' reducers: contradictions, networking, attitudes, services, barriers, matrix, network.
import { describe, expect, test } from 'vitest';
import { attitudesSection } from '../../src/aggregate/attitudes.js';
import { attitudeContradictions, negationContradictions, networkingContradictions, oppositeQuadrantContradictions } from '../../src/aggregate/contradictions.js';
import { DEFAULT_THEMES, isOwnType } from '../../src/aggregate/evidence.js';
import { codeMatrix, frequencies } from '../../src/aggregate/matrix.js';
import { collaborationNetwork } from '../../src/aggregate/network.js';
import { characterOf, networkingSection } from '../../src/aggregate/networking.js';
import { barriersSection, servicesSection } from '../../src/aggregate/services.js';
import { aggregateStudy } from '../../src/aggregate/study.js';
import { fixtureInput } from '../report/fixtures/study.js';
import { evidence, seg } from './helpers.js';

const T = DEFAULT_THEMES;

describe('contradictions', () => {
  test('strength.X and weakness.X of the same scope are shown side by side', () => {
    const ev = evidence([seg('a.md', 1, 'strength.practice', ['good']), seg('a.md', 2, 'weakness.practice', ['poor']), seg('a.md', 3, 'strength.trust')]);
    const found = oppositeQuadrantContradictions(ev, 3);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'opposite-quadrants', topic: 'practice' });
    expect(found[0]?.sides.map((s) => [s.code, s.count, s.quotes.length])).toEqual([['strength.practice', 1, 1], ['weakness.practice', 1, 1]]);
  });

  test('opportunity.X and threat.X count too; one side alone is no contradiction', () => {
    expect(oppositeQuadrantContradictions(evidence([seg('a.md', 1, 'opportunity.funding'), seg('a.md', 2, 'threat.funding')]), 3).map((c) => c.topic)).toEqual(['funding']);
    expect(oppositeQuadrantContradictions(evidence([seg('a.md', 1, 'threat.funding')]), 3)).toEqual([]);
  });

  test('a code affirmed and also denied (negated match re-routed) is a contradiction', () => {
    const ev = evidence([seg('a.md', 1, 'strength.trust', ['trust']), seg('a.md', 2, 'weakness.practice', ['trust'], { negated_from: 'strength.trust' })]);
    const [c] = negationContradictions(ev, 3);
    expect(c).toMatchObject({ kind: 'negation', topic: 'strength.trust' });
    expect(c?.sides.map((s) => s.code)).toEqual(['strength.trust', 'weakness.practice']);
    expect(c?.sides[1].quotes[0]?.negatedFrom).toBe('strength.trust');
    expect(negationContradictions(evidence([seg('a.md', 2, 'weakness.practice', [], { negated_from: 'strength.trust' })]), 3)).toEqual([]);
  });

  test('the same partner described as systematic and as accidental', () => {
    const ev = evidence([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.systematic'),
      seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.accidental'),
      seg('a.md', 3, 'networking.partner.ngo'), seg('a.md', 3, 'networking.systematic'),
    ]);
    const found = networkingContradictions(ev, T, 3);
    expect(found.map((c) => [c.kind, c.topic])).toEqual([['networking-character', 'networking.partner.police']]);
  });

  test('systematic and accidental without a shared partner still show, on the networking topic', () => {
    const ev = evidence([seg('a.md', 1, 'networking.systematic'), seg('a.md', 2, 'networking.accidental')]);
    expect(networkingContradictions(ev, T, 3).map((c) => c.topic)).toEqual(['networking']);
  });

  test('the same holder with a stereotype and a supportive attitude', () => {
    const ev = evidence([
      seg('a.md', 1, 'attitudes.stereotype'), seg('a.md', 1, 'attitudes.holder.police'),
      seg('a.md', 2, 'attitudes.supportive'), seg('a.md', 2, 'attitudes.holder.police'),
      seg('a.md', 3, 'attitudes.supportive'), seg('a.md', 3, 'attitudes.holder.community'),
    ]);
    expect(attitudeContradictions(ev, T, 3).map((c) => c.topic)).toEqual(['attitudes.holder.police']);
  });
});

describe('networking', () => {
  test('character per partner from codes on the same unit', () => {
    expect([characterOf(1, 1, 0), characterOf(1, 0, 1), characterOf(0, 2, 0), characterOf(0, 2, 1), characterOf(0, 0, 1), characterOf(0, 0, 0)]).toEqual(['mixed', 'mixed', 'accidental', 'accidental', 'absent', 'unspecified']);
    const ev = evidence([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.accidental'),
      seg('a.md', 2, 'networking.partner.police'),
      seg('a.md', 3, 'networking.partner.ngo'), seg('a.md', 3, 'networking.systematic'),
      seg('a.md', 4, 'networking.partner.ngo'), seg('a.md', 5, 'networking.partner.ngo'),
    ]);
    const net = networkingSection(ev, T, 3, null);
    expect(net.partners.map((p) => [p.code, p.count, p.systematic, p.accidental, p.character])).toEqual([
      ['networking.partner.ngo', 3, 1, 0, 'systematic'],
      ['networking.partner.police', 2, 0, 1, 'accidental'],
    ]);
    expect(net.systematic.count).toBe(1);
    expect(net.accidental.quotes).toHaveLength(1);
  });

  test('"no contact" said in other statements than an agreement makes the tie mixed; said beside another character in one unit, it does not count', () => {
    const ev = evidence([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.systematic'),
      seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.absent'),
      seg('a.md', 3, 'networking.partner.police'), seg('a.md', 3, 'networking.absent'),
      // "No contact with the municipality, except through other NGOs we happen to know": the NGO tie is accidental, not missing.
      seg('a.md', 4, 'networking.partner.ngo'), seg('a.md', 4, 'networking.partner.municipality'), seg('a.md', 4, 'networking.accidental'), seg('a.md', 4, 'networking.absent'),
    ]);
    const net = networkingSection(ev, T, 3, null);
    expect(net.partners.map((p) => [p.code, p.systematic, p.accidental, p.absent, p.character])).toEqual([
      ['networking.partner.police', 1, 0, 2, 'mixed'],
      ['networking.partner.municipality', 0, 1, 0, 'accidental'],
      ['networking.partner.ngo', 0, 1, 0, 'accidental'],
    ]);
  });

  test('gaps: an expected partner never mentioned, or mentioned only as missing', () => {
    const ev = evidence([seg('a.md', 1, 'networking.partner.municipality'), seg('a.md', 1, 'networking.absent')]);
    const net = networkingSection(ev, T, 3, 'ngo');
    expect(net.gaps.map((g) => [g.code, g.reason, g.quotes.length])).toEqual([
      ['networking.partner.police', 'no-evidence', 0],
      ['networking.partner.municipality', 'absence-only', 1],
    ]);
  });

  test('an organization is not told it lacks a partner of its own type', () => {
    const net = networkingSection(evidence([]), T, 3, 'police');
    expect(net.gaps.map((g) => g.code)).toEqual(['networking.partner.municipality']);
  });

  test('an organization is not its own partner: its own type leaves the partner list and the partner contradictions', () => {
    const ev = evidence([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.systematic'),
      seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.accidental'),
      seg('a.md', 3, 'networking.partner.municipality'), seg('a.md', 3, 'networking.systematic'),
      seg('a.md', 4, 'networking.partner.ngo'),
    ]);
    const police = networkingSection(ev, T, 3, 'police');
    expect(police.partners.map((p) => p.code)).toEqual(['networking.partner.municipality', 'networking.partner.ngo']);
    expect(police.gaps).toEqual([]);
    // Systematic and accidental both remain coded, so the contradiction stays, but not on the police as a partner.
    expect(police.contradictions.map((c) => c.topic)).toEqual(['networking']);
    // "Other NGOs" are an NGO's partners, not itself.
    expect(networkingSection(ev, T, 3, 'ngo').partners).toHaveLength(3);
    expect(networkingSection(ev, T, 3, 'Municipality').partners.map((p) => p.code)).toEqual(['networking.partner.police', 'networking.partner.ngo']);
    // Unlike their own types, other types of organization keep every partner.
    expect(networkingSection(ev, T, 3, 'shelter').partners).toHaveLength(3);
    expect(networkingContradictions(ev, T, 3).map((c) => c.topic)).toEqual(['networking.partner.police']);
  });

  test('the own-type mapping: org_type police, municipality, ministry; never ngo or international', () => {
    expect(['police', 'municipality', 'ministry', 'ngo', 'international'].map((t) => isOwnType(`networking.partner.${t}`, t))).toEqual([true, true, true, false, false]);
    expect(isOwnType('networking.partner.police', 'municipality')).toBe(false);
    expect(isOwnType('networking.partner.police', null)).toBe(false);
    expect(isOwnType('networking.partner.police', ' ')).toBe(false);
  });
});

test('attitudes: by holder in the same unit, unidentified holder last, stereotype first', () => {
  const ev = evidence([
    seg('a.md', 1, 'attitudes.stereotype'), seg('a.md', 1, 'attitudes.holder.police'),
    seg('a.md', 2, 'attitudes.stereotype'), seg('a.md', 2, 'attitudes.holder.police'), seg('a.md', 2, 'attitudes.holder.community'),
    seg('a.md', 3, 'attitudes.supportive'),
    seg('b.md', 1, 'attitudes.stereotype'), seg('b.md', 1, 'attitudes.holder.police'),
  ]);
  const att = attitudesSection(ev, T, 3);
  expect(att.valences).toEqual(['attitudes.stereotype', 'attitudes.supportive']);
  expect(att.total).toBe(4);
  expect(att.holders.map((h) => [h.holder, h.valences.map((v) => v.count), h.total])).toEqual([
    ['attitudes.holder.police', [3, 0], 3],
    ['attitudes.holder.community', [1, 0], 1],
    [null, [0, 1], 1],
  ]);
});

test('attitudes: a statement whose unit carries only the holder root (no holder named) is in the "not identified" row, so no statement goes missing', () => {
  const ev = evidence([
    seg('a.md', 1, 'attitudes.stereotype'), seg('a.md', 1, 'attitudes.holder'),
    seg('a.md', 2, 'attitudes.stereotype'), seg('a.md', 2, 'attitudes.holder'), seg('a.md', 2, 'attitudes.holder.police'),
  ]);
  const att = attitudesSection(ev, T, 3);
  expect(att.total).toBe(2);
  expect(att.holders.map((h) => [h.holder, h.total])).toEqual([['attitudes.holder.police', 1], [null, 1]]);
  expect(att.holders.reduce((n, h) => n + h.total, 0)).toBe(att.total);
});

test('attitudes: a holder only the model names below p 0.5 names nobody (the statement is in the "not identified" row); a confident one does', () => {
  const unsure = { rule: null, method: 'model' as const, probability: 0.2 };
  const ev = evidence([
    seg('a.md', 1, 'attitudes.stereotype'), seg('a.md', 1, 'attitudes.holder.police', [], unsure),
    seg('a.md', 2, 'attitudes.stereotype'), seg('a.md', 2, 'attitudes.holder.police', [], { ...unsure, probability: 0.7 }),
  ]);
  expect(attitudesSection(ev, T, 3).holders.map((h) => [h.holder, h.total])).toEqual([['attitudes.holder.police', 1], [null, 1]]);
  expect(attitudeContradictions(evidence([...ev.segments, seg('a.md', 1, 'attitudes.supportive')]), T, 3)).toEqual([]);
});

test('services: every level in codebook order, offered when it has evidence', () => {
  const svc = servicesSection(evidence([seg('a.md', 1, 'services.psychosocial', ['counselling'])]), T, 3);
  expect(svc.map((s) => [s.level, s.code, s.offered, s.count])).toEqual([
    [1, 'services.necessary', false, 0],
    [2, 'services.psychosocial', true, 1],
    [3, 'services.educational', false, 0],
  ]);
  expect(svc[1]?.quotes).toHaveLength(1);
});

test('barriers: only those with evidence, most frequent first', () => {
  const bar = barriersSection(evidence([seg('a.md', 1, 'barriers.awareness'), seg('a.md', 2, 'barriers.fear'), seg('b.md', 1, 'barriers.fear')]), T, 3);
  expect(bar.map((b) => [b.code, b.count, b.documents])).toEqual([['barriers.fear', 2, 2], ['barriers.awareness', 1, 1]]);
});

test('matrix, frequencies and network over organizations', () => {
  const all = evidence([
    seg('a.md', 1, 'strength.trust', ['trust']),
    seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.systematic'),
    seg('b.md', 1, 'networking.partner.police'), seg('b.md', 1, 'networking.accidental'),
    seg('b.md', 2, 'networking.partner.police'),
  ]);
  const columns = [
    { id: 'alpha', evidence: all.subset((s) => s.document === 'a.md') },
    { id: 'beta', evidence: all.subset((s) => s.document === 'b.md') },
  ];
  const matrix = codeMatrix(all, columns);
  expect(matrix.columns).toEqual(['alpha', 'beta']);
  expect(matrix.rows.map((r) => r.code)).toEqual(all.codebook.codes.map((c) => c.id));
  const row = (code: string) => matrix.rows.find((r) => r.code === code);
  expect(row('strength')?.cells.map((c) => c.count)).toEqual([1, 0]);
  expect(row('strength')?.cells[0]?.quote?.text).toBe('text a.md 1');
  expect(row('strength')?.cells[1]?.quote).toBeNull();
  expect(row('networking')).toMatchObject({ total: 5, depth: 0 });
  expect(row('networking.partner.police')).toMatchObject({ total: 3, depth: 2 });

  const freq = frequencies(columns);
  expect(freq[1]?.counts.map((c) => [c.code, c.segments])).toContainEqual(['networking', 3]);

  const net = collaborationNetwork(columns, DEFAULT_THEMES);
  expect(net.partners).toEqual(['networking.partner.police']);
  expect(net.edges.map((e) => [e.organization, e.partner, e.weight, e.character])).toEqual([
    ['alpha', 'networking.partner.police', 1, 'systematic'],
    ['beta', 'networking.partner.police', 2, 'accidental'],
  ]);

  // A police unit is not drawn as its own partner; the matrix still counts its segments.
  const typed = collaborationNetwork([{ ...columns[0]!, type: 'ngo' }, { ...columns[1]!, type: 'police' }], DEFAULT_THEMES);
  expect(typed.edges.map((e) => [e.organization, e.partner])).toEqual([['alpha', 'networking.partner.police']]);
  const alone = collaborationNetwork([{ ...columns[1]!, type: 'police' }], DEFAULT_THEMES);
  expect(alone).toEqual({ organizations: ['beta'], partners: [], edges: [] });
});

test('in a study, a police unit speaking of the police has no police partner, edge or gap; the matrix still counts it', () => {
  const input = fixtureInput('en');
  const own = seg('interviews/beta-officer.md', 3, 'networking.partner.police', ['police'], { coder: 'qeval fixture-swot@2.0.0' });
  const { organizations, summary } = aggregateStudy({ ...input, segments: [...input.segments, own] });
  const beta = organizations.find((o) => o.organization === 'beta');
  expect(beta?.networking.partners.map((p) => p.code)).toEqual(['networking.partner.ngo']);
  expect(beta?.networking.gaps.map((g) => g.code)).toEqual(['networking.partner.municipality']);
  expect(summary.network.edges.filter((e) => e.organization === 'beta').map((e) => e.partner)).toEqual(['networking.partner.ngo']);
  expect(summary.network.edges.filter((e) => e.organization === 'alpha').map((e) => e.partner)).toContain('networking.partner.police');
  const police = summary.matrix.rows.find((r) => r.code === 'networking.partner.police');
  expect(police?.cells[summary.matrix.columns.indexOf('beta')]?.count).toBe(1);
});
