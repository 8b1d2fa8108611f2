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
