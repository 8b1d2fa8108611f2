// Unit-by-unit agreement of a binary coding with a reference coder: precision, recall, F1 and Cohen's kappa.
import type { CodeAgreement } from './model.js';

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

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
  const pe = n === 0 ? 1 : ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  return {
    code,
    support: tp + fn,
    tp, fp, fn, tn,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    kappa: pe >= 1 ? 0 : (po - pe) / (1 - pe),
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
