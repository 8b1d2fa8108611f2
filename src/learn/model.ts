// The model file written by `qeval train`: its shape, deterministic serialization and validation on load.
import { QevalError, type Place } from '../model/errors.js';
import { UNIT_KINDS, type UnitKind } from '../model/types.js';
import { FEATURE_FAMILIES, type FeatureFamily } from './features.js';
import type { ModelRef } from '../aggregate/types.js';

export const MODEL_FORMAT = 'qeval-model';
/** Version 2 lists the features once (`vocabulary`) and each code's weights as flat index-weight pairs; version 1 files (weights by feature name) still load. */
export const MODEL_FORMAT_VERSION = 2;

/** Agreement of one code's coding with the human coder's, unit by unit. */
export interface CodeAgreement {
  code: string;
  /** Units the human coded with the code (or a sub-code). */
  support: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Cohen's kappa of the two binary codings (Cohen 1960); 0 when chance agreement is total. */
  kappa: number;
}

/** Cross-validated figures: per code for the model and for rules alone on the same units. */
export interface CrossValidation {
  folds: number;
  documents: number;
  units: number;
  model: CodeAgreement[];
  rules: CodeAgreement[];
  /** Averages over the top-level codes: macro (mean of per-code F1 and kappa) and micro (pooled counts). */
  summary: { coder: 'model' | 'rules'; macroF1: number; macroKappa: number; microPrecision: number; microRecall: number; microF1: number }[];
}

/** One code's linear classifier. */
export interface CodeClassifier {
  /** Units coded with it (or a sub-code) in the training data. */
  positives: number;
  bias: number;
  /** P ≥ threshold codes the unit; chosen by cross-validation to maximize F1. */
  threshold: number;
  /**
   * Flat pairs `[j0, w0, j1, w1, ...]`: the index of a feature in the model's `vocabulary` (ascending)
   * and its weight. Features with |weight| below the file's `pruned` bound are left out.
   */
  weights: number[];
}

export interface TrainedModel {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** The codebook the model belongs to; coding with another name or version is an error. */
  codebook: { name: string; version: string; language: string };
  unit: UnitKind;
  features: { families: FeatureFamily[] };
  training: {
    /** SHA-256 of the training units' texts, their human codes and the settings. */
    fingerprint: string;
    coder: string;
    documents: number;
    units: number;
    l2: number;
    folds: number;
    seed: number;
    minPositives: number;
    /** Weights smaller than this in absolute value were dropped from the file. */
    pruned: number;
  };
  /** The names of the features any code weighs, sorted; the codes' weights refer to them by index. */
  vocabulary: string[];
  /** Codes with a classifier, in codebook order. */
  codes: Record<string, CodeClassifier>;
  /** Nested cross-validation figures, when the model was trained with `--cv` (`TrainOptions.crossValidate`). */
  crossValidation?: CrossValidation;
}

/** Rounds to 6 significant digits so the file is stable and readable. */
export function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/**
 * The model as JSON text: keys in a fixed order, numbers rounded; the same model gives the same bytes.
 * One line per top-level key and per code, so a diff of two models stays readable without the size
 * of one line per weight.
 */
export function serializeModel(model: TrainedModel): string {
  const lines = Object.entries(model).map(([key, value]) => {
    if (key !== 'codes') return `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const codes = Object.entries(value as Record<string, CodeClassifier>).map(([code, c]) => `  ${JSON.stringify(code)}: ${JSON.stringify(c)}`);
    return `"codes": {\n${codes.join(',\n')}\n}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Checks a parsed model file and returns it typed, in the current format (a version 1 file, with
 * each code's weights by feature name, is converted). Throws QevalError MODEL_INVALID (naming the
 * field) when it is not a qeval model or is damaged.
 */
export function validateModel(data: unknown, file: string): TrainedModel {
  const place: Place = { file };
  const bad = (what: string) => new QevalError('MODEL_INVALID', `not a usable qeval model: ${what}; train one with \`qeval train\``, place);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw bad('expected a JSON object');
  const m = data as Partial<TrainedModel>;
  if (m.format !== MODEL_FORMAT) throw bad(`"format" must be "${MODEL_FORMAT}"`);
  if (m.formatVersion !== MODEL_FORMAT_VERSION && m.formatVersion !== 1) throw bad(`"formatVersion" ${String(m.formatVersion)} is not supported (this qeval reads 1 and ${MODEL_FORMAT_VERSION})`);
  if (!m.codebook || typeof m.codebook.name !== 'string' || typeof m.codebook.version !== 'string' || typeof m.codebook.language !== 'string') throw bad('"codebook" needs name, version and language');
  if (!m.unit || !(UNIT_KINDS as readonly string[]).includes(m.unit)) throw bad(`"unit" must be one of ${UNIT_KINDS.join(', ')}`);
  const families = m.features?.families;
  if (!Array.isArray(families) || families.some((f) => !(FEATURE_FAMILIES as readonly string[]).includes(f))) throw bad(`"features.families" must list families from ${FEATURE_FAMILIES.join(', ')}`);
  if (!m.codes || typeof m.codes !== 'object') throw bad('"codes" is missing');
  for (const [code, c] of Object.entries(m.codes)) {
    if (!c || typeof c.bias !== 'number' || !Number.isFinite(c.bias) || typeof c.threshold !== 'number' || !(c.threshold > 0 && c.threshold < 1) || !c.weights || typeof c.weights !== 'object') {
      throw bad(`code "${code}" needs a numeric bias, a threshold between 0 and 1 and its weights`);
    }
  }
  if (m.formatVersion === 1) return fromVersion1(m as Omit<TrainedModel, 'vocabulary' | 'codes'> & { codes: Record<string, Omit<CodeClassifier, 'weights'> & { weights: unknown }> }, bad);
  const vocabulary = m.vocabulary;
  if (!Array.isArray(vocabulary) || vocabulary.some((f) => typeof f !== 'string')) throw bad('"vocabulary" must list the feature names');
  for (const [code, c] of Object.entries(m.codes)) {
    const w = c.weights as unknown;
    if (!Array.isArray(w) || w.length % 2 !== 0) throw bad(`code "${code}": weights must be a flat list of feature index and weight pairs`);
    let last = -1;
    for (let i = 0; i < w.length; i += 2) {
      const j = w[i] as unknown;
      const x = w[i + 1] as unknown;
      if (typeof j !== 'number' || !Number.isInteger(j) || j <= last || j >= vocabulary.length) throw bad(`code "${code}": feature index ${String(j)} at position ${i} is not an ascending index into "vocabulary"`);
      if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`code "${code}", feature "${vocabulary[j]}": weight must be a number`);
      last = j;
    }
  }
  return m as TrainedModel;
}

/** A version 1 model (weights by feature name) in the current format: the same features and weights. */
function fromVersion1(m: Omit<TrainedModel, 'vocabulary' | 'codes'> & { codes: Record<string, Omit<CodeClassifier, 'weights'> & { weights: unknown }> }, bad: (what: string) => QevalError): TrainedModel {
  const names = new Set<string>();
  for (const [code, c] of Object.entries(m.codes)) {
    if (c.weights === null || typeof c.weights !== 'object' || Array.isArray(c.weights)) throw bad(`code "${code}" needs an object of weights`);
    for (const [f, w] of Object.entries(c.weights as Record<string, unknown>)) {
      if (typeof w !== 'number' || !Number.isFinite(w)) throw bad(`code "${code}", feature "${f}": weight must be a number`);
      names.add(f);
    }
  }
  const vocabulary = [...names].sort();
  const index = new Map(vocabulary.map((f, j) => [f, j]));
  const codes: Record<string, CodeClassifier> = {};
  for (const [code, c] of Object.entries(m.codes)) {
    const pairs = Object.entries(c.weights as Record<string, number>).map(([f, w]) => [index.get(f)!, w] as const).sort((a, b) => a[0] - b[0]);
    codes[code] = { positives: c.positives, bias: c.bias, threshold: c.threshold, weights: pairs.flat() };
  }
  // Keys in the order `qeval train` writes them, so the converted model serializes as a new one would.
  const { format, codebook, unit, features, training, crossValidation } = m;
  return { format, formatVersion: MODEL_FORMAT_VERSION, codebook, unit, features, training, vocabulary, codes, ...(crossValidation ? { crossValidation } : {}) };
}

/** How reports name a model: its file, codebook, training data fingerprint and coder, and its cross-validated figure. */
export function modelRefOf(model: TrainedModel, file: string): ModelRef {
  const macro = model.crossValidation?.summary.find((s) => s.coder === 'model')?.macroF1;
  return {
    file,
    codebook: model.codebook.name,
    version: model.codebook.version,
    language: model.codebook.language,
    fingerprint: model.training.fingerprint,
    coder: model.training.coder,
    units: model.training.units,
    ...(macro === undefined ? {} : { macroF1: macro }),
  };
}
