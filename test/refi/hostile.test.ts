// Hostile REFI-QDA files: no write outside the target folder, no XML entities, limits on entries and decompressed size.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { openArchive, writeArchive } from '../../src/refi/archive.js';
import { importRefiFile } from '../../src/refi/import.js';
import { parseRefiXml } from '../../src/refi/parse.js';
import { documentPath } from '../../src/refi/to-qeval.js';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { makeQdpx, projectXml, qeval, tempDir } from './helpers.js';

const CODE = 'd0000000-0000-4000-8000-00000000000a';
const codes = `<Code guid="${CODE}" name="C" isCodable="true"/>`;

/** Every file under `dir`, relative. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('hostile REFI-QDA files', () => {
  it('keeps documents inside the target folder whatever the source names say', async () => {
    const dir = tempDir();
    const names = ['../../escape', '/etc/passwd', 'C:\\Windows\\evil.docx', '..\\..\\up.txt', 'CON', '.hidden', 'a/../../b.md', ''];
    const sources = names.map((name, i) => ({ guid: `e0000000-0000-4000-8000-00000000000${i}`, name, selections: [[0, 4, CODE]] as [number, number, string][] }));
    const files: Record<string, string> = { 'project.qde': projectXml({ origin: 'QualCoder', codes, sources }) };
    for (const s of sources) files[`sources/${s.guid}.txt`] = 'Some text.';
    await makeQdpx(path.join(dir), 'evil.qdpx', files);
    const r = await qeval(['import', 'evil.qdpx', '-o', 'inside/out'], dir);
    expect(r.status).toBe(0);
    expect(listFiles(dir).filter((f) => !f.startsWith('inside/out/') && f !== 'evil.qdpx')).toEqual([]);
    expect(listFiles(path.join(dir, 'inside/out'))).toEqual(['.qeval-files', 
      'attributes.csv', 'codebook.yaml', 'documents/C_/Windows/evil.txt', 'documents/_CON.txt', 'documents/_hidden.txt', 'documents/a/b.md',
      'documents/escape.txt', 'documents/etc/passwd.txt', 'documents/source-8.txt', 'documents/up.txt', 'segments.csv',
    ]);
    expect(documentPath('../../../x', 'f')).toBe('x.txt');
    expect(documentPath('..', 'fallback')).toBe('fallback.txt');
  });

  it('names every source of a text kind alike: a document, subtitle or media extension becomes .txt, .txt and .md stay, a dotted title keeps its dot', () => {
    expect(['a.docx', 'b.PDF', 'c.srt', 'd.vtt', 'e.mp3', 'f.MP4', 'g.jpeg', 'h.txt', 'i.md'].map((n) => documentPath(n, 'f'))).toEqual([
      'a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt', 'g.txt', 'h.txt', 'i.md',
    ]);
    expect(documentPath('Interview 3. Vilnius', 'f')).toBe('Interview 3. Vilnius.txt');
    expect(documentPath('notes.v2', 'f')).toBe('notes.v2.txt');
  });

  it('a survey source stays inside the target folder, keeps .csv, and rejects selections in its header or unreadable text', async () => {
    const dir = tempDir();
    const guid = 'e1000000-0000-4000-8000-000000000001';
    const csv = 'id;answer\n1;We trust them because they help us every day.\n2;The police call us when they find someone.\n';
    const cases = `<Cases><Case guid="f1000000-0000-4000-8000-000000000001" name="../../s.csv#1"><SourceRef targetGUID="${guid}"/></Case></Cases>`;
    const project = (selections: [number, number, string][]) => projectXml({ origin: 'QualCoder 3.6', codes, sources: [{ guid, name: '../../s.csv', selections }] }).replace('<Sources>', `${cases}<Sources>`);
    await makeQdpx(dir, 'ok.qdpx', { 'project.qde': project([[13, 18, CODE]]), [`sources/${guid}.txt`]: csv });
    const ok = await qeval(['import', 'ok.qdpx', '-o', 'out'], dir);
    expect(ok.status).toBe(0);
    expect(listFiles(path.join(dir, 'out'))).toEqual(['.qeval-files', 'attributes.csv', 'codebook.yaml', 'documents/s.csv', 'segments.csv']);
    const [segment] = await readSegmentsFile(path.join(dir, 'out/segments.csv'));
    // Placed in its row, its unit numbered among the row's answers as `qeval code` numbers them, cited under its column.
    expect(segment).toMatchObject({ document: 's.csv#1', start: 13, end: 18, text: 'e tru', line: 2, unit: 'sentence:1', speaker: 'answer' });
    await makeQdpx(dir, 'header.qdpx', { 'project.qde': project([[3, 9, CODE]]), [`sources/${guid}.txt`]: csv });
    const header = await qeval(['import', 'header.qdpx', '-o', 'out2'], dir);
    expect(header.status).toBe(2);
    expect(header.stderr).toMatch(/^qeval: header\.qdpx: selection \S+ \(3-9\) in source "\.\.\/\.\.\/s\.csv" is not inside one answer of one respondent row of the survey$/m);
    expect(existsSync(path.join(dir, 'out2'))).toBe(false);
    await makeQdpx(dir, 'empty.qdpx', { 'project.qde': project([]), [`sources/${guid}.txt`]: 'id;answer\n' });
    const empty = await qeval(['import', 'empty.qdpx', '-o', 'out3'], dir);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^qeval: empty\.qdpx: source "\.\.\/\.\.\/s\.csv": its cases are survey rows, but its text is not a survey CSV qeval reads/m);
  });

  it('never reads a zip entry named outside the archive as a path: it is only looked up', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
    const xml = projectXml({ origin: 'QualCoder', codes, sources: [{ guid: 'e0000000-0000-4000-8000-000000000001', name: 'n', path: 'internal://../secret.txt', selections: [] }] });
    await makeQdpx(dir, 'p.qdpx', { 'project.qde': xml });
    const r = await importRefiFile(path.join(dir, 'p.qdpx'), 'p.qdpx');
    expect(r.documents).toEqual([]);
    expect(r.warnings).toContainEqual('source "n": its text is missing ("internal://../secret.txt" is not in the archive); skipped');
  });

  it('refuses a DOCTYPE: no external entity is read, no entity expansion (billion laughs)', async () => {
    const external = '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Project name="&x;"/>';
    expect(() => parseRefiXml(external, 'project.qde')).toThrow(expect.objectContaining({ code: 'REFI_XML_DOCTYPE', place: { file: 'project.qde', line: 2, column: 1 } }));
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><Project name="&lol9;"/>`;
    expect(() => parseRefiXml(laughs, 'project.qde')).toThrow(expect.objectContaining({ code: 'REFI_XML_DOCTYPE' }));
    const dir = tempDir();
    await makeQdpx(dir, 'x.qdpx', { 'project.qde': external });
    const r = await qeval(['import', 'x.qdpx', '-o', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: x.qdpx:project.qde:2:1: the XML declares a DOCTYPE, which REFI-QDA files never need; it is refused because its entities could read other files or expand without bound\n');
  });

  it('reports XML that is not well-formed with its line and column', () => {
    expect(() => parseRefiXml('<Project name="x">\n  <Users>\n</Project>', 'project.qde')).toThrow(expect.objectContaining({ code: 'REFI_XML', place: expect.objectContaining({ file: 'project.qde', line: 3 }) }));
    expect(() => parseRefiXml('<Other/>', 'project.qde')).toThrow(expect.objectContaining({ code: 'REFI_NOT_REFI' }));
  });

  it('limits entries and decompressed size (a zip bomb stops before it is inflated)', async () => {
    const many = await writeArchive(Array.from({ length: 6 }, (_, i) => ({ path: `f${i}.txt`, data: 'x' })));
    await expect(openArchive(many, 'many.qdpx', { maxEntries: 5, maxEntryBytes: 1e6, maxTotalBytes: 1e6 })).rejects.toMatchObject({ code: 'REFI_ZIP_LIMIT', message: 'the archive has 6 entries, more than the 5 qeval accepts' });
    const bomb = await writeArchive([{ path: 'project.qde', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(100_000);
    const archive = await openArchive(bomb, 'bomb.qdpx', { maxEntries: 10, maxEntryBytes: 8 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 });
    await expect(archive.read('project.qde')).rejects.toMatchObject({ code: 'REFI_ZIP_LIMIT', message: expect.stringContaining('would decompress to 20 MiB, more than the 8 MiB') });
    archive.close();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bomb.qdpx'), bomb);
    await expect(importRefiFile(path.join(dir, 'bomb.qdpx'), 'bomb.qdpx', { limits: { maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 1e6 } })).rejects.toMatchObject({ code: 'REFI_ZIP_LIMIT' });
  });

  it('rejects an entry that inflates past the size it declares', async () => {
    // A stored-size lie: the headers claim 10 bytes, the deflated data holds 100,000.
    const data = deflateRawSync(Buffer.alloc(100_000, 0x41));
    const name = Buffer.from('project.qde');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(10, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(10, 24); central.writeUInt16LE(name.length, 28);
    const cdOffset = local.length + name.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(cdOffset, 16);
    const zip = Buffer.concat([local, name, data, central, name, end]);
    const archive = await openArchive(zip, 'liar.qdpx');
    await expect(archive.read('project.qde')).rejects.toMatchObject({ code: expect.stringMatching(/^REFI_ZIP/) });
    archive.close();
  });

  it('says clearly when a file is not a REFI-QDA archive, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.qdpx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
    const broken = await qeval(['import', 'broken.qdpx', '-o', 'out'], dir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^qeval: broken\.qdpx: not a readable ZIP archive: /);
    await makeQdpx(dir, 'empty.qdpx', { 'readme.txt': 'hello' });
    const empty = await qeval(['import', 'empty.qdpx', '-o', 'out'], dir);
    expect(empty.stderr).toBe('qeval: empty.qdpx: the archive holds no .qde project file; is it a REFI-QDA .qdpx?\n');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    writeFileSync(path.join(dir, 'full.txt'), 'x');
    const notEmpty = await qeval(['import', 'empty.qdpx', '-o', '.'], dir);
    expect(notEmpty.stderr).toBe('qeval: .: the folder is not empty; import into a new folder, or give --force to write over it\n');
  });
});
