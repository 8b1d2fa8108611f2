// Agreement measures: Cohen's kappa on a published worked example, F1, averages and the F1-optimal threshold.
import { describe, expect, it } from 'vitest';
import { agreementOf, averages, bestThreshold, compareBinary } from '../../src/learn/agreement.js';

describe("Cohen's kappa", () => {
  it('matches the worked example of the Wikipedia article "Cohen\'s kappa" (50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: kappa 0.4)', () => {
    // Reader A says yes to 25, B says yes to 30; po = 0.7, pe = 0.5, so kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    const a = agreementOf('x', 20, 10, 5, 15);
    expect(a.kappa).toBeCloseTo(0.4, 10);
  });
  it('is 1 for perfect agreement and 0 when one coder never codes', () => {
    expect(agreementOf('x', 10, 0, 0, 40).kappa).toBe(1);
    expect(agreementOf('x', 0, 0, 10, 40).kappa).toBe(0);
  });
});

describe('precision, recall, F1', () => {
  it('follow from the 2x2 table', () => {
    const a = compareBinary('x', [1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0]);
    expect(a).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 2, support: 3 });
    expect(a.precision).toBeCloseTo(2 / 3);
    expect(a.recall).toBeCloseTo(2 / 3);
    expect(a.f1).toBeCloseTo(2 / 3);
  });
  it('macro averages F1 over codes, micro pools the counts', () => {
    const avg = averages([agreementOf('a', 9, 1, 0, 90), agreementOf('b', 0, 0, 1, 99)]);
    expect(avg.macroF1).toBeCloseTo((18 / 19 + 0) / 2);
    expect(avg.microPrecision).toBeCloseTo(0.9);
    expect(avg.microRecall).toBeCloseTo(0.9);
  });
});

describe('bestThreshold', () => {
  it('separates the classes when a cut does', () => {
    const t = bestThreshold([0.9, 0.8, 0.35, 0.3, 0.1], [1, 1, 1, 0, 0]);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.35);
  });
  it('is 0.5 without positives and stays within [0.05, 0.95]', () => {
    expect(bestThreshold([0.2, 0.4], [0, 0])).toBe(0.5);
    expect(bestThreshold([0.01, 0.02, 0.03], [1, 1, 1])).toBeGreaterThanOrEqual(0.05);
  });
});
