// A large document's formatted segments go to a file of their own instead of memory, and come out the same.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAnalyzer, isSpilled, writeSpilled, type AnalysisSettings, type DocumentResult } from '../../src/io/analysis.js';
import { segmentStreamFormats } from '../../src/render/segments.js';

const BOOK = `codebook: spill-test
version: 1.0.0
language: en
unit: sentence
codes:
  - id: trust
    label: Trust
    definition: Trust in the services.
    rules:
      - any: [trust]
  - id: funding
    label: Funding
    definition: Money for the services.
    rules:
      - any: [funding]
`;

/** A folder with the codebook and a transcript long enough to be coded in many windows (some 40 kB). */
function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-spill-'));
  writeFileSync(path.join(dir, 'book.yaml'), BOOK);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(i % 2 === 0 ? `Women trust the shelter number ${i}, and the staff trust them.` : `The funding for year ${i} came late, so the funding gap grew.`);
  writeFileSync(path.join(dir, 'long.txt'), lines.join('\n\n') + '\n');
  return dir;
}

function settings(dir: string, format: 'csv' | 'json', spill?: AnalysisSettings['spill']): AnalysisSettings {
  const book = path.join(dir, 'book.yaml');
  return { cwd: dir, root: dir, codebooks: [{ abs: book, display: book }], model: false, code: {}, segments: { format }, scores: false, ...(spill ? { spill } : {}) };
}

/** The document's output as the code command writes it: pieces with the format's separator between them. */
async function written(doc: DocumentResult, format: 'csv' | 'json'): Promise<string> {
  const chunks: Uint8Array[] = [];
  const sink = { write: async (c: Uint8Array) => void chunks.push(c) };
  let any = false;
  for (const part of doc.body ?? []) {
    if (any) chunks.push(Buffer.from(segmentStreamFormats[format].separator));
    if (isSpilled(part)) await writeSpilled(sink, part);
    else chunks.push(typeof part === 'string' ? Buffer.from(part) : part);
    any = true;
  }
  return Buffer.concat(chunks).toString('utf8');
}

describe('large documents spill their output to a file', () => {
  for (const format of ['csv', 'json'] as const) {
    it(`${format}: past the limit the pieces are one file, written out byte for byte as the pieces held in memory, and the file is removed then`, async () => {
      const dir = corpus();
      const spillDir = mkdtempSync(path.join(tmpdir(), 'qeval-spill-out-'));
      try {
        const task = { file: path.join(dir, 'long.txt'), id: 'long.txt' };
        const held = (await new FileAnalyzer(settings(dir, format)).analyze(task)).documents[0]!;
        const spilled = (await new FileAnalyzer(settings(dir, format, { dir: spillDir, bytes: 2000 })).analyze(task)).documents[0]!;
        expect(held.body!.length).toBeGreaterThan(2);
        expect(held.body!.some(isSpilled)).toBe(false);
        expect(spilled.body).toHaveLength(1);
        const file = spilled.body![0]!;
        expect(isSpilled(file)).toBe(true);
        if (!isSpilled(file)) return;
        expect(readdirSync(spillDir)).toEqual([path.basename(file.spilled)]);
        expect(readFileSync(file.spilled).length).toBe(file.bytes);
        expect(spilled.segments).toBe(held.segments);
        expect(await written(spilled, format)).toBe(await written(held, format));
        expect(existsSync(file.spilled)).toBe(false);
      } finally {
        for (const d of [dir, spillDir]) rmSync(d, { recursive: true, force: true });
      }
    });
  }

  it('under the limit the pieces stay in memory and no file is made', async () => {
    const dir = corpus();
    const spillDir = mkdtempSync(path.join(tmpdir(), 'qeval-spill-out-'));
    try {
      const doc = (await new FileAnalyzer(settings(dir, 'csv', { dir: spillDir, bytes: 1 << 30 })).analyze({ file: path.join(dir, 'long.txt'), id: 'long.txt' })).documents[0]!;
      expect(doc.body!.some(isSpilled)).toBe(false);
      expect(readdirSync(spillDir)).toEqual([]);
    } finally {
      for (const d of [dir, spillDir]) rmSync(d, { recursive: true, force: true });
    }
  });
});
