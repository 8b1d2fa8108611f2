// L2-regularized logistic regression on sparse rows, fitted by L-BFGS: the learned coder's classifier.

/**
 * Sparse rows in compressed sparse row (CSR) form: row i has the feature indices
 * `index[rowStart[i] .. rowStart[i+1])` with the values at the same places of `value`.
 */
export interface SparseRows {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** Builds CSR rows from per-row lists of (feature index, value) pairs; indices must be < `columns`. */
export function toSparseRows(rows: readonly (readonly [number, number])[][], columns: number): SparseRows {
  const rowStart = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, i) => {
    nnz += r.length;
    rowStart[i + 1] = nnz;
  });
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let k = 0;
  for (const r of rows) {
    for (const [j, v] of r) {
      index[k] = j;
      value[k] = v;
      k++;
    }
  }
  return { rows: rows.length, columns, rowStart, index, value };
}

export interface LogisticOptions {
  /** Strength of the L2 penalty λ in λ/2·‖w‖² (the bias is not penalized). Default 1. */
  l2?: number;
  /** Weight of each positive example's loss (e.g. >1 for rare codes). Default 1. */
  positiveWeight?: number;
  /** Most L-BFGS iterations. Default 200. */
  maxIterations?: number;
  /** Stop when ‖∇f‖∞ falls below this. Default 1e-4. */
  tolerance?: number;
  /** Also stop when an iteration lowers f by less than this fraction of |f|. Default 1e-9; 0 turns it off. */
  minDecrease?: number;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
  iterations: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The margin w·x_i + b of row i. */
export function margin(x: SparseRows, i: number, weights: Float64Array, bias: number): number {
  let z = bias;
  for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) z += weights[x.index[k]!]! * x.value[k]!;
  return z;
}

/** P(y = 1 | row i). */
export function probability(x: SparseRows, i: number, model: LogisticModel): number {
  return sigmoid(margin(x, i, model.weights, model.bias));
}

/**
 * Fits binary logistic regression, minimizing
 * f(w, b) = Σᵢ cᵢ·log(1 + exp(−yᵢ(w·xᵢ + b))) + λ/2·‖w‖², yᵢ ∈ {−1, +1}, cᵢ the example weight,
 * with limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4: the
 * two-loop recursion with m = 10 correction pairs) and a backtracking line search on the Armijo
 * condition. The objective is strictly convex for λ > 0, so the optimum is unique, and every step is
 * a fixed sequence of floating-point operations in row order: the same data gives the same weights,
 * bit for bit. `labels[i]` is 1 for a positive row, 0 otherwise. Throws on a length mismatch.
 */
export function fitLogistic(x: SparseRows, labels: Uint8Array, options: LogisticOptions = {}): LogisticModel {
  if (labels.length !== x.rows) throw new Error(`fitLogistic: ${labels.length} labels for ${x.rows} rows`);
  const l2 = options.l2 ?? 1;
  const cPos = options.positiveWeight ?? 1;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-4;
  const minDecrease = options.minDecrease ?? 1e-9;
  const n = x.columns + 1; // the last coordinate is the bias
  const m = 10;

  // Hot loop: the margin is inlined and the arrays are held in locals; the arithmetic is the same,
  // in the same order, as `margin` above, so results do not depend on this form.
  const { rowStart, index, value } = x;
  const rows = x.rows;
  // Feature values of 1 (binary features, the usual case) skip their multiplications: x·1 = x exactly.
  const binary = value.every((v) => v === 1);
  const evaluate = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let f = 0;
    const bias = w[n - 1]!;
    let biasGrad = 0;
    for (let i = 0; i < rows; i++) {
      const y = labels[i] === 1 ? 1 : -1;
      const c = y === 1 ? cPos : 1;
      const from = rowStart[i]!;
      const to = rowStart[i + 1]!;
      let z = bias;
      if (binary) for (let k = from; k < to; k++) z += w[index[k]!]!;
      else for (let k = from; k < to; k++) z += w[index[k]!]! * value[k]!;
      // log(1 + e^t) without overflow and σ(t) (as `sigmoid`), at t = −yz, from one exponential.
      const t = -y * z;
      let sig: number;
      if (t > 0) {
        const e = Math.exp(-t);
        f += c * (t + Math.log1p(e));
        sig = 1 / (1 + e);
      } else {
        const e = Math.exp(t);
        f += c * Math.log1p(e);
        sig = e / (1 + e);
      }
      // d/dz of c·log(1+exp(−yz)) = −c·y·σ(−yz)
      const dz = -c * y * sig;
      if (binary) for (let k = from; k < to; k++) grad[index[k]!]! += dz;
      else for (let k = from; k < to; k++) grad[index[k]!]! += dz * value[k]!;
      biasGrad += dz;
    }
    grad[n - 1] = biasGrad;
    for (let j = 0; j < n - 1; j++) {
      const wj = w[j]!;
      f += 0.5 * l2 * wj * wj;
      grad[j]! += l2 * wj;
    }
    return f;
  };

  let w = new Float64Array(n);
  let g = new Float64Array(n);
  let f = evaluate(w, g);
  // The m correction pairs live in a ring of preallocated vectors; `first` is the oldest, `count` how many.
  const s = Array.from({ length: m }, () => new Float64Array(n));
  const yv = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  let first = 0;
  let count = 0;
  const dir = new Float64Array(n);
  const alpha = new Float64Array(m);
  let wNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let sScratch = new Float64Array(n);
  let yScratch = new Float64Array(n);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) < tolerance) break;
    // Two-loop recursion: dir = −H·g.
    dir.set(g);
    for (let k = count - 1; k >= 0; k--) {
      const r = (first + k) % m;
      alpha[k] = rho[r]! * dot(s[r]!, dir);
      axpy(-alpha[k]!, yv[r]!, dir);
    }
    const newest = (first + count - 1) % m;
    const gamma = count > 0 ? dot(s[newest]!, yv[newest]!) / dot(yv[newest]!, yv[newest]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    scale(dir, gamma);
    for (let k = 0; k < count; k++) {
      const r = (first + k) % m;
      const beta = rho[r]! * dot(yv[r]!, dir);
      axpy(alpha[k]! - beta, s[r]!, dir);
    }
    scale(dir, -1);
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      count = 0;
      for (let j = 0; j < n; j++) dir[j] = -g[j]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = 0;
    for (let tries = 0; ; tries++) {
      stepTo(wNew, w, step, dir);
      fNew = evaluate(wNew, gNew);
      if (fNew <= f + 1e-4 * step * slope || tries >= 30) break;
      step *= 0.5;
    }
    // The new correction pair is built in scratch vectors and, when curvature is positive, swapped
    // into the next slot of the ring (the oldest one once the ring is full).
    difference(sScratch, wNew, w);
    difference(yScratch, gNew, g);
    const sy = dot(sScratch, yScratch);
    if (sy > 1e-12) {
      const slot = count < m ? (first + count) % m : first;
      [s[slot], sScratch] = [sScratch, s[slot]!];
      [yv[slot], yScratch] = [yScratch, yv[slot]!];
      rho[slot] = 1 / sy;
      if (count < m) count++;
      else first = (first + 1) % m;
    }
    const converged = Math.abs(f - fNew) <= minDecrease * Math.max(1, Math.abs(f));
    [w, wNew] = [wNew, w];
    [g, gNew] = [gNew, g];
    f = fNew;
    if (converged) {
      iterations++;
      break;
    }
  }
  return { weights: w.subarray(0, n - 1), bias: w[n - 1]!, iterations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let t = 0;
  for (let j = 0; j < a.length; j++) t += a[j]! * b[j]!;
  return t;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j]! += a * x[j]!;
}

/** a ← a·c (c = −1 negates exactly). */
function scale(a: Float64Array, c: number): void {
  if (c === -1) for (let j = 0; j < a.length; j++) a[j] = -a[j]!;
  else for (let j = 0; j < a.length; j++) a[j] = a[j]! * c;
}

/** out ← w + step·dir. */
function stepTo(out: Float64Array, w: Float64Array, step: number, dir: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = w[j]! + step * dir[j]!;
}

/** out ← a − b. */
function difference(out: Float64Array, a: Float64Array, b: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = a[j]! - b[j]!;
}

function maxAbs(a: Float64Array): number {
  let t = 0;
  for (let j = 0; j < a.length; j++) t = Math.max(t, Math.abs(a[j]!));
  return t;
}
