// The bundled models are reproducible: retraining from the committed corpus gives the committed file, byte for byte.
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
    const model = trainModel(compiled, examples, { unit: 'sentence', families, coder: coding.coder });
    expect(serializeModel(model)).toBe(readFileSync('models/swot.lt.json', 'utf8'));
  }, 600_000);
});
