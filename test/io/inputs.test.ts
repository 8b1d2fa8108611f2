// Input edge cases: CSV shapes, survey rows, front matter, segments files read back, language codes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv } from '../../src/io/csv.js';
import { expandInputs, readDocuments } from '../../src/io/read-documents.js';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { segmentFormatters } from '../../src/render/segments.js';
import { decodeBytes } from '../../src/io/decode.js';
import { languageOf } from '../../src/engine/code-many.js';
import { QevalError } from '../../src/model/errors.js';
import type { CodedSegment } from '../../src/model/types.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'qeval-in-'));

describe('parseCsv', () => {
  it('reads a one-column CSV', () => {
    expect(parseCsv('answer\nWe help women.\n', 'a.csv').rows).toEqual([{ answer: 'We help women.' }]);
  });
  it('fills missing trailing cells with empty strings', () => {
    expect(parseCsv('a,b,c\n1,2\n', 'a.csv').rows).toEqual([{ a: '1', b: '2', c: '' }]);
  });
  it('names the file line of a bad row, counting line breaks inside quoted cells', () => {
    try {
      parseCsv('a,b\n"x\ny\nz",1\n1,2,3\n', 'a.csv');
      throw new Error('expected an error');
    } catch (e) {
      expect((e as QevalError).code).toBe('CSV_WIDTH');
      expect((e as QevalError).place).toMatchObject({ file: 'a.csv', line: 5 });
    }
  });
});

describe('readDocuments', () => {
  it('numbers survey rows when there is no respondent column and keeps every other column as an attribute', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 's.csv'), 'organization,strengths\natrama,The staff are committed and experienced in every way.\natrama,We lack funding and the police never call us.\n');
    const docs = await readDocuments(['s.csv'], { cwd: dir });
    expect(docs.map((d) => [d.id, d.attributes.organization])).toEqual([['s.csv#1', 'atrama'], ['s.csv#2', 'atrama']]);
  });
  it('reads front matter in Markdown but not in .txt files', async () => {
    const dir = tmp();
    const text = '---\nInterviewer: How is it?\nR1: The staff are committed.\n---\nR1: We lack funding.\n';
    writeFileSync(path.join(dir, 'a.txt'), text);
    writeFileSync(path.join(dir, 'b.md'), '---\nlanguage: lt\n---\nTekstas.\n');
    const [a, b] = await readDocuments(['a.txt', 'b.md'], { cwd: dir });
    expect(a?.bodyStart).toBe(0);
    // No front matter in a .txt: only the language detected in its text.
    expect(a?.attributes).toEqual({ language: 'en' });
    expect(b?.attributes).toEqual({ language: 'lt' });
  });
  it('keeps a leading "---" rule followed by prose as text', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'c.md'), '---\nJust prose here\n---\nMore prose.\n');
    const [c] = await readDocuments(['c.md'], { cwd: dir });
    expect(c?.bodyStart).toBe(0);
  });
  it('warns about attribute rows that name no document', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.md'), 'Text.\n');
    writeFileSync(path.join(dir, 'attr.csv'), 'document,organization,language\na.md,x,en\nmissing.md,y,en\n');
    const warnings: string[] = [];
    const [a] = await readDocuments(['a.md'], { cwd: dir, attributes: 'attr.csv', onWarning: (m) => warnings.push(m) });
    expect(a?.attributes.organization).toBe('x');
    expect(warnings).toEqual([expect.stringContaining('1 row names no document read (e.g. "missing.md")')]);
  });
});

describe('decodeBytes', () => {
  it('lets a byte-order mark win over a named encoding', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('document,organization\nx.md,Šviesa\n')]);
    expect(decodeBytes(bytes, 'a.csv', 'windows-1257').text).toContain('Šviesa');
  });
});

describe('segments files', () => {
  const segment: CodedSegment = { document: '=x.md', code: 'a', start: 0, end: 9, line: 1, unit: 'sentence:1', speaker: null, text: '- a point', coder: 'qeval t@1', rule: 'a#1', matched: ['point'] };
  it('read back from CSV equal what was written, formula guard undone', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 's.csv'), segmentFormatters.csv([segment], {}));
    expect(await readSegmentsFile(path.join(dir, 's.csv'))).toEqual([segment]);
  });
  it('reject records that are not segments with a clear error', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'n.json'), '[null]');
    await expect(readSegmentsFile(path.join(dir, 'n.json'), 'n.json')).rejects.toThrow(/segment 1: a segment must be an object/);
    writeFileSync(path.join(dir, 'e.json'), JSON.stringify([{ ...segment, start: 5, end: 2 }]));
    await expect(readSegmentsFile(path.join(dir, 'e.json'), 'e.json')).rejects.toThrow(/"end" \(2\) is before "start" \(5\)/);
  });
});

describe('languageOf', () => {
  it('reduces language attributes to a bare code', () => {
    const doc = (language: string) => ({ id: 'a', text: '', attributes: { language }, encoding: 'utf-8', bodyStart: 0 });
    expect([languageOf(doc('LT')), languageOf(doc('lt-LT')), languageOf(doc('en_GB'))]).toEqual(['lt', 'lt', 'en']);
  });
});

describe('expandInputs', () => {
  it('refuses a path that exists but is no file or folder (a device) with its own message, not "no such file"', async () => {
    await expect(expandInputs(['/dev/null'], tmp())).rejects.toMatchObject({ code: 'NOT_A_FILE', place: { file: '/dev/null' } });
    await expect(expandInputs(['absent.md'], tmp())).rejects.toMatchObject({ code: 'NOT_FOUND', place: { file: 'absent.md' } });
  });
});
