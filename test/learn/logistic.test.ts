// The sparse L2 logistic regression: it learns, it reaches the optimum, and it is bit-for-bit deterministic.
import { describe, expect, it } from 'vitest';
import { fitLogistic, margin, probability, toSparseRows } from '../../src/learn/logistic.js';

/** 200 rows over 50 features; feature 0 makes a row positive, the rest is noise from a fixed generator. */
function data() {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: [number, number][][] = [];
  const labels = new Uint8Array(200);
  for (let i = 0; i < 200; i++) {
    const cols = new Set<number>();
    for (let k = 0; k < 5; k++) cols.add(1 + Math.floor(next() * 49));
    if (i % 4 === 0) {
      cols.add(0);
      labels[i] = 1;
    }
    rows.push([...cols].sort((a, b) => a - b).map((j) => [j, 1]));
  }
  return { x: toSparseRows(rows, 50), labels };
}

describe('fitLogistic', () => {
  it('learns a positive weight for the feature that marks positives and separates the classes', () => {
    const { x, labels } = data();
    const m = fitLogistic(x, labels, { l2: 0.1 });
    const strongest = [...m.weights].map((w, j) => [w, j] as const).sort((a, b) => b[0] - a[0])[0]!;
    expect(strongest[1]).toBe(0);
    for (let i = 0; i < x.rows; i++) expect(probability(x, i, m) >= 0.5).toBe(labels[i] === 1);
  });

  it('stops at the optimum: the gradient of the penalized loss is (near) zero', () => {
    const { x, labels } = data();
    const l2 = 1;
    const m = fitLogistic(x, labels, { l2, tolerance: 1e-8, minDecrease: 0, maxIterations: 500 });
    const grad = new Float64Array(x.columns);
    let gb = 0;
    for (let i = 0; i < x.rows; i++) {
      const p = 1 / (1 + Math.exp(-margin(x, i, m.weights, m.bias)));
      const r = p - labels[i]!;
      gb += r;
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) grad[x.index[k]!]! += r * x.value[k]!;
    }
    for (let j = 0; j < x.columns; j++) expect(Math.abs(grad[j]! + l2 * m.weights[j]!)).toBeLessThan(1e-4);
    expect(Math.abs(gb)).toBeLessThan(1e-4);
  });

  it('gives bit-identical weights for the same data', () => {
    const { x, labels } = data();
    const a = fitLogistic(x, labels);
    const b = fitLogistic(x, labels);
    expect(Buffer.from(a.weights.buffer, a.weights.byteOffset, a.weights.byteLength).equals(Buffer.from(b.weights.buffer, b.weights.byteOffset, b.weights.byteLength))).toBe(true);
    expect(a.bias).toBe(b.bias);
  });

  it('a stronger penalty shrinks the weights', () => {
    const { x, labels } = data();
    const norm = (l2: number) => Math.hypot(...fitLogistic(x, labels, { l2 }).weights);
    expect(norm(10)).toBeLessThan(norm(0.1));
  });

  it('throws when labels and rows differ in number', () => {
    const { x } = data();
    expect(() => fitLogistic(x, new Uint8Array(3))).toThrow(/3 labels for 200 rows/);
  });
});
