// Agreement between coders: precision, recall and F1 against a reference, percent agreement, Cohen's kappa and Krippendorff's alpha.
import type { CodeAgreement } from './model.js';

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Chance-corrected agreement (pₒ − pₑ)/(1 − pₑ), the form of Cohen's (1960) κ, from the observed and the
 * chance agreement (both 0-1). Null when pₑ = 1 (both coders used one and the same value throughout).
 */
export function chanceCorrected(po: number, pe: number): number | null {
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

/**
 * Agreement for one code from the 2×2 table of units (tp: both coded, fp: only the coding under test,
 * fn: only the reference, tn: neither). Kappa is Cohen's (1960) κ = (pₒ − pₑ)/(1 − pₑ) with pₒ the
 * observed and pₑ the chance agreement from both coders' marginals; 0 when pₑ = 1.
 */
export function agreementOf(code: string, tp: number, fp: number, fn: number, tn: number): CodeAgreement {
  const n = tp + fp + fn + tn;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const po = ratio(tp + tn, n);
  // Chance agreement from the marginals: both say yes by chance, plus both say no by chance.
  const pe = n === 0 ? 1 : ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  return {
    code,
    support: tp + fn,
    tp, fp, fn, tn,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    kappa: chanceCorrected(po, pe) ?? 0,
  };
}

/** Agreement of `predicted` with `reference` for one code; both are per-unit booleans of equal length. */
export function compareBinary(code: string, reference: ArrayLike<number | boolean>, predicted: ArrayLike<number | boolean>): CodeAgreement {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Boolean(reference[i]);
    const p = Boolean(predicted[i]);
    if (r && p) tp++;
    else if (p) fp++;
    else if (r) fn++;
    else tn++;
  }
  return agreementOf(code, tp, fp, fn, tn);
}

/** Macro (mean F1 and kappa) and micro (pooled counts) averages over a set of codes. */
export function averages(rows: readonly CodeAgreement[]): { macroF1: number; macroKappa: number; microPrecision: number; microRecall: number; microF1: number } {
  const sum = (k: 'tp' | 'fp' | 'fn' | 'tn') => rows.reduce((n, r) => n + r[k], 0);
  const micro = agreementOf('micro', sum('tp'), sum('fp'), sum('fn'), sum('tn'));
  return {
    macroF1: ratio(rows.reduce((n, r) => n + r.f1, 0), rows.length),
    macroKappa: ratio(rows.reduce((n, r) => n + r.kappa, 0), rows.length),
    microPrecision: micro.precision,
    microRecall: micro.recall,
    microF1: micro.f1,
  };
}

/**
 * The probability threshold that maximizes F1 over the given (probability, label) pairs; ties go to the
 * threshold nearest 0.5. Candidates are midpoints between consecutive distinct probabilities, kept in
 * [0.05, 0.95]. Returns 0.5 when there are no positives.
 */
export function bestThreshold(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pairs: [number, number][] = [];
  let positives = 0;
  for (let i = 0; i < probabilities.length; i++) {
    pairs.push([probabilities[i]!, labels[i]!]);
    positives += labels[i]! ? 1 : 0;
  }
  if (positives === 0) return 0.5;
  pairs.sort((a, b) => b[0] - a[0]);
  let best = 0.5;
  let bestF1 = -1;
  let tp = 0;
  let predicted = 0;
  for (let i = 0; i < pairs.length; i++) {
    tp += pairs[i]![1] ? 1 : 0;
    predicted++;
    const next = i + 1 < pairs.length ? pairs[i + 1]![0] : 0;
    if (next === pairs[i]![0]) continue;
    const threshold = Math.min(0.95, Math.max(0.05, (pairs[i]![0] + next) / 2));
    const f1 = (2 * tp) / (predicted + positives);
    if (f1 > bestF1 + 1e-12 || (Math.abs(f1 - bestF1) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(best - 0.5))) {
      bestF1 = f1;
      best = threshold;
    }
  }
  return best;
}

/**
 * One unit of reliability data: the value each coder gave it (in the order of the coders; null when the
 * coder gave none, i.e. missing), and how many identical units it stands for (default 1: a run of
 * characters with the same values is one unit of weight = its length).
 */
export interface ReliabilityUnit {
  values: readonly (string | null)[];
  weight?: number;
}

/** How much coders agree on a set of units, each measure null where it is undefined. */
export interface Reliability {
  /** Pairable units: units with values from at least two coders (summed weights). */
  units: number;
  /** Pairable values: the n of Krippendorff's coincidence matrix. */
  values: number;
  /** Share of agreeing pairs of values within units (mean pairwise percent agreement, 0-1). */
  agreement: number | null;
  /** Krippendorff's alpha for nominal data. */
  alpha: number | null;
}

/**
 * Percent agreement and Krippendorff's alpha (nominal) over reliability data with any number of coders
 * and missing values. Units with fewer than two values are not pairable and are left out.
 *
 * Alpha follows Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: the
 * coincidence matrix o_ck = Σ_u Σ_(pairs c,k in u) 1/(m_u − 1), n_c its marginals, n = Σ n_c, and
 * α = 1 − (n − 1)·Σ_(c≠k) o_ck / Σ_(c≠k) n_c·n_k. Null when n < 2 or all pairable values are the same
 * (no variation: alpha is undefined, not perfect). Percent agreement is the share of agreeing ordered
 * pairs of values within each unit, averaged over the pairable units (each counted by its weight):
 * Σ_u w_u·Σ_c n_uc(n_uc − 1)/(m_u(m_u − 1)) / Σ_u w_u.
 */
export function reliability(units: readonly ReliabilityUnit[]): Reliability {
  const marginals = new Map<string, number>();
  let n = 0;
  let diagonal = 0;
  let pairable = 0;
  let agreeing = 0;
  for (const unit of units) {
    const weight = unit.weight ?? 1;
    const counts = new Map<string, number>();
    let m = 0;
    for (const v of unit.values) {
      if (v === null) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      m++;
    }
    if (m < 2 || weight <= 0) continue;
    pairable += weight;
    n += weight * m;
    let same = 0;
    for (const [value, count] of counts) {
      marginals.set(value, (marginals.get(value) ?? 0) + weight * count);
      same += count * (count - 1);
    }
    diagonal += (weight * same) / (m - 1);
    agreeing += (weight * same) / (m * (m - 1));
  }
  let squares = 0;
  for (const c of marginals.values()) squares += c * c;
  const expected = n * n - squares;
  return {
    units: pairable,
    values: n,
    agreement: pairable === 0 ? null : agreeing / pairable,
    alpha: n < 2 || expected <= 0 ? null : 1 - ((n - 1) * (n - diagonal)) / expected,
  };
}

/**
 * Cohen's (1960) kappa between coders `a` and `b` (indices into each unit's values) over the units both
 * gave a value, with any number of categories; weights count as repeated units. pₒ is the share of those
 * units with equal values, pₑ = Σ_c p_a(c)·p_b(c) from each coder's own marginals. Null when no unit has
 * both values or pₑ = 1.
 */
export function cohenKappa(units: readonly ReliabilityUnit[], a: number, b: number): number | null {
  const ofA = new Map<string, number>();
  const ofB = new Map<string, number>();
  let n = 0;
  let equal = 0;
  for (const unit of units) {
    const x = unit.values[a];
    const y = unit.values[b];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    const w = unit.weight ?? 1;
    n += w;
    if (x === y) equal += w;
    ofA.set(x, (ofA.get(x) ?? 0) + w);
    ofB.set(y, (ofB.get(y) ?? 0) + w);
  }
  if (n === 0) return null;
  let pe = 0;
  for (const [value, count] of ofA) pe += (count / n) * ((ofB.get(value) ?? 0) / n);
  return chanceCorrected(equal / n, pe);
}

/**
 * Precision, recall, F1 and kappa of coder `test` against coder `gold` for one value `positive`, over
 * the units both gave a value (weights count as repeated units): a unit is positive for a coder when its
 * value is `positive`. The 2×2 table and its measures are those of `agreementOf`.
 */
export function agreementWith(units: readonly ReliabilityUnit[], code: string, gold: number, test: number, positive: string): CodeAgreement {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const unit of units) {
    const g = unit.values[gold];
    const t = unit.values[test];
    if (g === null || g === undefined || t === null || t === undefined) continue;
    const w = unit.weight ?? 1;
    if (g === positive && t === positive) tp += w;
    else if (t === positive) fp += w;
    else if (g === positive) fn += w;
    else tn += w;
  }
  return agreementOf(code, tp, fp, fn, tn);
}
