// Selection positions: each tool's counting converted to code points in LF text; namespace and path variants; bad selections reported.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { countingForOrigin, PositionMap } from '../../src/refi/positions.js';
import { importRefiFile } from '../../src/refi/import.js';
import { makeQdpx, projectXml, qeval, tempDir } from './helpers.js';

const CODE = '{D0000000-0000-4000-8000-00000000000A}';
const codes = `<Code guid="${CODE}" name="Line" isCodable="true"/>`;
// "Line two 😀 ok." follows a CR LF and an emoji; its position differs in every counting.
const RAW = 'Line one 😀.\r\nLine two 😀 ok.\r\n';
const TARGET = 'Line two 😀 ok.';

describe('PositionMap', () => {
  it.each([
    // counting, start and end of TARGET as that counting sees them
    ['codepoints', 13, 27],
    ['utf16', 14, 29],
    ['crlf-one', 12, 26],
  ] as const)('maps %s positions to code points of the normalized text', (counting, start, end) => {
    const map = new PositionMap(RAW, counting);
    const text = Array.from(RAW.replace(/\r\n/g, '\n'));
    expect(text.slice(map.start(start)!, map.end(end)!).join('')).toBe(TARGET);
  });

  it('maps a position inside a character down for a start and up for an end; out of range is undefined', () => {
    const map = new PositionMap('a😀\r\nb', 'utf16');
    expect([map.start(2), map.end(2)]).toEqual([1, 2]); // inside the surrogate pair
    expect([map.start(4), map.end(4)]).toEqual([2, 3]); // between CR and LF
    expect(map.length).toBe(6);
    expect(map.start(7)).toBeUndefined();
    expect(map.end(-1)).toBeUndefined();
  });

  it('reads the counting from the exporting tool', () => {
    expect(countingForOrigin('NVivo for Windows 12.6')).toBe('utf16');
    expect(countingForOrigin('NVivo 14 for Mac')).toBe('utf16');
    expect(countingForOrigin('ATLAS.ti 8.4.0 573 , macOS')).toBe('crlf-one');
    expect(countingForOrigin('MAXQDA 2022')).toBe('codepoints');
    expect(countingForOrigin('QualCoder 3.5')).toBe('codepoints');
    expect(countingForOrigin(undefined)).toBe('codepoints');
  });
});

async function importOne(origin: string, start: number, end: number, variant: { namespace?: string; path?: string; entry?: string } = {}) {
  const dir = tempDir();
  const guid = 'E0000000-0000-4000-8000-000000000001';
  const file = await makeQdpx(dir, 'p.qdpx', {
    'project.qde': projectXml({ origin, codes, namespace: variant.namespace, sources: [{ guid: `{${guid}}`, name: 'notes', path: variant.path, selections: [[start, end, CODE]] }] }),
    [variant.entry ?? `sources/${guid}.txt`]: `\uFEFF${RAW}`,
  });
  return importRefiFile(file, 'p.qdpx');
}

describe('importing selections from each tool', () => {
  it.each([
    ['NVivo for Windows 12.6', 14, 29],
    ['ATLAS.ti 9.1', 12, 26],
    ['MAXQDA 2022', 13, 27],
    ['QualCoder 3.5', 13, 27],
  ])('%s: the selection is the same text', async (origin, start, end) => {
    const r = await importOne(origin, start, end);
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]).toMatchObject({ document: 'notes.txt', code: 'line', start: 12, end: 26, line: 2, text: TARGET, coder: 'Ana' });
    expect(r.documents[0]!.text).toBe('Line one 😀.\nLine two 😀 ok.\n');
  });

  it.each([
    ['namespace 0:10, plain path', { namespace: 'urn:QDA-XML:project:0:10', path: 'sources/E0000000-0000-4000-8000-000000000001.txt' }],
    ['no namespace, "Sources" folder and backslashes', { namespace: '', path: 'Sources\\e0000000-0000-4000-8000-000000000001.txt', entry: 'Sources/E0000000-0000-4000-8000-000000000001.txt' }],
    ['internal path, file at the archive root', { entry: 'E0000000-0000-4000-8000-000000000001.txt' }],
  ])('accepts %s', async (_name, variant) => {
    const r = await importOne('MAXQDA 2022', 13, 27, variant);
    expect(r.segments.map((s) => s.text)).toEqual([TARGET]);
  });

  it('reports a selection outside its text instead of clamping it: exit 2 and nothing written; --skip-invalid imports the rest', async () => {
    const dir = tempDir();
    const guid = 'e0000000-0000-4000-8000-000000000001';
    const xml = projectXml({ origin: 'MAXQDA 2022', codes, sources: [{ guid, name: 'notes.txt', selections: [[13, 27, CODE], [20, 40, CODE], [5, 5, CODE]] }] });
    await makeQdpx(dir, 'p.qdpx', { 'project.qde': xml, [`sources/${guid}.txt`]: RAW });
    const r = await qeval(['import', 'p.qdpx', '-o', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: p.qdpx: selection b0000000-0000-4000-8000-000000000001 (20-40) in source "notes.txt" lies outside its text (29 code points); check --positions');
    expect(r.stderr).toContain('qeval: p.qdpx: selection b0000000-0000-4000-8000-000000000002 (5-5) in source "notes.txt" is empty or reversed');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    const skip = await qeval(['import', 'p.qdpx', '-o', 'out', '--skip-invalid'], dir);
    expect(skip.status).toBe(0);
    expect(skip.stderr).toMatch(/warning: p\.qdpx: selection .* \(20-40\) .* lies outside its text .*\(skipped\)/);
    expect(skip.stderr).toMatch(/codings +1 \(Ana 1\)/);
    expect(readFileSync(path.join(dir, 'out/segments.csv'), 'utf8')).toContain(`notes.txt,line,12,26,2,sentence:2,,${TARGET},Ana`);
  });

  it('names unknown codes and missing users', async () => {
    const dir = tempDir();
    const guid = 'e0000000-0000-4000-8000-000000000001';
    const xml = projectXml({ origin: 'QualCoder', codes, sources: [{ guid, name: 'n', selections: [[0, 4, 'f0000000-0000-4000-8000-000000000000']] }] });
    await makeQdpx(dir, 'p.qdpx', { 'project.qde': xml, [`sources/${guid}.txt`]: RAW });
    await expect(importRefiFile(path.join(dir, 'p.qdpx'), 'p.qdpx')).rejects.toMatchObject({ code: 'REFI_UNKNOWN_CODE', message: expect.stringContaining('is coded with code f0000000-0000-4000-8000-000000000000, which the codebook does not have') });
  });
});
