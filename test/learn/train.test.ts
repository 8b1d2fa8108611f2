// Training, cross-validation and coding with a model: deterministic, explainable, tied to its codebook.
import { describe, expect, it } from 'vitest';
import { CodebookSet } from '../../src/engine/code-many.js';
import { parseCodebook } from '../../src/codebook/load.js';
import { serializeModel, validateModel } from '../../src/learn/model.js';
import { documentFolds, trainingExamples, trainModel, vetoComparison } from '../../src/learn/train.js';
import { FEATURE_FAMILIES } from '../../src/learn/features.js';
import { QevalError } from '../../src/model/errors.js';
import { CODEBOOK, compiled, humanCodes, transcript } from './fixtures.js';

const corpus = Array.from({ length: 8 }, (_, i) => transcript(i));
const docs = corpus.map((t) => t.doc);
const human = corpus.flatMap(humanCodes);
const families = [...FEATURE_FAMILIES];

function train(crossValidate = true) {
  const c = compiled();
  const { examples } = trainingExamples(c, docs, human, families, 'sentence');
  return trainModel(c, examples, { unit: 'sentence', families, coder: 'Ana', folds: 4, minPositives: 4, crossValidate });
}

describe('trainingExamples', () => {
  it('makes a unit positive for the human code and its ancestors, other units negative', () => {
    const { examples, uncoded } = trainingExamples(compiled(), [...docs, { ...docs[0]!, id: 'uncoded.md' }], human, families, 'sentence');
    expect(uncoded).toEqual(['uncoded.md']);
    const s = examples.find((e) => e.text === 'The women believe us now.')!;
    expect([...s.human].sort()).toEqual(['strength', 'strength.trust']);
    const n = examples.find((e) => e.text === 'The office is on the second floor.')!;
    expect(n.human.size).toBe(0);
    expect(examples.every((e) => !e.text.startsWith('Question'))).toBe(true);
  });
});

describe('documentFolds', () => {
  it('deals every document to one fold, the same way for the same seed', () => {
    const ids = docs.map((d) => d.id);
    const a = documentFolds(ids, 4, 1);
    expect([...a.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(a.values()).size).toBe(4);
    expect([...documentFolds(ids, 4, 1)]).toEqual([...a]);
    expect([...documentFolds(ids, 4, 2)]).not.toEqual([...a]);
  });
});

describe('trainModel', () => {
  it('learns codes the rules miss and reports cross-validated figures beside rules alone', () => {
    const model = train();
    expect(Object.keys(model.codes)).toEqual(['strength', 'strength.trust', 'weakness', 'weakness.resources']);
    const cv = model.crossValidation!;
    expect(cv.folds).toBe(4);
    expect(cv.documents).toBe(8);
    const f1 = (coder: 'model' | 'rules') => cv.summary.find((s) => s.coder === coder)!.macroF1;
    expect(f1('model')).toBeGreaterThan(0.9);
    expect(f1('rules')).toBeLessThan(0.5);
    expect(cv.model.find((r) => r.code === 'strength')).toMatchObject({ support: 48 });
    expect(model.training).toMatchObject({ coder: 'Ana', documents: 8, folds: 4 });
    expect(model.training.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('gives the same classifiers without cross-validation, and then records no figures', () => {
    const measured = train(true);
    const plain = train(false);
    expect(plain.crossValidation).toBeUndefined();
    const { crossValidation, ...rest } = measured;
    expect(crossValidation).toBeDefined();
    expect(plain).toEqual(rest);
  });

  it('is deterministic: the same data gives a byte-identical model file', () => {
    expect(serializeModel(train())).toBe(serializeModel(train()));
  });

  it('the fingerprint changes with the human coding', () => {
    const c = compiled();
    const a = trainModel(c, trainingExamples(c, docs, human, families, 'sentence').examples, { unit: 'sentence', families, coder: 'Ana', folds: 4, minPositives: 4 });
    const fewer = human.filter((h, i) => !(h.code === 'strength.trust' && i < 4));
    const b = trainModel(c, trainingExamples(c, docs, fewer, families, 'sentence').examples, { unit: 'sentence', families, coder: 'Ana', folds: 4, minPositives: 4 });
    expect(a.training.fingerprint).not.toBe(b.training.fingerprint);
  });

  it('survives a JSON round trip through validateModel', () => {
    const model = train();
    expect(validateModel(JSON.parse(serializeModel(model)), 'm.json')).toEqual(model);
    expect(() => validateModel({ format: 'other' }, 'm.json')).toThrow(/not a usable qeval model/);
    const damaged = JSON.parse(serializeModel(model));
    damaged.codes.strength.threshold = 2;
    expect(() => validateModel(damaged, 'm.json')).toThrow(/code "strength" needs a numeric bias, a threshold between 0 and 1/);
    damaged.codes.strength.threshold = 0.5;
    damaged.codes.strength.weights = { 'w:trust': 1 };
    expect(() => validateModel(damaged, 'm.json')).toThrow(/code "strength": weights must be a flat list of feature index and weight pairs/);
    damaged.codes.strength.weights = [3, 0.5, 2, 0.5];
    expect(() => validateModel(damaged, 'm.json')).toThrow(/code "strength": feature index 2 at position 2 is not an ascending index into "vocabulary"/);
    damaged.codes.strength.weights = [damaged.vocabulary.length, 0.5];
    expect(() => validateModel(damaged, 'm.json')).toThrow(/is not an ascending index into "vocabulary"/);
  });

  it('reads a version 1 model file (weights by feature name) as the same model', () => {
    const model = train();
    const v1 = JSON.parse(serializeModel(model));
    v1.formatVersion = 1;
    for (const c of Object.values(v1.codes) as { weights: unknown }[]) {
      const pairs = c.weights as number[];
      const byName: Record<string, number> = {};
      for (let i = 0; i < pairs.length; i += 2) byName[model.vocabulary[pairs[i]!]!] = pairs[i + 1]!;
      c.weights = byName;
    }
    delete v1.vocabulary;
    // A vocabulary holds only features some code weighs, so the conversion rebuilds the same one.
    expect(serializeModel(validateModel(v1, 'v1.json'))).toBe(serializeModel(model));
  });
});

describe('coding with a model', () => {
  const fresh = transcript(11).doc;

  it('codes units no rule reaches, with method, probability and explaining features', () => {
    const segments = new CodebookSet([parseCodebook(CODEBOOK, 'tiny.yaml')], [{ model: train(), file: 'm.json' }]).code([fresh]);
    const believe = segments.filter((s) => s.text === 'The women believe us now.');
    expect(believe.length).toBeGreaterThan(0);
    expect(new Set(believe.map((s) => s.code))).toEqual(new Set(['strength.trust']));
    expect(believe[0]).toMatchObject({ method: 'model', rule: null });
    expect(believe[0]!.probability).toBeGreaterThan(0.5);
    expect(believe[0]!.features!.length).toBeGreaterThan(0);
    expect(believe[0]!.features!.some((f) => /^(s|w|b):/.test(f))).toBe(true);
    expect(segments.some((s) => s.text.startsWith('I have worked'))).toBe(false);
    for (const s of segments) expect(fresh.text.slice(s.start, s.end)).toBe(s.text);
  });

  it('marks a rule the model confirms as rule+model', () => {
    const segments = new CodebookSet([parseCodebook(CODEBOOK, 'tiny.yaml')], [{ model: train(), file: 'm.json' }]).code([fresh]);
    const money = segments.find((s) => s.text === 'We need more money for rent.' && s.code === 'weakness.resources');
    expect(money).toMatchObject({ method: 'rule+model', rule: 'weakness.resources#1' });
  });

  it('without a model every segment is a rule segment', () => {
    const segments = new CodebookSet([parseCodebook(CODEBOOK, 'tiny.yaml')]).code([fresh]);
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((s) => s.method === 'rule' && s.probability === undefined)).toBe(true);
  });

  it('refuses a model trained for another codebook version', () => {
    const other = parseCodebook(CODEBOOK.replace('version: 1.0.0', 'version: 2.0.0'), 'tiny.yaml');
    expect(() => new CodebookSet([other], [{ model: train(), file: 'm.json' }])).toThrow(QevalError);
    expect(() => new CodebookSet([other], [{ model: train(), file: 'm.json' }])).toThrow(/trained for codebook tiny@1\.0\.0.*tiny@2\.0\.0/);
  });

  it('refuses to code other units than the model was trained on', () => {
    const set = new CodebookSet([parseCodebook(CODEBOOK, 'tiny.yaml')], [{ model: train(), file: 'm.json' }]);
    expect(() => set.code([fresh], { unit: 'paragraph' })).toThrow(/trained on sentence units/);
  });
});

describe('vetoComparison: may the model drop rule hits?', () => {
  const book = parseCodebook('codebook: v\nversion: 1.0.0\nlanguage: en\ncodes:\n  - { id: strength, label: S, definition: d, codes: [{ id: strength.trust, label: T, definition: d }] }\n  - { id: weakness, label: W, definition: d }\n', 'v.yaml');
  const c = new CodebookSet([book]).compiled[0]!;
  const example = (i: number, human: string[], rules: string[]) => ({ document: `d${i % 2}`, unit: { kind: 'sentence' as const, index: i + 1, start: 0, end: 1 }, text: '', features: [], human: new Set(human), rules: new Set(rules) });
  // The model finds strength in unit 0 only; the rules fire on units 1 (wrong) and 2 (right).
  const examples = [example(0, ['strength'], []), example(1, [], ['strength']), example(2, ['strength'], ['strength']), example(3, [], [])];
  // Folds carry sub-codes' classifiers too (strength.trust): they are passed over.
  const folds = [{ fold: 0, codes: ['strength', 'strength.trust', 'weakness'], test: [0, 1, 2, 3], probabilities: [Float64Array.of(0.9, 0.1, 0.2, 0.1), Float64Array.of(0.9, 0.9, 0.9, 0.9), Float64Array.of(0, 0, 0, 0)], thresholds: Float64Array.of(0.5, 0.5, 0.5) }];

  it('scores the model\'s own decisions, the model plus every rule hit, and the rules alone, on the top-level codes', () => {
    const r = vetoComparison(c, examples, folds);
    // model: 1 of 2 strengths found, none wrong -> F1 2/3; with the rules' hits: 2 of 2 found, 1 wrong -> F1 0.8.
    expect(r.model.f1.strength).toBeCloseTo(2 / 3, 6);
    expect(r.union.f1.strength).toBeCloseTo(0.8, 6);
    expect(r.rules.f1.strength).toBeCloseTo(0.5, 6);
    expect(Object.keys(r.model.f1)).toEqual(['strength', 'weakness']);
  });

  it('needs folds run with nested cross-validation (their thresholds)', () => {
    expect(() => vetoComparison(c, examples, [{ ...folds[0]!, thresholds: undefined }])).toThrow(/crossValidate/);
  });
});
