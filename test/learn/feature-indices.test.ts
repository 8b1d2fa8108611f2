// The learned coder looks features up by index; it must find exactly the named features the model was trained on.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDocument, compileCodebook } from '../../src/engine/code.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModels } from '../../src/io/load-model.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { featurizeDocument } from '../../src/learn/features.js';
import { prepareModel, unitFeatureIndices } from '../../src/learn/model-coder.js';

const root = path.resolve('.');

describe('unitFeatureIndices', () => {
  it.each([
    ['English', 'codebooks/swot.yaml', ['samples/interviews/01-atrama-director.md', 'samples/interviews/11-policija-officers-group.md', 'samples/survey.csv']],
    ['Lithuanian', 'codebooks/swot.lt.yaml', ['samples/interviews/lt']],
  ])('gives, unit by unit, the model indices of the features featurizeDocument names (%s, bundled model)', async (_lang, book, inputs) => {
    const codebook = await loadCodebookFile(path.join(root, book));
    const [{ model }] = await loadModels(root, [codebook], undefined);
    const compiled = compileCodebook(codebook);
    const prepared = prepareModel(model!, compiled.stemmer);
    const docs = await readDocuments(inputs, { cwd: root, root: '.' });
    let units = 0;
    for (const doc of docs) {
      const rules = codeDocument(compiled, doc, { unit: 'sentence' });
      const named = featurizeDocument(compiled, doc, rules, model!.features, { unit: 'sentence' });
      const indexed = unitFeatureIndices(compiled, prepared, doc, rules, { unit: 'sentence' });
      expect(indexed.map((u) => u.unit)).toEqual(named.map((u) => u.unit));
      named.forEach((u, i) => {
        const expected = u.features.map((f) => prepared.feature.get(f)).filter((j): j is number => j !== undefined);
        expect([...indexed[i]!.features], `${doc.id} ${u.text}`).toEqual(expected);
      });
      units += named.length;
    }
    expect(units).toBeGreaterThan(20);
  });
});

describe('scoring by groups of codes', () => {
  it('gives every code of the bundled English model the probability of its weights summed in feature order, bit for bit', async () => {
    const { loadModelFile } = await import('../../src/io/load-model.js');
    const { prepareModel: prepare, unitProbabilities } = await import('../../src/learn/model-coder.js');
    const { model } = await loadModelFile('models/swot.en.json');
    const prepared = prepare(model);
    // Features spread over the vocabulary, some weighing on many codes, some on few.
    for (const step of [97, 1009, 4001]) {
      const features = Int32Array.from({ length: Math.floor(model.vocabulary.length / step) }, (_, i) => i * step);
      const got = unitProbabilities(prepared, features);
      const want = prepared.codes.map((code) => {
        const { bias, weights } = model.codes[code]!;
        let z = bias;
        const wanted = new Set(features);
        for (let i = 0; i < weights.length; i += 2) if (wanted.has(weights[i]!)) z += weights[i + 1]!;
        return 1 / (1 + Math.exp(-z));
      });
      expect(Array.from(got)).toEqual(want);
      expect(new Set(want).size).toBeGreaterThan(prepared.codes.length / 2);
    }
  }, 60_000);
});
