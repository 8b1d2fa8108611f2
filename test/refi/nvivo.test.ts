// The real NVivo for Windows 12.6 export imports with the counts it holds, its UTF-16 positions converted to code points.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCodebook } from '../../src/codebook/load.js';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { importRefiFile } from '../../src/refi/import.js';
import { DATA, qeval, tempDir } from './helpers.js';

const NVIVO = path.join(DATA, 'nvivo-win-12.6-oltas.qdpx');

describe('importing the real NVivo export (test/refi/data/SOURCES.md gives its counts)', () => {
  it('finds 1 source, 60 codes (11 top-level, depth 2), 97 codings of 30 codes by 1 of its 2 users', async () => {
    const dir = tempDir();
    const r = await qeval(['import', NVIVO, '-o', 'out'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('written by NVivo for Windows 12.6; positions counted in UTF-16 code units (NVivo)');
    expect(r.stderr).toMatch(/ sources +1\n +codes +60\n +codings +97 \(floriansipos 97\)\n +users +2\n/);
    const segments = await readSegmentsFile(path.join(dir, 'out/segments.csv'));
    expect(segments).toHaveLength(97);
    expect(new Set(segments.map((s) => s.code)).size).toBe(30);
    expect(new Set(segments.map((s) => s.coder))).toEqual(new Set(['floriansipos']));
    const book = parseCodebook(readFileSync(path.join(dir, 'out/codebook.yaml'), 'utf8'), 'codebook.yaml');
    expect(book.codes).toHaveLength(60);
    // The project names no language; its text is Hungarian, and so is the codebook written for it.
    expect(book.spec.language).toBe('hu');
    expect(book.codes.filter((c) => c.depth === 0)).toHaveLength(11);
    expect(Math.max(...book.codes.map((c) => c.depth))).toBe(2);
    expect(book.byId.get('1-perceived-susceptibility-eszlelt')).toMatchObject({ label: '1. Perceived Susceptibility – Észlelt fogékonyság', definition: expect.stringContaining('Rosenstock, 1974') });
    // Every segment's text is exactly the slice of the document written (no BOM, LF line ends).
    const text = readFileSync(path.join(dir, 'out/documents/videos_selection.txt'), 'utf8');
    expect(text.startsWith('video_id\nvideo_title\n')).toBe(true);
    const cps = Array.from(text);
    for (const s of segments) expect(cps.slice(s.start, s.end).join('')).toBe(s.text);
    expect(readFileSync(path.join(dir, 'out/attributes.csv'), 'utf8')).toBe('document\r\nvideos_selection.txt\r\n');
  }, 60_000);

  it('places selections after emoji only when counting UTF-16 units, as NVivo does', async () => {
    const nvivo = await importRefiFile(NVIVO, 'oltas.qdpx');
    const last = nvivo.segments[nvivo.segments.length - 1]!;
    expect(nvivo.segments[0]!.text).toMatch(/^Na mi van\? Nem mertétek kötelezővé tenni\?.*covidban\.$/s);
    expect(last.text.startsWith('Természetesen a transzhumanista')).toBe(true);
    // Counting code points, as the standard says, shifts every selection after the first emoji.
    const asStandard = await importRefiFile(NVIVO, 'oltas.qdpx', { positions: 'codepoints' });
    expect(asStandard.segments[asStandard.segments.length - 1]!.text.startsWith('Természetesen')).toBe(false);
    expect(asStandard.segments[0]!.text).toBe(nvivo.segments[0]!.text);
  }, 60_000);

  it('reads the standard\'s ATLAS.ti project and codebook examples: hierarchy from "Category::code", colors, descriptions', async () => {
    const atlas = await importRefiFile(path.join(DATA, 'spec-annex-a2-atlasti.qde'), 'a2.qde', { skipInvalid: true });
    expect(atlas.counting).toBe('crlf-one');
    expect(atlas.counts).toMatchObject({ codes: 14, users: 3, sources: 0 });
    const coke = atlas.codebook!.codes.find((c) => c.id === 'coke')!;
    expect(coke).toMatchObject({ label: 'Coke', definition: 'the breakfast of champions', color: '#966450' });
    expect(coke.codes!.map((c) => [c.id, c.label, c.definition])).toEqual([['coke.full-fat-coke', 'full-fat Coke', 'aka regular'], ['coke.diet-coke', 'diet Coke', 'non sucré']]);
    expect(atlas.warnings.some((w) => /source "Simon\.docx": its text is missing .* \(skipped\)$/.test(w))).toBe(true);
    expect(atlas.warnings).toContainEqual(expect.stringMatching(/^not imported \(qeval codes text only\): .*1 picture sources/));
    // Without --skip-invalid, coded sources without their text are an error.
    await expect(importRefiFile(path.join(DATA, 'spec-annex-a2-atlasti.qde'), 'a2.qde')).rejects.toMatchObject({ code: 'REFI_SOURCE_MISSING' });
    const qdc = await importRefiFile(path.join(DATA, 'spec-annex-a1.qdc'), 'a1.qdc');
    expect(qdc.kind).toBe('codebook');
    expect(qdc.codebook!.codes.map((c) => [c.id, c.color ?? null])).toEqual([['topics', null], ['economy', '#ffff00'], ['health-care', '#33cc33'], ['values', null], ['conservatives', '#ff0000'], ['liberals', '#0000ff']]);
  });
});
