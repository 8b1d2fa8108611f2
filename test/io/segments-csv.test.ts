// Segments written to CSV and read back are identical: formula guard, lists with "; ", quotes, line breaks, numbers.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { segmentFormatters, segmentStreamFormats } from '../../src/render/segments.js';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { csvCell, joinListCell, splitListCell, unguardCell } from '../../src/render/csv.js';
import { readDocuments } from '../../src/io/read-documents.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModels } from '../../src/io/load-model.js';
import { CodebookSet } from '../../src/engine/code-many.js';
import type { CodedSegment } from '../../src/model/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qeval-segcsv-'));
async function roundTrip(segments: CodedSegment[], excel = false): Promise<CodedSegment[]> {
  const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, segmentFormatters.csv(segments, { excel }));
  return readSegmentsFile(file);
}

const base: CodedSegment = { document: 'a.md', code: 'x', start: 0, end: 1, line: 1, unit: 'sentence:1', speaker: null, text: 'a', coder: 'qeval t@1', rule: 'x#1', matched: ['a'] };

describe('segments CSV round trip', () => {
  it('gives back cells that start like formulas, or like already guarded ones, exactly', async () => {
    const cells = ['=SUM(A1)', '+370 600', '-  a list item', '@home', '\tindented', "'=quoted", "''+twice", "'plain apostrophe", "it's", '==', "'"];
    const segments = cells.map((text, i) => ({ ...base, start: i, end: i + 1, text, speaker: text, document: `${text}.md`, matched: [text] }));
    expect(await roundTrip(segments)).toEqual(segments);
    for (const c of cells) expect(unguardCell(csvCell(c).replace(/^"|"$/g, '').replace(/""/g, '"'))).toBe(c);
  });
  it('keeps list items that contain "; " or backslashes apart, and an empty list empty', async () => {
    const segments = [
      { ...base, matched: ['a; b', '', 'c\\d', 'e;f'] },
      { ...base, start: 1, end: 2, matched: [] },
      { ...base, start: 2, end: 3, matched: ['x'], method: 'model' as const, probability: 0.8734, features: ['neg:judg', 'q:polic; r:x', 'w:a\\b'] },
    ];
    expect(await roundTrip(segments)).toEqual(segments);
    expect(splitListCell(joinListCell(['a; b', 'c']))).toEqual(['a; b', 'c']);
    expect(joinListCell(['police', 'never'])).toBe('police; never');
  });
  it('keeps quotes, commas, line breaks and non-Latin text, with or without the Excel BOM', async () => {
    const segments = [{ ...base, text: 'He said "no",\nthen left — Žmonės, 😀', negated_from: 'strength.x', speaker: 'Ona, R1' }];
    expect(await roundTrip(segments)).toEqual(segments);
    expect(await roundTrip(segments, true)).toEqual(segments);
  });
  it('reads back what `qeval code` wrote for the sample study, rules and model, field for field', async () => {
    const docs = await readDocuments(['samples/interviews', 'samples/survey.csv'], { cwd: process.cwd(), root: 'samples', attributes: 'samples/attributes.csv' });
    const books = [await loadCodebookFile('codebooks/swot.yaml'), await loadCodebookFile('codebooks/swot.lt.yaml')];
    const segments = new CodebookSet(books, await loadModels(process.cwd(), books, undefined)).code(docs);
    expect(segments.some((s) => s.probability !== undefined && (s.features?.length ?? 0) > 0)).toBe(true);
    // JSON is the reference: what `-f json` writes is what the CSV must give back.
    const reference = JSON.parse(JSON.stringify(segments)) as CodedSegment[];
    expect(await roundTrip(segments)).toEqual(reference);
  }, 120_000);
});

describe('segments CSV written as a stream', () => {
  it('gives the very bytes of the whole-output formatter for every shape of cell, repeated or not', () => {
    const cells = ['=SUM(A1)', 'plain', 'with "quotes", and a comma', 'two\nlines', '', '-', "'=quoted", 'Ąžuolas; ė'];
    const segments: CodedSegment[] = [];
    cells.forEach((c, i) => {
      // Two codes of the same unit in a row (the text cell repeats), then a unit of its own.
      segments.push({ ...base, document: c || 'd.md', code: `code.${i}`, start: i, end: i + 10, line: i + 1, unit: c || 'sentence:1', speaker: c || null, text: c, coder: c || 'qeval t@1', rule: c || undefined, matched: c ? [c, 'x; y'] : [] });
      segments.push({ ...base, code: c || 'y', start: i, end: i + 10, text: c, negated_from: c || undefined, method: 'model', probability: i / 7, features: [c, 'f'], page: i, time: c || undefined });
      segments.push({ ...base, text: `${c} more`, page: 0, time: '' });
    });
    const format = segmentStreamFormats.csv;
    expect(format.head({}) + format.body(segments, {})).toBe(segmentFormatters.csv(segments, {}));
    // Once more, the remembered cells now warm: the same bytes.
    expect(format.head({}) + format.body(segments, {})).toBe(segmentFormatters.csv(segments, {}));
  });
});
