// Key findings, roles, profile-aware recommendations and the executive summary, on hand-made segments.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_THEMES, Evidence, documentIndex, isLowConfidence, themesOf } from '../../src/aggregate/evidence.js';
import { evidenceWeight, keyFindings } from '../../src/aggregate/findings.js';
import { matchProfile, evaluateRecommendations } from '../../src/aggregate/recommendations.js';
import { aggregateStudy } from '../../src/aggregate/study.js';
import { swotGrid } from '../../src/aggregate/swot.js';
import { parseCodebook } from '../../src/codebook/load.js';
import { isQevalError, type QevalError } from '../../src/model/errors.js';
import { fixtureCodebook, fixtureInput } from '../report/fixtures/study.js';
import { evidence, seg } from './helpers.js';

const model = (p: number) => ({ method: 'model' as const, probability: p, rule: null });

describe('roles', () => {
  test('the fixture codebook declares every section role', () => {
    expect(themesOf(fixtureCodebook('en'))).toEqual(DEFAULT_THEMES);
  });

  test('a codebook with other ids finds its networking codes through roles', () => {
    const book = parseCodebook(
      `codebook: custom
version: 1.0.0
language: en
codes:
  - id: ties
    label: Ties
    definition: Working with others.
    codes:
      - id: ties.who
        label: Who
        definition: Partners.
        role: partners
        codes:
          - { id: ties.who.cops, label: Cops, definition: Police., role: expected-partner }
      - { id: ties.formal, label: Formal, definition: Agreements., role: systematic }
      - { id: ties.luck, label: Luck, definition: Chance., role: accidental }
`,
      'custom.yaml',
    );
    const themes = themesOf(book);
    expect(themes).toMatchObject({ partnerRoot: 'ties.who', systematic: 'ties.formal', accidental: 'ties.luck', absent: '', expectedPartners: ['ties.who.cops'], servicesRoot: '' });
    const input = {
      codebook: book,
      segments: [seg('a.md', 1, 'ties.who.cops'), seg('a.md', 1, 'ties.luck'), seg('a.md', 2, 'ties.who.cops'), seg('a.md', 2, 'ties.luck')],
      documents: [{ id: 'a.md', attributes: { organization: 'x' } }],
    };
    const [report] = aggregateStudy(input).organizations;
    expect(report?.networking.partners.map((p) => [p.code, p.accidental, p.character])).toEqual([['ties.who.cops', 2, 'accidental']]);
    expect(report?.services).toEqual([]);
  });

  test('a role two codes claim is an error naming both', () => {
    const text = `codebook: c
version: 1.0.0
language: en
codes:
  - { id: a, label: A, definition: A., role: services }
  - { id: b, label: B, definition: B., role: services }
`;
    try {
      parseCodebook(text, 'c.yaml');
      expect.unreachable();
    } catch (e) {
      expect(isQevalError(e)).toBe(true);
      expect((e as QevalError).list().map((x) => [x.code, x.format()])).toEqual([['CODE_ROLE_DUPLICATE', 'c.yaml:6:46: code "b": role "services" already belongs to "a"; only one code may play it']]);
    }
  });

  test('a catch-all sub-theme never leads its quadrant, however frequent', () => {
    const book = parseCodebook(readFileSync('codebooks/swot.yaml', 'utf8'), 'codebooks/swot.yaml');
    expect(book.codes.filter((c) => c.role === 'catch-all').map((c) => c.id)).toEqual(['strength.practice', 'weakness.practice', 'opportunity.general', 'threat.general']);
    const catchAll = 'opportunity.general';
    const quadrant = 'opportunity';
    const sibling = 'opportunity.training';
    const segments = [seg('a.md', 1, catchAll), seg('a.md', 2, catchAll), seg('a.md', 3, catchAll), seg('a.md', 4, sibling)];
    const ev = new Evidence(book, segments, documentIndex([], segments));
    const cell = swotGrid(ev, 3).quadrants.find((q) => q.quadrant === quadrant);
    expect(cell?.themes.map((t) => [t.code, t.count])).toEqual([[sibling, 1], [catchAll, 3]]);
  });
});

describe('recommendations and the profile', () => {
  const rules = [
    { id: 'psy', when: [{ code: 'services.psychosocial', max: 0 }], unless_profile: { services: ['*counsel*'] }, text: 'Add counselling.' },
    { id: 'ngo-only', when: [{ code: 'barriers', max: 0 }], profile: { org_type: ['ngo'] }, to: 'organization' as const, text: 'NGO only.' },
    { id: 'ratio', when: [{ code: 'networking.accidental', min: 1, above: 'networking.systematic' }], to: 'ministry' as const, text: 'Formalize.' },
  ];

  test('"no evidence of X" is not said when the profile lists X; a rule for NGOs skips the police', () => {
    const ev = evidence([seg('a.md', 1, 'networking.accidental'), seg('a.md', 2, 'networking.accidental'), seg('a.md', 3, 'networking.systematic')]);
    const ngo = evaluateRecommendations(ev, rules, 3, { org_type: 'ngo', services: 'shelter; family counselling' });
    expect(ngo.map((r) => [r.id, r.triggered, r.to])).toEqual([['psy', false, 'organization'], ['ngo-only', true, 'organization'], ['ratio', true, 'ministry']]);
    expect(ngo[0]?.excluded).toEqual({ kind: 'unless', reason: { attribute: 'services', value: 'family counselling', pattern: '*counsel*' } });
    const police = evaluateRecommendations(ev, rules, 3, { org_type: 'police', services: 'investigation' });
    expect(police.map((r) => [r.id, r.triggered])).toEqual([['psy', true], ['ngo-only', false], ['ratio', true]]);
    expect(police[1]?.excluded).toEqual({ kind: 'only', reason: { attribute: 'org_type', value: 'police', pattern: 'ngo' } });
  });

  test('"above" needs more segments than the other code; low-confidence segments are not counted', () => {
    const even = evidence([seg('a.md', 1, 'networking.accidental'), seg('a.md', 2, 'networking.systematic')]);
    expect(evaluateRecommendations(even, rules, 3)[2]).toMatchObject({ triggered: false, conditions: [{ count: 1, above: { code: 'networking.systematic', count: 1 } }] });
    const hesitant = evidence([seg('a.md', 1, 'networking.accidental', [], model(0.3)), seg('a.md', 2, 'networking.accidental', [], model(0.3))]);
    expect(evaluateRecommendations(hesitant, rules, 3)[2]).toMatchObject({ triggered: false, conditions: [{ count: 0, uncertain: 2 }] });
  });

  test('profile items are matched whole, case-insensitively, with wildcards', () => {
    expect(matchProfile({ services: 'Counselling, shelter' }, { services: ['counsel*'] })).toMatchObject({ value: 'Counselling' });
    expect(matchProfile({ services: 'legal counselling' }, { services: ['counsel*'] })).toBeNull();
    expect(matchProfile({}, { services: ['*'] })).toBeNull();
  });

  test('in the fixture study the police unit gets no rule meant for NGOs, and common rules are marked widespread only with three organizations or more', () => {
    const { organizations, summary } = aggregateStudy(fixtureInput('en'));
    const beta = organizations.find((o) => o.organization === 'beta');
    expect(beta?.recommendations.every((r) => !r.triggered || r.excluded === null)).toBe(true);
    expect(summary.recommendations.every((r) => !r.widespread)).toBe(true);
  });
});

describe('key findings', () => {
  const themes = DEFAULT_THEMES;
  const findingsOf = (segments: Parameters<typeof evidence>[0]) => {
    const ev = evidence(segments);
    const report = aggregateStudy({ codebook: ev.codebook, segments, documents: [...ev.documents.values()].map((d) => ({ id: d.id, attributes: { organization: 'x' } })) }).organizations[0];
    if (!report) throw new Error('no report');
    return keyFindings(ev, themes, report);
  };

  test('wording follows the strength of evidence: one statement, one source, several sources', () => {
    expect(evidenceWeight([seg('a.md', 1, 'strength.trust')]).strength).toBe('single');
    expect(evidenceWeight([seg('a.md', 1, 'strength.trust'), seg('a.md', 2, 'strength.trust')]).strength).toBe('one-source');
    expect(evidenceWeight([seg('a.md', 1, 'strength.trust'), seg('b.md', 2, 'strength.trust')])).toMatchObject({ strength: 'several-sources', statements: 2, documents: 2, respondents: 2, texts: 0 });
    // A project document (no speaker) is a source, not a respondent.
    expect(evidenceWeight([seg('a.md', 1, 'strength.trust'), seg('d.md', 2, 'strength.trust', [], { speaker: null })])).toMatchObject({ documents: 2, respondents: 1, texts: 1 });
  });

  test('every finding that claims evidence cites a quote; findings of absence cite none', () => {
    const findings = findingsOf([seg('a.md', 1, 'strength.trust'), seg('b.md', 2, 'strength.trust'), seg('a.md', 3, 'barriers.fear')]);
    const lead = findings.find((f) => f.key === 'swot.lead');
    expect(lead).toMatchObject({ area: 'strength', strength: 'several-sources', params: { code: 'strength.trust', statements: 2 } });
    expect(lead?.quotes).toHaveLength(1);
    for (const f of findings) {
      const absence = ['swot.none', 'net.gap', 'net.noAgreement', 'net.none', 'att.none', 'svc.missing', 'svc.profileOnly', 'bar.none', 'low.omitted'].includes(f.key);
      expect(f.quotes.length > 0, `${f.key}`).toBe(!absence);
    }
    expect(findings.filter((f) => f.key === 'net.gap').map((f) => f.params.code)).toEqual(themes.expectedPartners);
  });

  test('the quadrant code itself never leads: statements no sub-code describes say nothing about which strength', () => {
    const segments = [seg('a.md', 1, 'strength'), seg('a.md', 2, 'strength'), seg('b.md', 3, 'strength'), seg('a.md', 4, 'strength.trust'), seg('b.md', 5, 'strength.trust')];
    const lead = findingsOf(segments).find((f) => f.area === 'strength');
    expect(lead).toMatchObject({ key: 'swot.lead', params: { code: 'strength.trust', statements: 2 } });
    expect(findingsOf([seg('a.md', 1, 'strength'), seg('b.md', 2, 'strength')]).find((f) => f.area === 'strength')?.key).toBe('swot.onlyOther');
  });

  test('a finding resting only on low-confidence model coding is not stated, and its area says one was left out; a rule-coded one is stated', () => {
    expect(isLowConfidence({ method: 'model', probability: 0.3 })).toBe(true);
    expect(isLowConfidence({ method: 'rule+model', probability: 0.3 })).toBe(false);
    const findings = findingsOf([seg('a.md', 1, 'strength.trust', [], model(0.2)), seg('a.md', 2, 'barriers.fear')]);
    expect(findings.filter((f) => f.area === 'strength').map((f) => [f.key, f.params.count, f.quotes.length])).toEqual([['low.omitted', 1, 0]]);
    expect(findings.find((f) => f.area === 'barriers')).toMatchObject({ key: 'bar.lead', lowConfidence: false });
    expect(findings.some((f) => f.lowConfidence)).toBe(false);
    // One confident statement among guesses: the finding stands, and cites the confident one first.
    const mixed = findingsOf([seg('a.md', 1, 'strength.trust', [], model(0.2)), seg('a.md', 2, 'strength.trust')]);
    expect(mixed.find((f) => f.area === 'strength')).toMatchObject({ key: 'swot.lead', lowConfidence: false });
    expect(mixed.find((f) => f.area === 'strength')?.quotes[0]?.unit).toBe('sentence:2');
  });

  test('a tie described as systematic in one statement and as missing in others is reported as contradictory, citing both sides', () => {
    const findings = findingsOf([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.systematic'),
      seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.absent'),
      seg('a.md', 3, 'networking.partner.police'), seg('a.md', 3, 'networking.absent'),
    ]);
    const police = findings.find((f) => f.area === 'networking' && f.params.code === 'networking.partner.police');
    expect(police).toMatchObject({ key: 'net.mixedAbsent', params: { systematic: 1, accidental: 0, absent: 2, count: 3 } });
    // One quote per side: the agreement and a "no contact".
    expect(police?.quotes.map((q) => q.unit)).toEqual(['sentence:1', 'sentence:2']);
  });

  test('a tie described as accidental and as missing, never as systematic, is no network, not a contradiction', () => {
    const findings = findingsOf([
      seg('a.md', 1, 'networking.partner.police'), seg('a.md', 1, 'networking.accidental'),
      seg('a.md', 2, 'networking.partner.police'), seg('a.md', 2, 'networking.absent'),
    ]);
    const police = findings.find((f) => f.area === 'networking' && f.params.code === 'networking.partner.police');
    expect(police).toMatchObject({ key: 'net.accidentalOrNone', params: { systematic: 0, accidental: 1, absent: 1, count: 2 } });
    expect(police?.quotes.map((q) => q.unit).sort()).toEqual(['sentence:1']);
  });

  test('no unit is quoted under two sub-themes of one report', () => {
    const segments = [1, 2, 3, 4].flatMap((u) => [seg('a.md', u, 'strength.trust'), seg('a.md', u, 'strength.practice')]);
    const ev = evidence(segments);
    const grid = swotGrid(ev, 3, null, new Set());
    const quoted = grid.quadrants.flatMap((q) => q.themes.flatMap((t) => t.quotes.map((x) => x.unit)));
    expect(quoted.length).toBe(4);
    expect(new Set(quoted).size).toBe(quoted.length);
  });
});
