// Many inputs with bad files among them, folder expansion over every format, and multi-file output that fails part-way.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDocuments, readers, sniffExtension } from '../../src/io/read-documents.js';
import { writeFilesAtomic } from '../../src/io/write.js';
import { QevalError } from '../../src/model/errors.js';
import { makeDocx, makeOdt, para, run } from './make-office.js';
import { makePdf } from './make-pdf.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'qeval-many-'));

/** A folder with one good file of every format and the bad files the brief names. */
function mixedFolder(): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'a.txt'), 'We trust the police.\n');
  writeFileSync(path.join(dir, 'b.md'), '---\nlanguage: en\n---\nFunding is late.\n');
  writeFileSync(path.join(dir, 'c.docx'), makeDocx(para(run('The police call us.'))));
  writeFileSync(path.join(dir, 'd.odt'), makeOdt('<text:p>We trust them.</text:p>'));
  writeFileSync(path.join(dir, 'e.PDF'), makePdf([[{ text: 'Funding is short.', y: 700 }]]));
  writeFileSync(path.join(dir, 'f.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>We trust them.</v>\n');
  writeFileSync(path.join(dir, 'g.srt'), '1\n00:00:01,000 --> 00:00:02,000\nFunding is late.\n');
  writeFileSync(path.join(dir, 'h.csv'), 'respondent,answer\nr1,We trust the police officers here.\n');
  writeFileSync(path.join(dir, 'notes.xyz'), 'not picked up from a folder');
  writeFileSync(path.join(dir, '~$c.docx'), 'Word lock file: owner name');
  writeFileSync(path.join(dir, '.hidden.txt'), 'not a document');
  mkdirSync(path.join(dir, 'bad'));
  writeFileSync(path.join(dir, 'bad', 'corrupt.docx'), 'PK\u0003\u0004 this is no archive');
  writeFileSync(path.join(dir, 'bad', 'empty.txt'), '');
  writeFileSync(path.join(dir, 'bad', 'blank.txt'), '  \n\n \t\n');
  writeFileSync(path.join(dir, 'bad', 'front-matter-only.md'), '---\nlanguage: en\n---\n\n');
  writeFileSync(path.join(dir, 'bad', 'locked.pdf'), makePdf([[{ text: 'secret', y: 700 }]], { encrypted: true }));
  writeFileSync(path.join(dir, 'bad', 'scan.pdf'), makePdf([[]]));
  return dir;
}

describe('reading many files', () => {
  it('a folder picks up every registered format, whatever the case of the extension, and nothing else (no hidden or Office lock files)', async () => {
    const dir = mixedFolder();
    const failures: QevalError[] = [];
    const docs = await readDocuments(['.'], { cwd: dir, onFailure: (e) => failures.push(e) });
    expect(docs.map((d) => d.id)).toEqual(['a.txt', 'b.md', 'c.docx', 'd.odt', 'e.PDF', 'f.vtt', 'g.srt', 'h.csv#r1']);
    const registered = new Set(Object.keys(readers));
    for (const ext of ['.txt', '.md', '.csv', '.docx', '.odt', '.pdf', '.vtt', '.srt']) expect(registered.has(ext)).toBe(true);
    expect(failures.map((f) => [f.place.file, f.code])).toEqual([
      ['bad/blank.txt', 'EMPTY_DOCUMENT'],
      ['bad/corrupt.docx', 'ARCHIVE_CORRUPT'],
      ['bad/empty.txt', 'EMPTY_FILE'],
      ['bad/front-matter-only.md', 'EMPTY_DOCUMENT'],
      ['bad/locked.pdf', 'PDF_ENCRYPTED'],
      ['bad/scan.pdf', 'PDF_NO_TEXT'],
    ]);
  });

  it('a folder gives its survey CSVs but not the attributes, organizations, coding, segments or failures CSVs beside them', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.txt'), 'We trust the police.\n');
    writeFileSync(path.join(dir, 'survey.csv'), 'respondent,answer\nr1,We trust the police officers here.\n');
    writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization\na.txt,alpha\n');
    writeFileSync(path.join(dir, 'orgs.csv'), 'organization,name,services\nalpha,Alpha,"crisis intervention, shelter referral and counselling"\n');
    writeFileSync(path.join(dir, 'partners.csv'), 'id,organization,notes\nalpha,Alpha,"works with the police every single week"\n');
    writeFileSync(path.join(dir, 'coding.csv'), 'document,code,text\na.txt,trust,We trust the police.\n');
    writeFileSync(path.join(dir, 'out.csv.failures.csv'), 'file,line,code,message\r\nx.pdf,,PDF_NO_TEXT,the PDF has no text layer at all\r\n');
    const warnings: string[] = [];
    const docs = await readDocuments(['.'], { cwd: dir, attributes: 'attributes.csv', exclude: ['partners.csv'], onWarning: (m) => warnings.push(m) });
    expect(docs.map((d) => d.id)).toEqual(['a.txt', 'survey.csv#r1']);
    expect(warnings.filter((w) => !w.startsWith('no language attribute')).map((w) => w.split(':')[0]).sort()).toEqual(['coding.csv', 'orgs.csv', 'out.csv.failures.csv']);
    // A folder whose CSVs are none of them surveys holds no documents.
    mkdirSync(path.join(dir, 'only-attributes'));
    writeFileSync(path.join(dir, 'only-attributes', 'attributes.csv'), 'document,organization\na.txt,alpha\n');
    await expect(readDocuments(['only-attributes'], { cwd: dir })).rejects.toMatchObject({ code: 'NO_DOCUMENTS' });
    // Named on its own, a CSV is read as a survey whatever its columns.
    const named = await readDocuments(['orgs.csv'], { cwd: dir });
    expect(named.map((d) => d.id)).toEqual(['orgs.csv#1']);
  });

  it('without a failure handler, the first bad file stops the read with its error', async () => {
    const dir = mixedFolder();
    await expect(readDocuments(['.'], { cwd: dir })).rejects.toMatchObject({ code: 'EMPTY_DOCUMENT', place: { file: 'bad/blank.txt' } });
  });

  it('reports an oversized file and an explicitly named unsupported one as failures and reads the rest', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'small.txt'), 'We trust the police.\n');
    writeFileSync(path.join(dir, 'big.txt'), `${'Funding is late. '.repeat(200)}\n`);
    writeFileSync(path.join(dir, 'old.rtf'), '{\\rtf1 hello}');
    const failures: QevalError[] = [];
    const docs = await readDocuments(['small.txt', 'big.txt', 'old.rtf'], { cwd: dir, limits: { fileBytes: 1000 }, onFailure: (e) => failures.push(e) });
    expect(docs.map((d) => d.id)).toEqual(['small.txt']);
    expect(failures.map((f) => f.code)).toEqual(['FILE_TOO_LARGE', 'UNSUPPORTED_FORMAT']);
    expect(failures[1]!.message).toMatch(/RTF is not read.*\.docx, \.odt or \.txt/);
  });

  it('when no file at all could be read, says so after naming each', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'empty2.txt'), '');
    const failures: QevalError[] = [];
    await expect(readDocuments(['empty.txt', 'empty2.txt'], { cwd: dir, onFailure: (e) => failures.push(e) })).rejects.toMatchObject({ code: 'NO_DOCUMENTS_READ' });
    expect(failures).toHaveLength(2);
  });

  it('when the one file given cannot be read, its own error is the run\'s (one line, nothing after it)', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'empty.txt'), '');
    const failures: QevalError[] = [];
    await expect(readDocuments(['empty.txt'], { cwd: dir, onFailure: (e) => failures.push(e) })).rejects.toMatchObject({ code: 'EMPTY_FILE', place: { file: 'empty.txt' } });
    expect(failures).toHaveLength(0);
  });
});

describe('standard input', () => {
  it('is read by the reader its first bytes show: PDF, Word, OpenDocument, WebVTT, else text with front matter', async () => {
    expect(sniffExtension(makePdf([[{ text: 'x', y: 700 }]]))).toBe('.pdf');
    expect(sniffExtension(makeDocx(para(run('x'))))).toBe('.docx');
    expect(sniffExtension(makeOdt('<text:p>x</text:p>'))).toBe('.odt');
    expect(sniffExtension(Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n'))).toBe('.vtt');
    expect(sniffExtension(Buffer.from('WEBVTTX is not a header\n'))).toBe('.md');
    const pdf = makePdf([[{ text: 'We trust the police.', y: 700 }], [{ text: 'Funding is late.', y: 700 }]]);
    const [doc] = await readDocuments(['-'], { cwd: tmp(), stdin: () => Promise.resolve(pdf) });
    expect(doc).toMatchObject({ id: '-', text: 'We trust the police.\n\nFunding is late.\n', pageBreaks: [22] });
  });
});

describe('writeFilesAtomic', () => {
  const contents = (dir: string) => Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const rel = path.relative(dir, path.join(e.parentPath, e.name));
    return [rel, readFileSync(path.join(dir, rel), 'utf8')];
  }));

  it('writes every file, replacing old ones, and leaves no temporary file', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.md'), 'old a');
    await writeFilesAtomic(dir, [{ path: 'a.md', data: 'new a' }, { path: 'sub/b.md', data: 'new b' }]);
    expect(contents(dir)).toEqual({ 'a.md': 'new a', [path.join('sub', 'b.md')]: 'new b' });
  });

  it('when a file cannot be staged, replaces nothing and removes the files and folders already made', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.md'), 'old a');
    writeFileSync(path.join(dir, 'blocker'), 'a file where a folder is needed');
    await expect(writeFilesAtomic(dir, [{ path: 'a.md', data: 'new a' }, { path: 'new/x.md', data: 'x' }, { path: 'blocker/b.md', data: 'new b' }])).rejects.toThrow();
    expect(contents(dir)).toEqual({ 'a.md': 'old a', blocker: 'a file where a folder is needed' });
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'blocker']);
  });

  it('when putting a file in place fails part-way, restores the files it replaced and removes the new ones and their folders', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.md'), 'old a');
    writeFileSync(path.join(dir, 'c.md'), 'old c');
    const { rename, writeFile } = await import('node:fs/promises');
    let placed = 0;
    const ops = {
      writeFile: (f: string, d: string | Uint8Array) => writeFile(f, d),
      rename: async (from: string, to: string) => {
        if (from.endsWith('.tmp') && ++placed === 3) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        await rename(from, to);
      },
    };
    await expect(writeFilesAtomic(dir, [{ path: 'a.md', data: 'new a' }, { path: 'en/org/b.md', data: 'new b' }, { path: 'c.md', data: 'new c' }], ops)).rejects.toThrow('the disk is full');
    expect(contents(dir)).toEqual({ 'a.md': 'old a', 'c.md': 'old c' });
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'c.md']);
  });
});
