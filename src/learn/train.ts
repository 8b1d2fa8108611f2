// Trains per-code classifiers on human-coded units, chooses thresholds and measures them by document-grouped cross-validation.
import { createHash } from 'node:crypto';
import type { CompiledCodebook } from '../engine/compile.js';
import { codeDocument } from '../engine/code.js';
import { Positions } from '../engine/positions.js';
import { selfAndAncestors } from '../codebook/tree.js';
import type { SourceDocument, Unit, UnitKind } from '../model/types.js';
import { averages, bestThreshold, compareBinary } from './agreement.js';
import { featurizeDocument, type FeatureFamily } from './features.js';
import { fitLogistic, margin, toSparseRows, type SparseRows } from './logistic.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, round6, type CodeAgreement, type CodeClassifier, type CrossValidation, type TrainedModel } from './model.js';

/** A person's coding of a span: code-point offsets into the document's normalized text, end-exclusive. */
export interface HumanCode {
  document: string;
  code: string;
  start: number;
  end: number;
}

/** A coded unit of the training data: its features, the human's codes and the rules' codes (each with ancestors). */
export interface TrainingExample {
  document: string;
  unit: Unit;
  text: string;
  features: string[];
  human: Set<string>;
  rules: Set<string>;
}

export interface TrainOptions {
  unit: UnitKind;
  families: FeatureFamily[];
  /**
   * λ of the L2 penalty. Default 8, chosen by nested cross-validation on both bundled training
   * corpora (top-level macro F1 by λ, English 14,151 units: 15 60.9, 8 61.1; Lithuanian 12,430
   * units: 30 62.8, 15 63.8, 8 64.2, 4 64.0).
   */
  l2?: number;
  /** Cross-validation folds, grouped by document. Default 5 (fewer when there are fewer documents). */
  folds?: number;
  /** Seed of the document shuffle that assigns folds. Default 1. */
  seed?: number;
  /** A code gets a classifier only with at least this many positive units. Default 8. */
  minPositives?: number;
  /** Features seen in fewer units are not used. Default 2. */
  minUnits?: number;
  /** Train only these codes (still subject to minPositives); default every code of the codebook. */
  only?: readonly string[];
  /** Weight of a positive unit's loss relative to a negative one's (>1 favours recall on rare codes). Default 1. */
  positiveWeight?: number;
  /** Name of the human coder, recorded in the model. */
  coder: string;
  /**
   * Also measure the model by nested cross-validation (each outer fold's thresholds chosen by an
   * inner 3-fold CV on its own training documents) and record the figures in the model. The weights,
   * thresholds and shipped codes are the same either way; this only adds the measurement (about 4×
   * the fits). Default false.
   */
  crossValidate?: boolean;
}

/**
 * Builds training examples: every coded unit (respondents' by default) of each document that has
 * human codes; a unit that overlaps a human span is positive for its code and that code's ancestors.
 * `human` offsets are code points (the segments contract). Documents without any human code are left
 * out (and returned, so the caller can warn), and so are human spans that overlap no coded unit
 * (e.g. in an interviewer turn or front matter): `unused`.
 */
export function trainingExamples(compiled: CompiledCodebook, docs: readonly SourceDocument[], human: readonly HumanCode[], families: FeatureFamily[], unit: UnitKind): { examples: TrainingExample[]; uncoded: string[]; unused: HumanCode[] } {
  const byDoc = new Map<string, HumanCode[]>();
  for (const h of human) {
    const list = byDoc.get(h.document);
    if (list) list.push(h);
    else byDoc.set(h.document, [h]);
  }
  const examples: TrainingExample[] = [];
  const uncoded: string[] = [];
  const used = new Set<HumanCode>();
  for (const doc of [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const codes = byDoc.get(doc.id);
    if (!codes) {
      uncoded.push(doc.id);
      continue;
    }
    const ruleSegments = codeDocument(compiled, doc, { unit });
    const rulesByUnit = new Map<string, Set<string>>();
    for (const s of ruleSegments) {
      const set = rulesByUnit.get(s.unit) ?? new Set<string>();
      for (const a of selfAndAncestors(s.code)) set.add(a);
      rulesByUnit.set(s.unit, set);
    }
    const positions = Positions.of(doc.text);
    for (const f of featurizeDocument(compiled, doc, ruleSegments, { families }, { unit })) {
      const start = positions.codePoint(f.unit.start);
      const end = positions.codePoint(f.unit.end);
      const humanCodes = new Set<string>();
      for (const h of codes) {
        if (!(h.start < end && h.end > start)) continue;
        used.add(h);
        for (const a of selfAndAncestors(h.code)) humanCodes.add(a);
      }
      examples.push({ document: doc.id, unit: f.unit, text: f.text, features: f.features, human: humanCodes, rules: rulesByUnit.get(`${f.unit.kind}:${f.unit.index}`) ?? new Set() });
    }
  }
  return { examples, uncoded, unused: human.filter((h) => !used.has(h) && !uncoded.includes(h.document)) };
}

/** A small deterministic PRNG (mulberry32): numbers in [0, 1) from a 32-bit seed, the same on every machine (fold shuffles, the benchmark's corpus). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Assigns each document to one of `k` folds: documents sorted by id, shuffled with the seed, dealt in turn. */
export function documentFolds(documents: readonly string[], k: number, seed: number): Map<string, number> {
  const docs = [...new Set(documents)].sort();
  const random = mulberry32(seed);
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
  }
  return new Map(docs.map((d, i) => [d, i % k]));
}

interface Fitted {
  vocabulary: Map<string, number>;
  names: string[];
  classifiers: Map<string, { weights: Float64Array; bias: number }>;
}

function vectorize(examples: readonly TrainingExample[], which: readonly number[], vocabulary: Map<string, number>): SparseRows {
  return toSparseRows(which.map((i) => {
    const row: [number, number][] = [];
    for (const f of examples[i]!.features) {
      const j = vocabulary.get(f);
      if (j !== undefined) row.push([j, 1]);
    }
    return row.sort((a, b) => a[0] - b[0]);
  }), vocabulary.size);
}

function fit(examples: readonly TrainingExample[], which: readonly number[], codes: readonly string[], l2: number, minUnits: number, positiveWeight = 1): Fitted {
  const counts = new Map<string, number>();
  for (const i of which) for (const f of examples[i]!.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts].filter(([, n]) => n >= minUnits).map(([f]) => f).sort();
  const vocabulary = new Map(names.map((f, j) => [f, j]));
  const x = vectorize(examples, which, vocabulary);
  const classifiers = new Map<string, { weights: Float64Array; bias: number }>();
  for (const code of codes) {
    const labels = Uint8Array.from(which, (i) => (examples[i]!.human.has(code) ? 1 : 0));
    if (!labels.includes(1)) continue;
    const model = fitLogistic(x, labels, { l2, positiveWeight });
    classifiers.set(code, { weights: model.weights, bias: model.bias });
  }
  return { vocabulary, names, classifiers };
}

function predict(fitted: Fitted, examples: readonly TrainingExample[], which: readonly number[], codes: readonly string[]): Map<string, Float64Array> {
  const x = vectorize(examples, which, fitted.vocabulary);
  const out = new Map<string, Float64Array>();
  for (const code of codes) {
    const probs = new Float64Array(which.length);
    const c = fitted.classifiers.get(code);
    for (let r = 0; r < which.length; r++) probs[r] = c ? 1 / (1 + Math.exp(-margin(x, r, c.weights, c.bias))) : 0;
    out.set(code, probs);
  }
  return out;
}

/** Indices of examples by fold. */
function splitByFold(examples: readonly TrainingExample[], which: readonly number[], folds: Map<string, number>, k: number): number[][] {
  const parts: number[][] = Array.from({ length: k }, () => []);
  for (const i of which) parts[folds.get(examples[i]!.document)!]!.push(i);
  return parts;
}

/** Out-of-fold probabilities for `which`, in the order of `which`, by `k`-fold CV grouped by document. */
function outOfFold(examples: readonly TrainingExample[], which: readonly number[], codes: readonly string[], k: number, seed: number, l2: number, minUnits: number, positiveWeight: number): Map<string, Float64Array> {
  const folds = documentFolds(which.map((i) => examples[i]!.document), k, seed);
  const parts = splitByFold(examples, which, folds, k);
  const position = new Map(which.map((i, p) => [i, p]));
  const out = new Map(codes.map((c) => [c, new Float64Array(which.length)]));
  for (let f = 0; f < k; f++) {
    const test = parts[f]!;
    if (test.length === 0) continue;
    const train = parts.flatMap((p, g) => (g === f ? [] : p));
    const fitted = fit(examples, train, codes, l2, minUnits, positiveWeight);
    const probs = predict(fitted, examples, test, codes);
    for (const code of codes) {
      const target = out.get(code)!;
      const source = probs.get(code)!;
      test.forEach((i, r) => (target[position.get(i)!] = source[r]!));
    }
  }
  return out;
}

/** The codes worth a classifier: codebook order, at least `minPositives` positive and negative units. */
export function trainableCodes(compiled: CompiledCodebook, examples: readonly TrainingExample[], minPositives: number): string[] {
  return compiled.codebook.codes
    .map((c) => c.id)
    .filter((id) => {
      const n = examples.filter((e) => e.human.has(id)).length;
      return n >= minPositives && examples.length - n >= minPositives;
    });
}

/** What a training run does, fixed before any fitting: the codes, the folds and the settings. */
export interface TrainPlan {
  codes: string[];
  documents: string[];
  /** Outer folds: example indices per fold (a fold's test part; the rest trains). */
  parts: number[][];
  l2: number;
  seed: number;
  minPositives: number;
  minUnits: number;
  positiveWeight: number;
  /** Run the inner folds that measure the model (`TrainOptions.crossValidate`). */
  crossValidate: boolean;
}

/**
 * One outer fold's out-of-fold probabilities (per code, aligned with `test`) and, when the plan
 * cross-validates, the thresholds chosen inside it by its inner folds.
 */
export interface FoldResult {
  fold: number;
  /** The codes this result covers (a fold may be run in parts, a few codes each), in plan order. */
  codes: string[];
  test: number[];
  probabilities: Float64Array[];
  thresholds?: Float64Array;
}

/** Fixes codes, folds and settings. Throws Error when there are fewer than two documents. */
export function planTraining(compiled: CompiledCodebook, examples: readonly TrainingExample[], options: TrainOptions): TrainPlan {
  const seed = options.seed ?? 1;
  const minPositives = options.minPositives ?? 8;
  const documents = [...new Set(examples.map((e) => e.document))].sort();
  if (documents.length < 2) throw new Error('training needs at least two coded documents (cross-validation holds documents out)');
  const k = Math.min(options.folds ?? 5, documents.length);
  const all = examples.map((_, i) => i);
  return {
    codes: trainableCodes(compiled, examples, minPositives).filter((c) => !options.only || options.only.includes(c)),
    documents,
    parts: splitByFold(examples, all, documentFolds(documents, k, seed), k),
    l2: options.l2 ?? 8,
    seed,
    minPositives,
    minUnits: options.minUnits ?? 2,
    positiveWeight: options.positiveWeight ?? 1,
    crossValidate: options.crossValidate ?? false,
  };
}

/**
 * Runs outer fold `f`: fits on the other folds and predicts this one. When the plan cross-validates,
 * it also chooses each code's threshold by an inner 3-fold CV on the training documents only, so the
 * fold's figures never see its test documents. Pure and deterministic: folds can run in any order or
 * in parallel.
 */
export function runFold(examples: readonly TrainingExample[], plan: TrainPlan, f: number, codes: readonly string[] = plan.codes): FoldResult {
  const { parts, l2, minUnits, positiveWeight, seed } = plan;
  const test = parts[f]!;
  if (test.length === 0) return { fold: f, codes: [...codes], test, probabilities: codes.map(() => new Float64Array(0)), ...(plan.crossValidate ? { thresholds: new Float64Array(codes.length).fill(0.5) } : {}) };
  const train = parts.flatMap((p, g) => (g === f ? [] : p));
  const probs = predict(fit(examples, train, codes, l2, minUnits, positiveWeight), examples, test, codes);
  const probabilities = codes.map((code) => probs.get(code)!);
  if (!plan.crossValidate) return { fold: f, codes: [...codes], test, probabilities };
  const thresholds = new Float64Array(codes.length).fill(0.5);
  // Inner folds: 3, or 2 when the outer fold trains on two documents only (the CLI refuses --cv with
  // fewer than three coded documents, so there are always at least two).
  const trainDocs = new Set(train.map((i) => examples[i]!.document)).size;
  if (trainDocs >= 2) {
    const inner = outOfFold(examples, train, codes, Math.min(3, trainDocs), seed + 1 + f, l2, minUnits, positiveWeight);
    codes.forEach((code, c) => (thresholds[c] = bestThreshold(inner.get(code)!, Uint8Array.from(train, (i) => (examples[i]!.human.has(code) ? 1 : 0)))));
  }
  return { fold: f, codes: [...codes], test, probabilities, thresholds };
}

/** The final model's classifiers before pruning: feature names (sorted) and, per code, weights aligned with them. */
export interface FinalFit {
  names: string[];
  classifiers: Map<string, { weights: Float64Array; bias: number }>;
}

/**
 * Fits the final classifiers of `codes` on every example. Each code's fit depends only on the examples
 * and the plan, so fitting codes in parts (and in any thread) gives the same weights.
 */
export function fitFinal(examples: readonly TrainingExample[], plan: TrainPlan, codes: readonly string[] = plan.codes): FinalFit {
  const { names, classifiers } = fit(examples, examples.map((_, i) => i), codes, plan.l2, plan.minUnits, plan.positiveWeight);
  return { names, classifiers };
}

/** Splits the plan's codes into at most `n` contiguous parts of near-equal size (for spreading work over threads). */
export function codeParts(plan: TrainPlan, n: number): string[][] {
  const size = Math.ceil(plan.codes.length / Math.max(1, n));
  const out: string[][] = [];
  for (let i = 0; i < plan.codes.length; i += size) out.push(plan.codes.slice(i, i + size));
  return out;
}

/**
 * The folds' out-of-fold probabilities per code (each example's from the fold that held it out) and,
 * when the plan cross-validates, the decisions at each fold's own inner-CV thresholds (the nested
 * figures). Arrays by example index. Pure.
 */
function joinFolds(codes: readonly string[], n: number, results: readonly FoldResult[], crossValidate: boolean | undefined): { oof: Map<string, Float64Array>; decided: Map<string, Uint8Array> } {
  const oof = new Map(codes.map((c) => [c, new Float64Array(n)]));
  const decided = new Map(crossValidate ? codes.map((c) => [c, new Uint8Array(n)]) : []);
  for (const r of results) {
    r.codes.forEach((code, c) => {
      // Codes not asked for (sub-codes, when only the top-level ones are compared) are passed over.
      const probabilities = oof.get(code);
      if (probabilities === undefined) return;
      r.test.forEach((i, row) => {
        const p = r.probabilities[c]![row]!;
        probabilities[i] = p;
        if (r.thresholds) decided.get(code)![i] = p >= r.thresholds[c]! ? 1 : 0;
      });
    });
  }
  return { oof, decided };
}

/** Top-level figures of one way of combining model and rules (see vetoComparison). */
export interface CombinationFigures {
  macroF1: number;
  macroKappa: number;
  microPrecision: number;
  microRecall: number;
  /** Per top-level code: F1. */
  f1: Record<string, number>;
}

/**
 * Whether the model should be allowed to drop rule hits, measured by nested cross-validation: for
 * each top-level code, `model` decides as the learned coder does (the model's out-of-fold decision
 * at its fold's own threshold), `union` lets the model add a code but never remove one a rule gave
 * (decision or rule hit). Compared with the human coding of the training examples, unit by unit.
 * `results` are the folds of a plan made with `crossValidate` (FoldResult.thresholds set). Pure.
 * Throws Error when the folds carry no thresholds.
 */
export function vetoComparison(compiled: CompiledCodebook, examples: readonly TrainingExample[], results: readonly FoldResult[]): { model: CombinationFigures; union: CombinationFigures; rules: CombinationFigures } {
  if (results.some((r) => r.thresholds === undefined)) throw new Error('vetoComparison needs folds run with crossValidate');
  const top = compiled.codebook.codes.filter((c) => c.depth === 0).map((c) => c.id);
  const codes = [...new Set(results.flatMap((r) => r.codes))].filter((c) => top.includes(c));
  const { decided } = joinFolds(codes, examples.length, results, true);
  const figures = (decide: (code: string, i: number) => boolean): CombinationFigures => {
    const rows = codes.map((code) => compareBinary(code, Uint8Array.from(examples, (e) => (e.human.has(code) ? 1 : 0)), Uint8Array.from(examples, (_, i) => (decide(code, i) ? 1 : 0))));
    const a = averages(rows);
    return { macroF1: a.macroF1, macroKappa: a.macroKappa, microPrecision: a.microPrecision, microRecall: a.microRecall, f1: Object.fromEntries(rows.map((r) => [r.code, r.f1])) };
  };
  return {
    model: figures((code, i) => decided.get(code)![i] === 1),
    union: figures((code, i) => decided.get(code)![i] === 1 || examples[i]!.rules.has(code)),
    rules: figures((code, i) => examples[i]!.rules.has(code)),
  };
}

/**
 * Trains the model. Folds are grouped by document, never splitting one. Each code's threshold comes
 * from the outer folds' out-of-fold probabilities. With `options.crossValidate`, the model is also
 * measured by nested CV: within each outer fold, thresholds come from an inner 3-fold CV on that
 * fold's training documents, so the reported figures never see their test documents. Throws Error
 * when there are fewer than two documents.
 */
export function trainModel(compiled: CompiledCodebook, examples: readonly TrainingExample[], options: TrainOptions): TrainedModel {
  const plan = planTraining(compiled, examples, options);
  return finishTraining(compiled, examples, options, plan, plan.parts.map((_, f) => runFold(examples, plan, f)));
}

/**
 * Joins the folds' results (and, when cross-validating, the figures), fits the final model (unless
 * `finals`, parts of it fitted elsewhere by `fitFinal`, cover every code) and writes it out. Results
 * may come in any order and in parts by code.
 */
export function finishTraining(compiled: CompiledCodebook, examples: readonly TrainingExample[], options: TrainOptions, plan: TrainPlan, results: readonly FoldResult[], finals: readonly FinalFit[] = []): TrainedModel {
  const { codes, documents, l2, seed, minPositives, minUnits, positiveWeight } = plan;
  const k = plan.parts.length;
  const all = examples.map((_, i) => i);
  const { oof, decided } = joinFolds(codes, examples.length, results, plan.crossValidate);

  const reference = codes.map((code) => Uint8Array.from(examples, (e) => (e.human.has(code) ? 1 : 0)));
  const thresholds = codes.map((code, c) => bestThreshold(oof.get(code)!, reference[c]!));
  const ruleRows = codes.map((code, c) => compareBinary(code, reference[c]!, Uint8Array.from(examples, (e) => (e.rules.has(code) ? 1 : 0))));
  // Out-of-fold decisions at the threshold chosen on those same probabilities (slightly optimistic:
  // they decide only which sub-codes ship, not any reported figure).
  const oofRows = codes.map((code, c) => compareBinary(code, reference[c]!, Uint8Array.from(oof.get(code)!, (p) => (p >= thresholds[c]! ? 1 : 0))));
  const topLevel = new Set(compiled.codebook.codes.filter((c) => c.depth === 0).map((c) => c.id));
  let crossValidation: CrossValidation | undefined;
  if (plan.crossValidate) {
    const modelRows = codes.map((code, c) => compareBinary(code, reference[c]!, decided.get(code)!));
    const summarize = (coder: 'model' | 'rules', rows: CodeAgreement[]) => {
      const a = averages(rows.filter((r) => topLevel.has(r.code)));
      return { coder, macroF1: round6(a.macroF1), macroKappa: round6(a.macroKappa), microPrecision: round6(a.microPrecision), microRecall: round6(a.microRecall), microF1: round6(a.microF1) };
    };
    const roundRow = (r: CodeAgreement): CodeAgreement => ({ ...r, precision: round6(r.precision), recall: round6(r.recall), f1: round6(r.f1), kappa: round6(r.kappa) });
    crossValidation = {
      folds: k,
      documents: documents.length,
      units: examples.length,
      model: modelRows.map(roundRow),
      rules: ruleRows.map(roundRow),
      summary: [summarize('model', modelRows), summarize('rules', ruleRows)],
    };
  }

  // A sub-code's classifier ships only when its out-of-fold decisions beat the rules for that code;
  // otherwise the rules keep coding it. Top-level codes always get one: they decide what is coded.
  const shipped = codes.filter((code, i) => topLevel.has(code) || oofRows[i]!.f1 > ruleRows[i]!.f1);
  const fitted = new Map(finals.flatMap((part) => [...part.classifiers].map(([code, c]) => [code, { names: part.names, ...c }] as const)));
  const finalFit = shipped.every((code) => fitted.has(code)) ? undefined : fit(examples, all, shipped, l2, minUnits, positiveWeight);
  const final = finalFit ? (code: string) => ({ names: finalFit.names, ...finalFit.classifiers.get(code)! }) : (code: string) => fitted.get(code)!;
  const pruned = 5e-3;
  // Each code's kept weights by feature name, then one sorted vocabulary they all index into.
  const kept = shipped.map((code) => {
    const c = final(code);
    const pairs: [string, number][] = [];
    c.names.forEach((name, j) => {
      const w = c.weights[j]!;
      if (Math.abs(w) >= pruned) pairs.push([name, round4(w)]);
    });
    return { code, bias: c.bias, pairs };
  });
  const vocabulary = [...new Set(kept.flatMap((k) => k.pairs.map(([name]) => name)))].sort();
  const index = new Map(vocabulary.map((name, j) => [name, j]));
  const classifiers: Record<string, CodeClassifier> = {};
  for (const { code, bias, pairs } of kept) {
    classifiers[code] = {
      positives: examples.filter((e) => e.human.has(code)).length,
      bias: round6(bias),
      threshold: round6(thresholds[codes.indexOf(code)]!),
      weights: pairs.map(([name, w]) => [index.get(name)!, w] as const).sort((a, b) => a[0] - b[0]).flat(),
    };
  }

  const spec = compiled.codebook.spec;
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    codebook: { name: spec.codebook, version: spec.version, language: spec.language },
    unit: options.unit,
    features: { families: [...options.families] },
    training: {
      fingerprint: fingerprint(examples, options, l2, seed, k, minPositives),
      coder: options.coder,
      documents: documents.length,
      units: examples.length,
      l2,
      folds: k,
      seed,
      minPositives,
      pruned,
    },
    vocabulary,
    codes: classifiers,
    ...(crossValidation ? { crossValidation } : {}),
  };
}

/** Rounds to 4 significant digits: weights need no more, and the file stays small. */
function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function fingerprint(examples: readonly TrainingExample[], options: TrainOptions, l2: number, seed: number, folds: number, minPositives: number): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ unit: options.unit, families: options.families, l2, seed, folds, minPositives, minUnits: options.minUnits ?? 2 }));
  for (const e of examples) hash.update(`\n${e.document}\u0000${e.unit.index}\u0000${e.text}\u0000${[...e.human].sort().join(',')}`);
  return `sha256:${hash.digest('hex')}`;
}
