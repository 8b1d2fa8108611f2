// The bundled models are reproducible: retraining from the committed corpus gives the committed file's model, byte for byte.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { readHumanCoding } from '../../src/io/read-coding.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { trainingExamples, trainModel } from '../../src/learn/train.js';
import { DEFAULT_FAMILIES } from '../../src/learn/features.js';
import { serializeModel } from '../../src/learn/model.js';

describe('bundled models', () => {
  it('models/swot.lt.json is what `qeval train` makes of corpus/lt and its adjudicated coding', async () => {
    const book = await loadCodebookFile('codebooks/swot.lt.yaml');
    const docs = await readDocuments(['lt'], { cwd: path.resolve('corpus'), root: '.' });
    const coding = await readHumanCoding('corpus/coding/lt.adjudicated.csv', 'lt.adjudicated.csv', docs, new Set(book.codes.map((c) => c.id)));
    const compiled = compileCodebook(book);
    const families = [...DEFAULT_FAMILIES];
    const { examples } = trainingExamples(compiled, docs, coding.codes, families, 'sentence');
    // Trained without the nested cross-validation (which only adds figures, and 4x the time): the
    // committed file, less its recorded figures, must be exactly this model.
    const model = trainModel(compiled, examples, { unit: 'sentence', families, coder: coding.coder });
    const { crossValidation, ...committed } = JSON.parse(readFileSync('models/swot.lt.json', 'utf8')) as Record<string, unknown>;
    expect(crossValidation).toBeDefined();
    expect(serializeModel(model)).toBe(serializeModel(committed as unknown as typeof model));
  }, 600_000);
});
