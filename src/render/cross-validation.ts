// Renders a model's cross-validated agreement with the human coder: terminal table, CSV or JSON.
import type { CodeAgreement, CrossValidation } from '../learn/model.js';
import { toCsv } from './csv.js';

export const CV_FORMATS = ['table', 'csv', 'json'] as const;
export type CvFormat = (typeof CV_FORMATS)[number];

const pct = (x: number) => (x * 100).toFixed(1);
const fixed = (x: number) => x.toFixed(3);
/** A number rounded to 3 decimals, kept a number so CSV readers (and the formula guard) treat it as one. */
const num = (x: number) => Math.round(x * 1000) / 1000;

/** Rows of model and rules side by side, per code in the model's order. */
function pairs(cv: CrossValidation): [CodeAgreement, CodeAgreement | undefined][] {
  const rules = new Map(cv.rules.map((r) => [r.code, r]));
  return cv.model.map((m) => [m, rules.get(m.code)]);
}

/**
 * The cross-validation report. `table`: one line per code (support; model P%, R%, F1%, kappa; rules
 * alone the same), then macro and micro averages over top-level codes. `csv`: one row per code and
 * coder. `json`: the `crossValidation` object of the model file.
 */
export function renderCrossValidation(cv: CrossValidation, format: CvFormat): string {
  if (format === 'json') return `${JSON.stringify(cv, null, 2)}\n`;
  if (format === 'csv') {
    const rows: unknown[][] = pairs(cv).flatMap(([m, r]) => [m, r].filter((x): x is CodeAgreement => x !== undefined).map((x, i) => [x.code, i === 0 ? 'model' : 'rules', x.support, x.tp, x.fp, x.fn, x.tn, num(x.precision), num(x.recall), num(x.f1), num(x.kappa)]));
    for (const s of cv.summary) rows.push([`macro (top-level)`, s.coder, '', '', '', '', '', '', '', num(s.macroF1), num(s.macroKappa)], [`micro (top-level)`, s.coder, '', '', '', '', '', num(s.microPrecision), num(s.microRecall), num(s.microF1), '']);
    return toCsv(['code', 'coder', 'support', 'tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'kappa'], rows);
  }
  const width = Math.max(12, ...cv.model.map((m) => m.code.length)) + 1;
  const head = `${'code'.padEnd(width)}${'n'.padStart(5)} | ${'model P%'.padStart(8)} ${'R%'.padStart(5)} ${'F1%'.padStart(5)} ${'kappa'.padStart(6)} | ${'rules P%'.padStart(8)} ${'R%'.padStart(5)} ${'F1%'.padStart(5)} ${'kappa'.padStart(6)}`;
  const cells = (x: CodeAgreement | undefined, w = 8) => (x ? `${pct(x.precision).padStart(w)} ${pct(x.recall).padStart(5)} ${pct(x.f1).padStart(5)} ${fixed(x.kappa).padStart(6)}` : ''.padStart(w + 19));
  const lines = [
    `Cross-validation: ${cv.folds} folds grouped by document, ${cv.documents} documents, ${cv.units} units`,
    head,
    '-'.repeat(head.length),
    ...pairs(cv).map(([m, r]) => `${m.code.padEnd(width)}${String(m.support).padStart(5)} | ${cells(m)} | ${cells(r)}`),
    '',
  ];
  for (const s of cv.summary) {
    lines.push(`${s.coder.padEnd(6)} top-level: macro F1 ${pct(s.macroF1)}%, macro kappa ${fixed(s.macroKappa)}, micro P ${pct(s.microPrecision)}% R ${pct(s.microRecall)}% F1 ${pct(s.microF1)}%`);
  }
  return `${lines.join('\n')}\n`;
}
