// A coding made in another tool (NVivo: UTF-16 positions, CR LF texts) imports into a segments file `qeval train` learns from.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readDocuments } from '../../src/io/read-documents.js';
import { readHumanCoding } from '../../src/io/read-coding.js';
import { humanCodes, transcript } from '../learn/fixtures.js';
import { makeQdpx, qeval, tempDir } from './helpers.js';

const USER = '8ca3a2c1-8b7a-41c3-a9dd-a8fb46caa645';
const GUIDS = { strength: '10000000-0000-4000-8000-000000000001', trust: '10000000-0000-4000-8000-000000000002', weakness: '10000000-0000-4000-8000-000000000003', resources: '10000000-0000-4000-8000-000000000004' };

/** Eight transcripts coded by "Ana" in a NVivo-like project: a BOM, CR LF line ends and an emoji before the coded text. */
async function nvivoProject(dir: string): Promise<{ file: string; expected: { document: string; code: string; text: string }[] }> {
  const files: Record<string, string> = {};
  const sources: string[] = [];
  const expected: { document: string; code: string; text: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const t = transcript(i);
    const prefix = 'Interview notes 🙂\n\n';
    const raw = (prefix + t.doc.text).replace(/\n/g, '\r\n');
    const guid = `20000000-0000-4000-8000-00000000000${i}`;
    files[`Sources/${guid}.txt`] = `\uFEFF${raw}`;
    const selections = humanCodes(t).map((h, k) => {
      const text = t.doc.text.slice(h.start, h.end);
      expected.push({ document: `interview ${i}.txt`, code: h.code, text });
      // NVivo counts UTF-16 units of the CR LF text (the emoji counts two).
      const start = (prefix + t.doc.text.slice(0, h.start)).replace(/\n/g, '\r\n').length;
      const code = h.code === 'strength.trust' ? GUIDS.trust : GUIDS.resources;
      return `<PlainTextSelection guid="3000000${i}-0000-4000-8000-${String(k).padStart(12, '0')}" name="" startPosition="${start}" endPosition="${start + text.length}" creatingUser="${USER}"><Description/><Coding guid="4000000${i}-0000-4000-8000-${String(k).padStart(12, '0')}" creatingUser="${USER}"><CodeRef targetGUID="${code}"/></Coding></PlainTextSelection>`;
    });
    sources.push(`<TextSource guid="${guid}" name="interview ${i}" plainTextPath="internal://${guid}.txt"><Description/>${selections.join('')}</TextSource>`);
  }
  files['project.qde'] = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Pilot" origin="NVivo for Windows 12.6" creatingUserGUID="${USER}" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="${USER}" name="Ana" /></Users>
  <CodeBook><Codes>
    <Code guid="${GUIDS.strength}" name="Strength" isCodable="true"><Description>What works.</Description>
      <Code guid="${GUIDS.trust}" name="Trust" isCodable="true"><Description>Victims trust the staff.</Description></Code>
    </Code>
    <Code guid="${GUIDS.weakness}" name="Weakness" isCodable="true">
      <Code guid="${GUIDS.resources}" name="Resources" isCodable="true" color="#C00"/>
    </Code>
  </Codes></CodeBook>
  <Sources>${sources.join('')}</Sources>
</Project>`;
  return { file: await makeQdpx(dir, 'pilot.qdpx', files), expected };
}

describe('training on a coding imported from another tool', () => {
  it('imports every coding at the text the coder selected, and readHumanCoding accepts the segments file', async () => {
    const dir = tempDir();
    const { expected } = await nvivoProject(dir);
    const r = await qeval(['import', 'pilot.qdpx', '-o', 'pilot'], dir);
    expect(r.stderr).not.toContain('written as');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('next: qeval train pilot/segments.csv pilot/documents --root pilot/documents -c pilot/codebook.yaml --cv\n');
    const docs = await readDocuments(['pilot/documents'], { cwd: dir, root: 'pilot/documents' });
    const coding = await readHumanCoding(path.join(dir, 'pilot/segments.csv'), 'segments.csv', docs, new Set(['strength', 'strength.trust', 'weakness', 'weakness.resources']));
    expect(coding.coder).toBe('Ana');
    const byId = new Map(docs.map((d) => [d.id, Array.from(d.text)]));
    const got = coding.codes.map((c) => ({ document: c.document, code: c.code, text: byId.get(c.document)!.slice(c.start, c.end).join('') }));
    const key = (x: { document: string; code: string; text: string }) => `${x.document}|${x.code}|${x.text}`;
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
    expect(readFileSync(path.join(dir, 'pilot/codebook.yaml'), 'utf8')).toContain('color: "#CC0000"');
  });

  it('`qeval train` learns from it with the imported codebook', async () => {
    const dir = tempDir();
    await nvivoProject(dir);
    await qeval(['import', 'pilot.qdpx', '-o', 'pilot'], dir);
    const r = await qeval(['train', 'pilot/segments.csv', 'pilot/documents', '--root', 'pilot/documents', '-c', 'pilot/codebook.yaml', '-o', 'model.json', '--folds', '4', '--min-positives', '4', '--jobs', '1'], dir);
    expect(r.stderr).toMatch(/trained \d+ code classifiers on \d+ units of 8 documents \(coder Ana; in one thread\)/);
    expect(r.status).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(model).toMatchObject({ codebook: { name: 'pilot', version: '1.0.0', language: 'en' }, training: { coder: 'Ana', documents: 8 } });
    expect(Object.keys(model.codes)).toEqual(expect.arrayContaining(['strength', 'weakness']));
  }, 120_000);
});
