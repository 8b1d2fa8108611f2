// A plain-text or Markdown document's title line is not coded; a first line that is a sentence is.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../src/io/read-documents.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qeval-title-'));
const book = compileCodebook(await loadCodebookFile('test/cases/small-codebook.yaml'));

async function coded(name: string, text: string): Promise<{ bodyStart: number; segments: [string, string, number][] }> {
  writeFileSync(path.join(dir, name), text);
  const [doc] = await readDocuments([name], { cwd: dir });
  const segments = codeDocument(book, doc!);
  for (const s of segments) expect([...text].slice(s.start, s.end).join('')).toBe(s.text);
  return { bodyStart: doc!.bodyStart, segments: segments.map((s) => [s.code, s.text, s.line]) };
}

describe('title line of a plain-text or Markdown document', () => {
  it.each(['report.txt', 'report.md'])('is not coded in %s; offsets and lines still count from the file\'s start', async (name) => {
    const text = 'Funding and police review 2024\n\nThe funding is late. We trust the police.\n';
    const { bodyStart, segments } = await coded(name, text);
    expect(bodyStart).toBe(text.indexOf('\n') + 1);
    expect(segments).toEqual([['funding', 'The funding is late.', 3], ['trust', 'We trust the police.', 3], ['police', 'We trust the police.', 3]]);
  });

  it('a title set in bold is not coded either', async () => {
    const { segments } = await coded('bold.md', '**Funding review 2024**\n\nThe funding is late.\n');
    expect(segments).toEqual([['funding', 'The funding is late.', 3]]);
  });

  it('after front matter, the first line of the body is the title', async () => {
    const text = '---\nlanguage: en\n---\nPolice cooperation notes\n\nThe police call us back.\n';
    const { segments } = await coded('front.md', text);
    expect(segments).toEqual([['police', 'The police call us back.', 6]]);
  });

  it('a first line that is a sentence is coded', async () => {
    const { segments } = await coded('sentence.txt', 'The funding is late.\n\nWe trust the police.\n');
    expect(segments.map(([code, , line]) => [code, line])).toEqual([['funding', 1], ['trust', 3], ['police', 3]]);
  });

  it('a first line without end punctuation is coded when no line of the text ends with any (notes, not a title)', async () => {
    const { segments } = await coded('notes.txt', 'Funding late again\n\nPolice slow to call back\n');
    expect(segments.map(([code, , line]) => [code, line])).toEqual([['funding', 1], ['police', 3]]);
  });

  it('a long first line, or one followed by more text on the next line, is coded', async () => {
    const long = await coded('long.txt', 'When the funding for the shelter arrives late we cannot pay the rent of the flats\n\nThat is all.\n');
    expect(long.segments.map(([code]) => code)).toEqual(['funding']);
    const wrapped = await coded('wrapped.txt', 'Funding for the shelter\narrives late every year.\n\nThat is all.\n');
    expect(wrapped.segments.map(([code, , line]) => [code, line])).toEqual([['funding', 1]]);
  });
});
