// The learned coder: scores each unit with a trained model and joins its decisions with the rule coder's evidence.
import type { CompiledCodebook } from '../engine/compile.js';
import { unitSegment, type CodeOptions } from '../engine/code.js';
import type { Coder } from '../engine/coder.js';
import { Positions } from '../engine/positions.js';
import { isWithin, selfAndAncestors, topLevelOf } from '../codebook/tree.js';
import { QevalError } from '../model/errors.js';
import type { CodedSegment, SourceDocument, Unit, UnitKind } from '../model/types.js';
import { walkFeatures, type FeatureSink, type StemEntry, type StemFamily, type UnitOptions, type WordEntry } from './features.js';
import { stopwords } from '../lang/stopwords.js';
import type { TrainedModel } from './model.js';

/** How many features an explanation lists (those that pushed the probability up most). */
export const EXPLAINED_FEATURES = 5;

/**
 * A model made ready for scoring. Its codes fall into groups: the top-level codes, then per top-level
 * code the codes below it; its weights are laid out by feature, then group (see ScoringTable), so a
 * unit is scored for the top-level codes first and for the codes below one only when it gets that
 * one. `explains[j]` says whether feature `j` (`feature.get(name)`) may explain a segment.
 */
export interface PreparedModel {
  model: TrainedModel;
  codes: string[];
  bias: Float64Array;
  feature: Map<string, number>;
  table: ScoringTable;
  /** `groupOf[k]` is code `k`'s group (0: the top-level codes). */
  groupOf: Int32Array;
  explains: Uint8Array;
  /** The same features by family and key (`s:trust` under `s`, `trust`), bigrams by first then second stem: looked up without building names. */
  byFamily: Map<string, Map<string, number>>;
  bigrams: Map<string, Map<string, number>>;
  /** How the codes' classifiers relate (combine's decisions). */
  plan: CodePlan;
}

/**
 * A model's weights by group of codes, each group's dense by feature: feature `j`'s weights on group
 * `g`'s codes are `groups[g].weights[j * size .. (j + 1) * size)`, in the order of `groups[g].codes`
 * (indices into PreparedModel.codes, ascending), 0 where the model has none. Scoring a unit for a
 * group then reads one short run of memory per feature (a cache line for the top-level codes), and
 * adding a 0 leaves a score as it was, so scores are those of the sparse weights, bit for bit.
 */
export interface ScoringTable {
  groups: { size: number; codes: Int32Array; weights: Float64Array }[];
  /** Code `k`'s place in its group's `codes`. */
  place: Int32Array;
}

/**
 * A model's weights by feature in compressed form: feature `j` weighs on codes
 * `weightCode[start[j] .. start[j+1])` (indices into the model's codes, ascending) with `weight` at
 * the same places.
 */
export interface InvertedWeights {
  start: Int32Array;
  weightCode: Int32Array;
  weight: Float64Array;
  /**
   * The same weights laid out for scoring, one array per group of codes (ScoringTable's `weights`,
   * as scoringWeights gives them), when the build's binary copy of the model holds them: then they
   * are used as they are (views of memory the threads of a run share) instead of laid out again.
   */
  tables?: Float64Array[];
}

/**
 * Inverts the model's per-code weight tables into one table by feature, so scoring a unit costs one
 * lookup per feature whatever the number of codes: a counting pass over the codes' index-weight pairs,
 * then a filling pass in code order (so each feature's codes ascend). Pure.
 */
export function invertWeights(model: TrainedModel): InvertedWeights {
  const codes = Object.keys(model.codes);
  const n = model.vocabulary.length;
  const start = new Int32Array(n + 1);
  for (const code of codes) {
    const pairs = model.codes[code]!.weights;
    for (let i = 0; i < pairs.length; i += 2) start[pairs[i]! + 1]!++;
  }
  for (let j = 0; j < n; j++) start[j + 1]! += start[j]!;
  const weightCode = new Int32Array(start[n]!);
  const weight = new Float64Array(start[n]!);
  const next = start.slice(0, n);
  codes.forEach((code, k) => {
    const pairs = model.codes[code]!.weights;
    for (let i = 0; i < pairs.length; i += 2) {
      const at = next[pairs[i]!]!++;
      weightCode[at] = k;
      weight[at] = pairs[i + 1]!;
    }
  });
  return { start, weightCode, weight };
}

/**
 * The model made ready for scoring: its weights inverted by feature (invertWeights, or `inverted`
 * when they come so from the build's binary copy of the model), its features by name, family and
 * bigram. `stem` is the codebook's stemmer, so stop words are also known in their stemmed form and
 * never explain a segment.
 */
export function prepareModel(model: TrainedModel, stem: (word: string) => string = (w) => w, inverted: InvertedWeights = invertWeights(model)): PreparedModel {
  const codes = Object.keys(model.codes);
  const { table, groupOf } = scoringTable(codes, inverted);
  const isExplaining = explainable(model.codebook.language, stem);
  const explains = Uint8Array.from(model.vocabulary, (f) => (isExplaining(f) ? 1 : 0));
  const feature = new Map(model.vocabulary.map((f, j) => [f, j]));
  const byFamily = new Map<string, Map<string, number>>();
  const bigrams = new Map<string, Map<string, number>>();
  model.vocabulary.forEach((f, j) => {
    const colon = f.indexOf(':');
    const family = f.slice(0, colon);
    const key = f.slice(colon + 1);
    if (family === 'b') {
      // Stems have no underscore (words are letters, marks, digits and apostrophes), so the first one splits the pair.
      const cut = key.indexOf('_');
      const firsts = bigrams.get(key.slice(0, cut)) ?? new Map<string, number>();
      firsts.set(key.slice(cut + 1), j);
      bigrams.set(key.slice(0, cut), firsts);
    } else {
      const keys = byFamily.get(family) ?? new Map<string, number>();
      keys.set(key, j);
      byFamily.set(family, keys);
    }
  });
  return { model, codes, bias: Float64Array.from(codes, (c) => model.codes[c]!.bias), feature, table, groupOf, explains, byFamily, bigrams, plan: codePlan(model, codes) };
}

/**
 * Lays weights inverted by feature out by feature, then group of codes (ScoringTable): group 0 the
 * top-level codes, then one per top-level code (in code order) with the codes below it. Within a
 * group each feature's codes keep their ascending order, so a code's score adds the same weights in
 * the same order (by feature) as over all codes at once: the same double, bit for bit. The groups'
 * weights are `inverted.tables` when they are there with the right lengths, else laid out here.
 */
function scoringTable(codes: readonly string[], inverted: InvertedWeights): { table: ScoringTable; groupOf: Int32Array } {
  const { groups: layout, place, groupOf } = scoringLayout(codes);
  const n = inverted.start.length - 1;
  const given = inverted.tables;
  const fits = given !== undefined && given.length === layout.length && layout.every((g, i) => given[i]!.length === n * g.size);
  const weights = fits ? given : fillWeights(layout, place, groupOf, inverted);
  return { table: { groups: layout.map((g, i) => ({ ...g, weights: weights[i]! })), place }, groupOf };
}

/**
 * A model's weights laid out for scoring (see scoringTable): per group of codes, feature `j`'s
 * weights on the group's codes at `[j * size, (j + 1) * size)`, 0 where the model has none. Sizes:
 * features × codes of the group, 64-bit floats. Pure.
 */
export function scoringWeights(codes: readonly string[], inverted: InvertedWeights): Float64Array[] {
  const { groups, place, groupOf } = scoringLayout(codes);
  return fillWeights(groups, place, groupOf, inverted);
}

/** The groups of codes (ScoringTable): each group's members (indices into `codes`, ascending), each code's place in its group and its group. */
function scoringLayout(codes: readonly string[]): { groups: { size: number; codes: Int32Array }[]; place: Int32Array; groupOf: Int32Array } {
  const tops = [...new Set(codes.map(topLevelOf))];
  const topGroup = new Map(tops.map((t, g) => [t, g + 1]));
  const groupOf = Int32Array.from(codes, (c) => (c.includes('.') ? topGroup.get(topLevelOf(c))! : 0));
  const place = new Int32Array(codes.length);
  const groups: { size: number; codes: Int32Array }[] = [];
  for (let g = 0; g <= tops.length; g++) {
    const members = Int32Array.from(codes.keys()).filter((k) => groupOf[k] === g);
    members.forEach((k, m) => (place[k] = m));
    groups.push({ size: members.length, codes: members });
  }
  return { groups, place, groupOf };
}

function fillWeights(groups: readonly { size: number }[], place: Int32Array, groupOf: Int32Array, { start, weightCode, weight }: InvertedWeights): Float64Array[] {
  const n = start.length - 1;
  const weights = groups.map((g) => new Float64Array(n * g.size));
  for (let j = 0; j < n; j++) {
    for (let i = start[j]!; i < start[j + 1]!; i++) {
      const k = weightCode[i]!;
      const g = groupOf[k]!;
      weights[g]![j * groups[g]!.size + place[k]!] = weight[i]!;
    }
  }
  return weights;
}

/** What combine needs of a model's codes, the same for every document and window. */
interface CodePlan {
  modelled: Set<string>;
  topModelled: string[];
  /** The closest code with a classifier, which speaks for a rule's code: itself, else its nearest ancestor. */
  own: (code: string) => string;
  index: Map<string, number>;
  threshold: Float64Array;
  /** topModelled's indices into the codes, and per top-level code (same order) the codes below it with a classifier and their indices. */
  topIndex: Int32Array;
  below: { code: string; k: number }[][];
}

function codePlan(model: TrainedModel, codes: readonly string[]): CodePlan {
  const modelled = new Set(codes);
  const topModelled = codes.filter((c) => !c.includes('.'));
  const owners = new Map<string, string>();
  const own = (code: string): string => {
    let found = owners.get(code);
    if (found === undefined) {
      found = selfAndAncestors(code).reverse().find((c) => modelled.has(c))!;
      owners.set(code, found);
    }
    return found;
  };
  const index = new Map(codes.map((c, k) => [c, k]));
  return {
    modelled,
    topModelled,
    own,
    index,
    threshold: Float64Array.from(codes, (c) => model.codes[c]!.threshold),
    topIndex: Int32Array.from(topModelled, (c) => index.get(c)!),
    below: topModelled.map((top) => codes.filter((c) => c !== top && isWithin(c, top)).map((code) => ({ code, k: index.get(code)! }))),
  };
}

/** A StemEntry's memo slots per family: the index of `<family>:<stem>`, -1 when the model has none, -2 until looked up. */
const SLOT: Record<StemFamily, number> = { s: 0, neg: 1, q: 2, c: 3 };

/** How many bigram lookups are kept per model (on the stem entries), at most PAIRS_KEPT. */
const pairsKept = new WeakMap<PreparedModel, number>();
const PAIRS_KEPT = 500_000;

/**
 * A FeatureSink that keeps, per unit, the model's indices of the features found (features the model
 * does not know are dropped): `take()` gives them ascending and distinct, which is the order of their
 * names (the vocabulary is sorted), so scores add up in the same order as over named features. What
 * it looks up in the model it keeps on the word and stem entries, so a word seen before costs no
 * lookup in the model's tables.
 */
class IndexSink implements FeatureSink {
  /** The unit's indices so far, `count` of them (grown as needed). */
  private found = new Int32Array(256);
  private count = 0;
  /** Per feature index, the number of the unit it was last found in: a feature told twice is kept once. */
  private readonly seen: Int32Array;
  private unit = 0;
  private readonly families: Record<'w' | StemFamily, Map<string, number>>;
  constructor(private readonly prepared: PreparedModel) {
    const none = new Map<string, number>();
    const family = (f: string) => prepared.byFamily.get(f) ?? none;
    this.families = { w: family('w'), s: family('s'), neg: family('neg'), q: family('q'), c: family('c') };
    this.seen = new Int32Array(prepared.model.vocabulary.length);
  }

  begin(): void {
    this.count = 0;
    if (++this.unit === 0x7fffffff) {
      this.seen.fill(0);
      this.unit = 1;
    }
  }
  private push(j: number): void {
    if (this.seen[j] === this.unit) return;
    this.seen[j] = this.unit;
    if (this.count === this.found.length) {
      const grown = new Int32Array(this.found.length * 2);
      grown.set(this.found);
      this.found = grown;
    }
    this.found[this.count++] = j;
  }
  word(w: WordEntry): void {
    if (w.memo?.owner !== this.prepared) w.memo = { owner: this.prepared, index: this.families.w.get(w.key) ?? -1 };
    if (w.memo.index >= 0) this.push(w.memo.index);
  }
  private memoOf(x: StemEntry): NonNullable<StemEntry['memo']> {
    if (x.memo?.owner !== this.prepared) x.memo = { owner: this.prepared, index: new Int32Array(4).fill(-2), next: new Map() };
    return x.memo;
  }
  stem(family: StemFamily, x: StemEntry): void {
    const memo = this.memoOf(x);
    const slot = SLOT[family];
    let j = memo.index[slot]!;
    if (j === -2) j = memo.index[slot] = this.families[family].get(x.stem) ?? -1;
    if (j >= 0) this.push(j);
  }
  pair(first: StemEntry, second: StemEntry): void {
    const next = this.memoOf(first).next;
    let j = next.get(second.id);
    if (j === undefined) {
      j = this.prepared.bigrams.get(first.stem)?.get(second.stem) ?? -1;
      // Bigrams are many: past PAIRS_KEPT of them kept per model, new ones are looked up each time.
      const kept = pairsKept.get(this.prepared) ?? 0;
      if (kept < PAIRS_KEPT) {
        next.set(second.id, j);
        pairsKept.set(this.prepared, kept + 1);
      }
    }
    if (j >= 0) this.push(j);
  }
  name(feature: string): void {
    const j = this.prepared.feature.get(feature);
    if (j !== undefined) this.push(j);
  }
  take(): Int32Array {
    return this.found.slice(0, this.count).sort();
  }
}

/**
 * Features worth showing a reader: the words (`w:`), not their stems (`s:`, the same evidence, harder
 * to read), no speaker-family features, and no stop words in any family ("w:the", "q:what").
 */
function explainable(language: string, stem: (word: string) => string): (feature: string) => boolean {
  // Most families carry stems (`c:thei`, `q:doe`), so stop words are matched in both forms.
  const words = stopwords[language as 'en' | 'lt'] ?? new Set<string>();
  const stop = new Set([...words, ...[...words].map(stem)]);
  return (feature) => {
    const colon = feature.indexOf(':');
    const family = feature.slice(0, colon);
    if (family === 's' || family === 'sp') return false;
    if (family === 'r' || family === 'rn' || family === 'lex' || family === 'lexneg') return true;
    const rest = feature.slice(colon + 1);
    return !(family === 'b' ? rest.split('_').every((w) => stop.has(w)) : stop.has(rest) || rest === '#');
  };
}

/**
 * Throws QevalError MODEL_CODEBOOK_MISMATCH when the model was trained for another codebook name or
 * version, and MODEL_UNIT_MISMATCH when the coding unit differs from the model's.
 */
export function checkModelFits(model: TrainedModel, compiled: CompiledCodebook, unit: string, file?: string): void {
  const spec = compiled.codebook.spec;
  if (model.codebook.name !== spec.codebook || model.codebook.version !== spec.version) {
    throw new QevalError('MODEL_CODEBOOK_MISMATCH', `the model was trained for codebook ${model.codebook.name}@${model.codebook.version}, but the codebook is ${spec.codebook}@${spec.version}; retrain it with \`qeval train\` or code with --no-model`, { file });
  }
  const unknown = Object.keys(model.codes).filter((c) => !compiled.codebook.byId.has(c));
  if (unknown.length > 0) {
    throw new QevalError('MODEL_UNKNOWN_CODE', `the model has classifiers for codes the codebook does not have (${unknown.slice(0, 5).join(', ')}); retrain it with this codebook`, { file });
  }
  if (model.unit !== unit) {
    throw new QevalError('MODEL_UNIT_MISMATCH', `the model was trained on ${model.unit} units, but coding asks for ${unit} units; use --unit ${model.unit} or retrain`, { file });
  }
}

/**
 * A unit's known features (indices, ascending) and the model's probabilities, worked out a group of
 * codes at a time when first asked for (`probability(k)`, k in PreparedModel.codes order), and
 * explanations made so far. One Scored serves unit after unit (`reset`), so scoring allocates
 * nothing per unit.
 */
class Scored {
  private readonly z: Float64Array;
  private readonly done: Uint8Array;
  /** Explanations made so far, by code (made on first use: most units get none). */
  explained?: Map<number, string[]>;
  features: Int32Array = new Int32Array(0);

  constructor(private readonly prepared: PreparedModel) {
    this.z = new Float64Array(prepared.codes.length);
    this.done = new Uint8Array(prepared.table.groups.length);
  }

  /** Starts over for a unit with these features (indices, ascending, distinct). */
  reset(features: Int32Array): this {
    this.features = features;
    this.done.fill(0);
    this.explained = undefined;
    return this;
  }

  probability(k: number): number {
    const g = this.prepared.groupOf[k]!;
    if (!this.done[g]) this.scoreGroup(g);
    return this.z[k]!;
  }

  /** Whether the model gives code `k` (its probability reaches the code's threshold). */
  yes(k: number): boolean {
    return this.probability(k) >= this.prepared.plan.threshold[k]!;
  }

  /**
   * The group's codes: bias plus the unit's features' weights (by feature, ascending), then the
   * logistic function. Four codes at a time, their sums held in locals rather than memory (each
   * code's sum adds the same weights in the same order, so the result is the same bit for bit).
   */
  private scoreGroup(g: number): void {
    const { bias } = this.prepared;
    const { size, codes, weights } = this.prepared.table.groups[g]!;
    const { z, features } = this;
    const n = features.length;
    let m = 0;
    for (; m + 4 <= size; m += 4) {
      let s0 = bias[codes[m]!]!;
      let s1 = bias[codes[m + 1]!]!;
      let s2 = bias[codes[m + 2]!]!;
      let s3 = bias[codes[m + 3]!]!;
      for (let f = 0; f < n; f++) {
        const i = features[f]! * size + m;
        s0 += weights[i]!;
        s1 += weights[i + 1]!;
        s2 += weights[i + 2]!;
        s3 += weights[i + 3]!;
      }
      z[codes[m]!] = logistic(s0);
      z[codes[m + 1]!] = logistic(s1);
      z[codes[m + 2]!] = logistic(s2);
      z[codes[m + 3]!] = logistic(s3);
    }
    for (; m < size; m++) {
      let sum = bias[codes[m]!]!;
      for (let f = 0; f < n; f++) sum += weights[features[f]! * size + m]!;
      z[codes[m]!] = logistic(sum);
    }
    this.done[g] = 1;
  }
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The model's probability of every code (PreparedModel.codes order) for a unit with these features
 * (indices, ascending, distinct), each group of codes scored as the coder scores it. Pure.
 */
export function unitProbabilities(prepared: PreparedModel, features: Int32Array): Float64Array {
  const s = new Scored(prepared).reset(features);
  return Float64Array.from(prepared.codes, (_, k) => s.probability(k));
}

/** The features that pushed code `k` up most, strongest first (ties by name); computed only for coded segments. */
function explain(prepared: PreparedModel, s: Scored, k: number): string[] {
  const known = s.explained?.get(k);
  if (known) return [...known];
  const { size, weights } = prepared.table.groups[prepared.groupOf[k]!]!;
  const m = prepared.table.place[k]!;
  const { explains } = prepared;
  // The strongest EXPLAINED_FEATURES, kept in order as the features come (ascending index, which is
  // name order): a later feature goes after those at least as strong, so ties stay in name order.
  const topIndex: number[] = [];
  const topWeight: number[] = [];
  for (const j of s.features) {
    if (!explains[j]) continue;
    const w = weights[j * size + m]!;
    if (!(w > 0) || (topIndex.length === EXPLAINED_FEATURES && w <= topWeight[EXPLAINED_FEATURES - 1]!)) continue;
    // Insert at its place, moving weaker ones down (and the weakest out when the list is full).
    let at = Math.min(topIndex.length, EXPLAINED_FEATURES - 1);
    if (topIndex.length < EXPLAINED_FEATURES) {
      topIndex.push(j);
      topWeight.push(w);
    }
    for (; at > 0 && topWeight[at - 1]! < w; at--) {
      topIndex[at] = topIndex[at - 1]!;
      topWeight[at] = topWeight[at - 1]!;
    }
    topIndex[at] = j;
    topWeight[at] = w;
  }
  const top = topIndex.map((j) => prepared.model.vocabulary[j]!);
  (s.explained ??= new Map()).set(k, top);
  return [...top];
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** The `features` field of a segment: left out when no feature explains it (as segments files write it). */
const explained = (features: string[]): { features?: string[] } => (features.length > 0 ? { features } : {});

/**
 * A rule segment the model keeps: a copy with the model's method, probability and explaining
 * features (none when `features` is empty), any `features` it had left out. The fields are set on the
 * copy one by one: a spread copy given a new key in the same literal gets a V8 hidden class of its
 * own, one per segment.
 */
function kept(segment: CodedSegment, method: 'rule' | 'rule+model', probability: number, features: string[] | undefined): CodedSegment {
  const copy = { ...segment };
  delete copy.features;
  copy.method = method;
  copy.probability = probability;
  // explain gives a list of its own: kept as it is.
  if (features !== undefined && features.length > 0) copy.features = features;
  return copy;
}

/**
 * The learned coder: scores every coded unit with the model and joins its decisions with the rule
 * coder's candidates (`earlier`). For every top-level code the model has a classifier for, the model
 * decides whether a unit gets it (the rules' hits are among its features):
 * - model yes, a rule fired under the code: the rule's segment is kept when its code has no classifier
 *   of its own (`method: rule+model` when its nearest ancestor's classifier agrees, else `method: rule`),
 *   or when its own classifier agrees (`rule+model`); a sub-code's classifier ships only when it beat
 *   the rules for that code in cross-validation, so its "no" drops the rule's segment;
 * - model yes for a sub-code no rule gave: a `model` segment of that sub-code;
 * - model yes for the top-level code but no rule and no sub-code classifier: a `model` segment of the
 *   top-level code itself (no sub-code its own classifier rejected);
 * - model no: the rules' segments under that code are dropped (the model has learnt when they mislead).
 * Codes whose top-level code has no classifier keep their rule segments (`method: rule`). Every
 * model segment carries its probability and explaining features. Pure.
 */
export class ModelCoder implements Coder {
  readonly name = 'model';
  private readonly prepared: PreparedModel;

  /** Throws QevalError MODEL_CODEBOOK_MISMATCH when the model belongs to another codebook name or version. */
  constructor(readonly compiled: CompiledCodebook, readonly model: TrainedModel, readonly file?: string, inverted?: InvertedWeights) {
    checkModelFits(model, compiled, model.unit, file);
    this.prepared = prepareModel(model, compiled.stemmer, inverted);
  }

  /** Throws QevalError MODEL_UNIT_MISMATCH when `options.unit` differs from the model's unit. */
  code(doc: SourceDocument, options: CodeOptions, earlier: readonly CodedSegment[]): CodedSegment[] {
    const unit = options.unit ?? this.compiled.codebook.spec.unit ?? 'sentence';
    checkModelFits(this.model, this.compiled, unit, this.file);
    return combine(this.compiled, this.prepared, doc, { ...options, unit }, earlier);
  }
}

/**
 * Each featurized unit of `doc` with the model's indices of its features (ascending, distinct; the
 * features featurizeDocument names, less those the model does not know), found without building
 * feature names. Pure.
 */
export function unitFeatureIndices(compiled: CompiledCodebook, prepared: PreparedModel, doc: SourceDocument, ruleSegments: readonly CodedSegment[], options: UnitOptions): { unit: Unit; features: Int32Array }[] {
  const sink = new IndexSink(prepared);
  const out: { unit: Unit; features: Int32Array }[] = [];
  walkFeatures(compiled, doc, ruleSegments, prepared.model.features, options, sink, (unit) => {
    out.push({ unit, features: sink.take() });
  });
  return out;
}

function combine(compiled: CompiledCodebook, prepared: PreparedModel, doc: SourceDocument, options: CodeOptions & { unit: UnitKind }, ruleSegments: readonly CodedSegment[]): CodedSegment[] {
  const unitKind = options.unit;
  const features = unitFeatureIndices(compiled, prepared, doc, ruleSegments, { unit: unitKind, speakers: options.speakers, interviewerLabels: options.interviewerLabels, range: options.range });
  const byUnit = new Map<string, CodedSegment[]>();
  for (const s of ruleSegments) {
    const list = byUnit.get(s.unit);
    if (list) list.push(s);
    else byUnit.set(s.unit, [s]);
  }
  const { modelled, topModelled, own, index, topIndex, below } = prepared.plan;
  const positions = Positions.of(doc.text);
  const out: CodedSegment[] = [];
  // A segment's `features` field, unless nothing reads explanations (CodeOptions.explain).
  const because = options.explain === false ? () => ({}) : (s: Scored, k: number) => explained(explain(prepared, s, k));

  const modelSegment = (unit: Unit, code: string, s: Scored): CodedSegment => {
    const k = index.get(code)!;
    return unitSegment(doc, positions, unit, { code, coder: compiled.coder, rule: null, matched: [], method: 'model', probability: round4(s.probability(k)), ...because(s, k) });
  };

  const featured = new Set<string>();
  const scored = new Scored(prepared);
  const none: CodedSegment[] = [];
  for (const f of features) {
    const key = `${f.unit.kind}:${f.unit.index}`;
    featured.add(key);
    const rules = byUnit.get(key) ?? none;
    const s = scored.reset(f.features);
    const yes = (code: string) => s.yes(index.get(code)!);
    for (let t = 0; t < topModelled.length; t++) {
      if (!s.yes(topIndex[t]!)) continue;
      const top = topModelled[t]!;
      const ruled = rules.length === 0 ? none : rules.filter((r) => topLevelOf(r.code) === top && (own(r.code) !== r.code || yes(r.code)));
      // The codes the unit gets under `top`: the rules', then the model's, most specific only: a code
      // is left out when a code below it is given too (no "networking.partner" beside ".police").
      const chosen = new Set<string>(ruled.map((r) => r.code));
      for (const b of below[t]!) if (s.yes(b.k)) chosen.add(b.code);
      // No rule and no sub-code classifier says which kind: the unit gets the top-level code itself
      // (naming a sub-code its own classifier rejected would claim more than the model knows).
      if (chosen.size === 0) chosen.add(top);
      const keep = (code: string) => ![...chosen].some((other) => other !== code && isWithin(other, code));
      const emitted = new Set<string>();
      for (const r of ruled) {
        if (!keep(r.code)) continue;
        const speaker = own(r.code);
        const k = index.get(speaker)!;
        out.push(kept(r, yes(speaker) ? 'rule+model' : 'rule', round4(s.probability(k)), options.explain === false ? undefined : explain(prepared, s, k)));
        emitted.add(r.code);
      }
      for (const c of chosen) if (!emitted.has(c) && keep(c)) out.push(modelSegment(f.unit, c, s));
    }
    for (const r of rules) if (!modelled.has(topLevelOf(r.code))) out.push(r);
  }
  // Units the model does not score (e.g. interviewer turns coded by a rule's own speaker filter) keep their rule segments.
  for (const r of ruleSegments) if (!featured.has(r.unit)) out.push(r);
  return out;
}
