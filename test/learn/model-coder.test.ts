// How the learned coder joins its classifiers' decisions with the rules' segments.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { ModelCoder } from '../../src/learn/model-coder.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type CodeClassifier, type TrainedModel } from '../../src/learn/model.js';
import type { SourceDocument } from '../../src/model/types.js';
import { CODEBOOK } from './fixtures.js';

// The tests' tiny codebook with a second sub-code of strength, one no rule codes.
const compiled = compileCodebook(parseCodebook(CODEBOOK.replace('          - any: [trust]\n', '          - any: [trust]\n      - id: strength.practice\n        label: Practice\n        definition: Good practice.\n'), 'tiny.yaml'));

const doc: SourceDocument = { id: 'd.md', text: 'Interviewer: And the police?\n\nR: The women trust the NGO staff much more than they trust us.\n', attributes: { language: 'en' }, encoding: 'utf-8', bodyStart: 0 };

// A classifier that says yes (or no) to every unit, whatever its features.
const always = (yes: boolean): Named => ({ positives: 10, bias: yes ? 5 : -5, threshold: 0.5, weights: {} });

// Classifiers with weights by feature name, as a test writes them; the model indexes them into its vocabulary.
type Named = Omit<CodeClassifier, 'weights'> & { weights: Record<string, number> };

function model(named: Record<string, Named>, families: TrainedModel['features']['families'] = ['words']): TrainedModel {
  const vocabulary = [...new Set(Object.values(named).flatMap((c) => Object.keys(c.weights)))].sort();
  const codes = Object.fromEntries(Object.entries(named).map(([code, c]) => [code, { ...c, weights: Object.entries(c.weights).map(([f, w]) => [vocabulary.indexOf(f), w]).sort((a, b) => a[0]! - b[0]!).flat() }]));
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    codebook: { name: 'tiny', version: '1.0.0', language: 'en' },
    unit: 'sentence',
    features: { families },
    training: { fingerprint: 'sha256:0', coder: 'Ana', documents: 2, units: 20, l2: 8, folds: 2, seed: 1, minPositives: 8, pruned: 0.005 },
    vocabulary,
    codes,
  };
}

function code(m: TrainedModel) {
  const rules = codeDocument(compiled, doc, { unit: 'sentence' });
  expect(rules.map((s) => s.code)).toEqual(['strength.trust']);
  return new ModelCoder(compiled, m).code(doc, { unit: 'sentence' }, rules).map((s) => [s.code, s.method]);
}

describe('ModelCoder', () => {
  it("drops a rule's segment when the rule's own code has a classifier and it says no", () => {
    expect(code(model({ strength: always(true), 'strength.trust': always(false), 'strength.practice': always(true) }))).toEqual([['strength.practice', 'model']]);
  });

  it("keeps a rule's segment when its own classifier agrees", () => {
    expect(code(model({ strength: always(true), 'strength.trust': always(true), 'strength.practice': always(false) }))).toEqual([['strength.trust', 'rule+model']]);
  });

  it("keeps a rule's segment when its code has no classifier and the top-level code's says yes", () => {
    expect(code(model({ strength: always(true), 'strength.practice': always(true) }))).toEqual([['strength.trust', 'rule+model'], ['strength.practice', 'model']]);
  });

  it('gives the top-level code itself when no rule and no sub-code classifier says which kind', () => {
    const rules = codeDocument(compiled, doc, { unit: 'sentence' });
    const m = model({ strength: always(true), 'strength.trust': always(false), 'strength.practice': always(false) });
    const segments = new ModelCoder(compiled, m).code(doc, { unit: 'sentence' }, rules.filter(() => false));
    expect(segments.map((s) => [s.code, s.method, s.probability])).toEqual([['strength', 'model', 0.9933]]);
  });

  it('never explains a segment by a stop word, also in its stemmed form ("does" -> q:doe)', () => {
    const asked: SourceDocument = { ...doc, text: 'Interviewer: What does the police do for them?\n\nR: They help.\n' };
    const m = model({ strength: { positives: 10, bias: 0, threshold: 0.5, weights: { 'q:doe': 3, 'q:polic': 1 } } }, ['question']);
    const [segment] = new ModelCoder(compiled, m).code(asked, { unit: 'sentence' }, []);
    expect(segment!.features).toEqual(['q:polic']);
  });

  it("drops every segment under a top-level code whose classifier says no", () => {
    expect(code(model({ strength: always(false), 'strength.trust': always(true) }))).toEqual([]);
  });
});
