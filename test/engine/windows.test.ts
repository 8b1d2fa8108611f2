// Coding a large document window by window must give exactly the segments of coding it whole.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodebookSet } from '../../src/engine/code-many.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModels } from '../../src/io/load-model.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { sortSegments } from '../../src/render/segments.js';
import type { CodeOptions } from '../../src/engine/code.js';

const root = path.resolve('.');

async function setup(model: boolean) {
  const books = [await loadCodebookFile(path.join(root, 'codebooks/swot.yaml')), await loadCodebookFile(path.join(root, 'codebooks/swot.lt.yaml'))];
  const set = new CodebookSet(books, model ? await loadModels(root, books, undefined) : []);
  // Interviews in both languages, a project document and a survey (its rows are documents with regions).
  const docs = await readDocuments(['samples/interviews/01-atrama-director.md', 'samples/interviews/10-policija-investigator.md', 'samples/interviews/lt', 'samples/survey.csv'], { cwd: root, root: '.' });
  return { set, docs };
}

describe('CodebookSet.codeWindows', () => {
  it.each([
    ['rules alone', false],
    ['rules and the bundled models', true],
  ])('gives the segments of coding each document whole, for windows of any size (%s)', async (_name, model) => {
    const { set, docs } = await setup(model);
    const settings: CodeOptions[] = model ? [{}, { speakers: 'all' }] : [{}, { unit: 'paragraph' }, { unit: 'turn' }, { speakers: 'all' }];
    let windowed = 0;
    for (const doc of docs) {
      for (const options of settings) {
        const whole = sortSegments(set.codeOne(doc, options));
        for (const size of [1, 300, 5000]) {
          const windows = [...set.codeWindows(doc, options, size)];
          if (windows.length > 1) windowed++;
          expect(windows.flat(), `${doc.id} ${JSON.stringify(options)} window ${size}`).toEqual(whole);
        }
      }
    }
    // The comparison means something only if documents were really cut into several windows.
    expect(windowed).toBeGreaterThan(10);
  });

  it('codes a document no longer than one window in one piece', async () => {
    const { set, docs } = await setup(false);
    const doc = docs.find((d) => d.id.endsWith('01-atrama-director.md'))!;
    expect([...set.codeWindows(doc, {}, doc.text.length)]).toHaveLength(1);
    expect([...set.codeWindows(doc, {}, 300)].length).toBeGreaterThan(3);
  });
});
