// Intercoder agreement: Krippendorff's alpha and Cohen's kappa on published worked examples, and agreement of coded segments per unit and per character.
import { describe, expect, it } from 'vitest';
import { agreementOfCodings, agreementOfMatrix, type Coding } from '../../src/aggregate/agreement.js';
import { cohenKappa, reliability, type ReliabilityUnit } from '../../src/learn/agreement.js';
import { parseReliabilityMatrix } from '../../src/io/read-reliability-matrix.js';
import type { SourceDocument } from '../../src/model/types.js';

/** Coders as rows, units as columns, '*' missing: the layout of the published tables. */
function units(rows: string[]): ReliabilityUnit[] {
  const cells = rows.map((r) => r.trim().split(/\s+/));
  return cells[0]!.map((_, u) => ({ values: cells.map((row) => (row[u] === '*' ? null : row[u]!)) }));
}

describe("Krippendorff's alpha (nominal)", () => {
  it('is 0.743 on Krippendorff (2011), "Computing Krippendorff\'s Alpha-Reliability", example C: 4 observers, 12 units, missing data', () => {
    const data = units([
      '1 2 3 3 2 1 4 1 2 * * *',
      '1 2 3 3 2 2 4 1 2 5 * 3',
      '* 3 3 3 2 3 4 2 2 5 1 *',
      '1 2 3 3 2 4 4 1 2 5 1 *',
    ]);
    const r = reliability(data);
    expect(r.alpha!).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value: not pairable. n = 40 pairable values in 11 units.
    expect(r.units).toBe(11);
    expect(r.values).toBe(40);
  });
  it('is 0.095 on Krippendorff (2011), example A: binary data, two observers, 10 units', () => {
    const r = reliability(units(['0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0']));
    expect(r.alpha!).toBeCloseTo(0.095, 3);
    expect(r.agreement).toBeCloseTo(0.6, 10);
  });
  it('is 0.691 on the computational example of the Wikipedia article "Krippendorff\'s alpha" (3 coders, 15 units, missing data)', () => {
    const r = reliability(units([
      '* * * * * 3 4 1 2 1 1 3 3 * 3',
      '1 * 2 1 3 3 4 3 * * * * * * *',
      '* * 2 1 3 4 4 * 2 1 1 3 3 * 4',
    ]));
    expect(r.alpha!).toBeCloseTo(0.691, 3);
  });
  it('is undefined (null), not perfect, when every value is the same; weights count as repeated units', () => {
    expect(reliability(units(['1 1 1', '1 1 1'])).alpha).toBeNull();
    const repeated = units(['0 1 0 0 0 0 0 0 1 0 0 0 0 0', '1 1 1 0 0 1 0 0 0 0 0 0 0 0']);
    const weighted: ReliabilityUnit[] = [...units(['0 1 0 0 0 0 0 0 1', '1 1 1 0 0 1 0 0 0']), { values: ['0', '0'], weight: 5 }];
    expect(reliability(weighted).alpha!).toBeCloseTo(reliability(repeated).alpha!, 12);
  });
});

describe("Cohen's kappa (nominal, two coders)", () => {
  it('is 0.4 on the worked example of the Wikipedia article "Cohen\'s kappa" (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no)', () => {
    const data: ReliabilityUnit[] = [
      { values: ['yes', 'yes'], weight: 20 }, { values: ['yes', 'no'], weight: 5 },
      { values: ['no', 'yes'], weight: 10 }, { values: ['no', 'no'], weight: 15 },
    ];
    expect(cohenKappa(data, 0, 1)!).toBeCloseTo(0.4, 10);
  });
  it('leaves out units one coder did not code, and is null when chance agreement is total', () => {
    const data = units(['a b a *', 'a b a c']);
    expect(cohenKappa(data, 0, 1)).toBe(1);
    expect(cohenKappa(units(['a a', 'a a']), 0, 1)).toBeNull();
  });
});

describe('reliability matrix', () => {
  const csv = 'coder,1,2,3,4,5,6,7,8,9,10,11,12\nA,1,2,3,3,2,1,4,1,2,,,\nB,1,2,3,3,2,2,4,1,2,5,,3\nC,*,3,3,3,2,3,4,2,2,5,1,\nD,1,2,3,3,2,4,4,1,2,5,1,.\n';
  it('reads coders as rows and units as columns, empty and * as missing, and gives the overall alpha of the variable', () => {
    const m = parseReliabilityMatrix(csv, 'm.csv');
    expect(m.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(m.values[2]![0]).toBeNull();
    const report = agreementOfMatrix(m);
    const overall = report.rows.at(-1)!;
    expect(overall.code).toBe('overall');
    expect(overall.alpha!).toBeCloseTo(0.743, 3);
    expect(overall.kappa).toBeNull();
    expect(report.rows.map((r) => r.code)).toEqual(['1', '2', '3', '4', '5', 'overall']);
  });
  it('scores the other coders against a gold coder', () => {
    const report = agreementOfMatrix(parseReliabilityMatrix('coder,u1,u2,u3,u4\nhuman,a,a,b,b\nqeval,a,b,b,b\n', 'm.csv'), 'human');
    const a = report.rows.find((r) => r.code === 'a')!;
    expect(a.gold[0]).toMatchObject({ coder: 'qeval', tp: 1, fp: 0, fn: 1, tn: 2 });
    expect(a.gold[0]!.recall).toBeCloseTo(0.5);
    expect(report.rows.at(-1)!.gold[0]!.f1).toBeCloseTo(0.75);
    expect(() => agreementOfMatrix(parseReliabilityMatrix('coder,u1\nx,a\ny,a\n', 'm.csv'), 'z')).toThrow(expect.objectContaining({ code: 'AGREE_UNKNOWN_GOLD' }));
  });
  it('points at the row of a malformed matrix', () => {
    expect(() => parseReliabilityMatrix('coder,u1,u2\nA,1,2\nA,1,2\n', 'm.csv')).toThrow(expect.objectContaining({ code: 'MATRIX_CODER', place: { file: 'm.csv', line: 3, column: 1 } }));
    expect(() => parseReliabilityMatrix('coder,u1,u2\nA,1,2,3\n', 'm.csv')).toThrow(expect.objectContaining({ code: 'MATRIX_WIDTH' }));
    expect(() => parseReliabilityMatrix('coder,u1\n', 'm.csv')).toThrow(expect.objectContaining({ code: 'MATRIX_EMPTY' }));
  });
});

const doc = (id: string, text: string): SourceDocument => ({ id, text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });

describe('agreement of codings', () => {
  // Four sentences, code points 0-19, 20-39, 40-59, 60-79.
  const text = 'Police help us a lot. We have no money. They trust us now. Funding ends in May.';
  const d = doc('a.txt', text);
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const ann: Coding = { coder: 'ann', spans: [
    { document: 'a.txt', code: 'strength.police', ...at('Police help') },
    { document: 'a.txt', code: 'weakness.money', ...at('no money') },
    { document: 'a.txt', code: 'strength.trust', ...at('trust us') },
  ] };
  const bob: Coding = { coder: 'bob', spans: [
    { document: 'a.txt', code: 'strength.police', ...at('Police help us a lot.') },
    { document: 'a.txt', code: 'weakness.money', ...at('Funding ends') },
  ] };

  it('compares sentences: a code is given to a unit when a span overlaps it', () => {
    const r = agreementOfCodings([d], [ann, bob], { basis: 'sentence' });
    const police = r.rows.find((x) => x.code === 'strength.police')!;
    expect(police).toMatchObject({ units: 4, coded: [1, 1], agreement: 1, kappa: 1, alpha: 1 });
    const money = r.rows.find((x) => x.code === 'weakness.money')!;
    // ann: sentence 2, bob: sentence 4; they agree on sentences 1 and 3.
    expect(money.coded).toEqual([1, 1]);
    expect(money.agreement).toBe(0.5);
    // po = 0.5, pe = 0.25·0.25 + 0.75·0.75 = 0.625: kappa = (0.5 − 0.625)/0.375 = −1/3.
    expect(money.kappa!).toBeCloseTo(-1 / 3, 10);
    expect(r.rows.at(-1)!.code).toBe('overall');
    expect(r.rows.at(-1)!.units).toBe(12);
  });
  it('rolls codes up with depth and scores against a gold coder', () => {
    const r = agreementOfCodings([d], [ann, bob], { basis: 'sentence', depth: 1, gold: 'ann' });
    expect(r.rows.map((x) => x.code)).toEqual(['strength', 'weakness', 'overall']);
    const strength = r.rows[0]!;
    expect(strength.gold).toEqual([expect.objectContaining({ coder: 'bob', tp: 1, fp: 0, fn: 1, tn: 2, precision: 1, recall: 0.5 })]);
  });
  it('gives undefined precision, recall and F1 as null, not 0: a code the coder never gave has no precision', () => {
    const r = agreementOfCodings([d], [ann, bob], { basis: 'sentence', gold: 'ann' });
    // strength.trust: ann (gold) gave it once, bob never: precision undefined, recall 0, F1 0.
    const trust = r.rows.find((x) => x.code === 'strength.trust')!.gold[0]!;
    expect(trust).toMatchObject({ tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
    // Gold is bob: on strength.trust bob gave nothing, ann once: recall undefined, precision 0.
    const reverse = agreementOfCodings([d], [ann, bob], { basis: 'sentence', gold: 'bob' }).rows.find((x) => x.code === 'strength.trust')!.gold[0]!;
    expect(reverse).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: 0 });
  });
  it('compares characters, weighting runs by their length in code points', () => {
    const r = agreementOfCodings([d], [ann, bob], { basis: 'character' });
    const police = r.rows.find((x) => x.code === 'strength.police')!;
    // Ann coded "Police help" (11), Bob the whole sentence without its space (21): 10 characters differ.
    expect(police.coded).toEqual([11, 21]);
    expect(police.units).toBe([...text].length);
    expect(police.agreement).toBeCloseTo(1 - 10 / [...text].length, 10);
  });
  it('warns about coders without segments in a document and segments outside the documents', () => {
    const other = doc('b.txt', 'Nothing here. At all.');
    const r = agreementOfCodings([d, other], [ann, { coder: 'bob', spans: [...bob.spans, { document: 'c.txt', code: 'x', start: 0, end: 3 }] }], { basis: 'sentence' });
    expect(r.warnings.join('\n')).toMatch(/coder "ann" has no segment in document "b.txt": counted as coding nothing/);
    expect(r.warnings.join('\n')).toMatch(/1 segment of coder "bob" belongs to documents not given/);
  });
  it('with uncodedAsMissing, takes the units of a document a coder has no segment in as missing for that coder', () => {
    const other = doc('b.txt', 'Police help. We have no money.');
    const carl: Coding = { coder: 'carl', spans: [{ document: 'b.txt', code: 'strength.police', start: 0, end: 6 }] };
    const missing = agreementOfCodings([d, other], [ann, bob, carl], { basis: 'sentence', uncodedAsMissing: true });
    const police = missing.rows.find((x) => x.code === 'strength.police')!;
    // a.txt: 4 sentences with ann's and bob's values (carl missing); b.txt: 2 sentences with carl's only (not pairable).
    expect(police.units).toBe(4);
    expect(police.alpha).toBe(1);
    expect(missing.warnings.join('\n')).toMatch(/coder "carl" has no segment in document "a.txt": taken as not coded by carl \(missing\)/);
    const nothing = agreementOfCodings([d, other], [ann, bob, carl], { basis: 'sentence' });
    expect(nothing.rows.find((x) => x.code === 'strength.police')!.units).toBe(6);
    expect(nothing.rows.find((x) => x.code === 'strength.police')!.alpha!).toBeLessThan(1);
  });
  it('needs two coders', () => {
    expect(() => agreementOfCodings([d], [ann], { basis: 'sentence' })).toThrow(expect.objectContaining({ code: 'AGREE_ONE_CODER' }));
  });
});
