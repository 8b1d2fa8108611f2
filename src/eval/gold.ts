// Compares automatic coding with a hand-coded gold standard, unit by unit: precision, recall, F1.
import type { CodedSegment } from '../model/types.js';
import { topLevelOf } from '../codebook/tree.js';

export interface GoldUnit {
  text: string;
  codes: string[];
}

export interface GoldStandard {
  coder: string;
  unit: string;
  documents: Record<string, GoldUnit[]>;
}

export interface CodeScore {
  code: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface GoldComparison {
  perCode: CodeScore[];
  micro: CodeScore;
  macroF1: number;
  units: number;
  /** Gold units whose text no automatic unit has (segmentation disagreement). */
  unmatched: { document: string; text: string }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

function score(code: string, tp: number, fp: number, fn: number): CodeScore {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { code, tp, fp, fn, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

/**
 * Scores top-level codes per unit. `unitTexts` maps each document to the texts of its automatic units
 * (so gold units can be aligned by exact text); segments are rolled up to their top-level code.
 */
export function compareWithGold(gold: GoldStandard, segments: readonly CodedSegment[], unitTexts: Map<string, Set<string>>, codes: readonly string[]): GoldComparison {
  const predicted = new Map<string, Set<string>>();
  for (const s of segments) {
    const key = `${s.document}\u0000${s.text}`;
    const set = predicted.get(key) ?? new Set<string>();
    set.add(topLevelOf(s.code));
    predicted.set(key, set);
  }
  const counts = new Map(codes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const unmatched: { document: string; text: string }[] = [];
  let units = 0;
  for (const [doc, list] of Object.entries(gold.documents).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const unit of list) {
      if (!unitTexts.get(doc)?.has(unit.text)) {
        unmatched.push({ document: doc, text: unit.text });
        continue;
      }
      units++;
      const got = predicted.get(`${doc}\u0000${unit.text}`) ?? new Set<string>();
      for (const code of codes) {
        const c = counts.get(code)!;
        const inGold = unit.codes.includes(code);
        const inAuto = got.has(code);
        if (inGold && inAuto) c.tp++;
        else if (inAuto) c.fp++;
        else if (inGold) c.fn++;
      }
    }
  }
  const perCode = codes.map((code) => {
    const c = counts.get(code)!;
    return score(code, c.tp, c.fp, c.fn);
  });
  const sum = (k: 'tp' | 'fp' | 'fn') => perCode.reduce((n, s) => n + s[k], 0);
  return {
    perCode,
    micro: score('micro', sum('tp'), sum('fp'), sum('fn')),
    macroF1: ratio(perCode.reduce((n, s) => n + s.f1, 0), perCode.length),
    units,
    unmatched,
  };
}

/** Side-by-side table of several codings of the same gold set: per code TP/FP/FN and P/R/F1 %, then micro and macro. */
export function formatComparisons(columns: readonly [label: string, result: GoldComparison][]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(6);
  const cell = (s: CodeScore) => `${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}`;
  const blank = ' '.repeat(cell({ code: '', tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 }).length);
  const head1 = `${''.padEnd(12)}${columns.map(([label]) => ` | ${label.padEnd(blank.length)}`).join('')}`;
  const head2 = `${'code'.padEnd(12)}${columns.map(() => ` | ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'P%'.padStart(6)} ${'R%'.padStart(6)} ${'F1%'.padStart(6)}`).join('')}`;
  const first = columns[0]?.[1];
  if (!first) return '';
  const lines = [head1, head2];
  first.perCode.forEach((s, i) => lines.push(`${s.code.padEnd(12)}${columns.map(([, r]) => ` | ${cell(r.perCode[i]!)}`).join('')}`));
  lines.push(`${'micro'.padEnd(12)}${columns.map(([, r]) => ` | ${cell(r.micro)}`).join('')}`);
  lines.push(`${'macro F1'.padEnd(12)}${columns.map(([, r]) => ` | ${`${(r.macroF1 * 100).toFixed(1)}`.padStart(blank.length)}`).join('')}`);
  lines.push(`(${first.units} gold units aligned, ${first.unmatched.length} unaligned)`);
  return `${lines.join('\n')}\n`;
}
