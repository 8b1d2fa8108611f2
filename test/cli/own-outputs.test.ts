// qeval's own outputs written into a folder it codes (a table, a SWOT grid, a Word or Markdown report)
// and the tables of terms and kwic, a codebook exported as Markdown, are passed over on the next run, with a warning, instead of being coded as documents: their quoted
// evidence would be counted a second time.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliWithoutLanguageNotes as run } from '../report/harness.js';

const INTERVIEW = 'samples/interviews/01-atrama-director.md';

/** A working folder with one interview in it. */
function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-own-'));
  copyFileSync(INTERVIEW, path.join(dir, 'a.md'));
  return dir;
}

const segmentsOf = async (dir: string) => {
  const r = await run(['code', '.', '--no-model', '-q', '-f', 'csv'], dir);
  expect(r.status, r.stderr).toBe(0);
  return r;
};

describe("qeval's outputs in an input folder", { timeout: 120_000 }, () => {
  it('are passed over with a warning each, and the coding is that of the documents alone', async () => {
    const dir = workdir();
    const alone = (await segmentsOf(dir)).stdout;
    for (const argv of [
      ['code', '.', '--no-model', '-q', '-f', 'table', '-o', 'table.txt'],
      ['swot', '.', '--no-model', '-q', '-o', 'grid.txt'],
      ['swot', '.', '--no-model', '-q', '-o', 'swot.docx'],
      ['terms', '.', '--lang', 'en', '-o', 'terms.txt'],
      ['kwic', 'trust', '.', '-o', 'kwic.txt'],
      ['codebook', 'export', path.resolve('codebooks/swot.yaml'), '-o', 'codebook.md'],
      ['swot', '.', '--no-model', '-q', '-f', 'md', '-o', 'swot.md'],
    ]) {
      const r = await run(argv, dir);
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const again = await segmentsOf(dir);
    expect(again.stdout).toBe(alone);
    expect(again.stderr.split('\n').filter((l) => l.includes('not read')).sort()).toEqual([
      'qeval: warning: codebook.md: not read as a document (it is a Markdown file qeval wrote); name the file itself to code it anyway',
      'qeval: warning: grid.txt: not read as a document (it is a table or SWOT grid qeval wrote); name the file itself to code it anyway',
      'qeval: warning: kwic.txt: not read as a document (it is a keyword-in-context table qeval wrote); name the file itself to code it anyway',
      'qeval: warning: swot.docx: not read as a document (it is a Word report qeval wrote: its author is qeval); name the file itself to code it anyway',
      'qeval: warning: swot.md: not read as a document (it is a Markdown file qeval wrote); name the file itself to code it anyway',
      'qeval: warning: table.txt: not read as a document (it is a table or SWOT grid qeval wrote); name the file itself to code it anyway',
      'qeval: warning: terms.txt: not read as a document (it is a terms table qeval wrote); name the file itself to code it anyway',
    ]);
  });

  it('may be replaced by the next run that writes them, which reads the rest of the folder', async () => {
    const dir = workdir();
    const first = await run(['code', '.', '--no-model', '-q', '-f', 'table', '-o', 'table.txt'], dir);
    expect(first.status).toBe(0);
    const before = readFileSync(path.join(dir, 'table.txt'), 'utf8');
    const second = await run(['code', '.', '--no-model', '-q', '-f', 'table', '-o', 'table.txt'], dir);
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'table.txt'), 'utf8')).toBe(before);
  });

  it('are read when named on the command line (as a shell pattern names them), with a warning each', async () => {
    const dir = workdir();
    expect((await run(['swot', 'a.md', '--no-model', '-q', '-o', 'swot.docx'], dir)).status).toBe(0);
    copyFileSync('samples/interviews/02-atrama-social-worker.md', path.join(dir, 'b.md'));
    const text = await run(['text', 'a.md', 'b.md'], dir);
    writeFileSync(path.join(dir, 'all.txt'), text.stdout);
    const r = await run(['code', 'swot.docx', 'all.txt', 'a.md', '--no-model', '-q', '-f', 'csv'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('swot.docx,')).length).toBeGreaterThan(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('named among the inputs'))).toEqual([
      'qeval: warning: all.txt: coded as a document, as it is named among the inputs, though it is the text of several documents as qeval text prints it: what it quotes counts twice; leave it out, or give the folder or a quoted pattern ("in/*"), which pass over qeval\'s outputs',
      'qeval: warning: swot.docx: coded as a document, as it is named among the inputs, though it is a Word report qeval wrote: its author is qeval: what it quotes counts twice; leave it out, or give the folder or a quoted pattern ("in/*"), which pass over qeval\'s outputs',
    ]);
  });

  it('alone in a folder give one line and status 2', async () => {
    const dir = workdir();
    expect((await run(['code', 'a.md', '--no-model', '-q', '-f', 'table', '-o', 'sub/t.txt'], dir)).status).toBe(0);
    const r = await run(['code', 'sub', '--no-model', '-q'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.replace(/^qeval: warning: .*\n/gm, '')).toBe('qeval: sub: no documents: the 1 file found is a CSV that is not a survey or an output qeval wrote (name a file itself to code it)\n');
  });

  it('are told from documents by their first lines, not by a frame or mark further in', async () => {
    const dir = workdir();
    // A transcript quoting a drawn table, and one that quotes the report mark after its first line: both are documents.
    writeFileSync(path.join(dir, 'b.txt'), 'Interviewer: What did the form look like?\n\nRespondent: Like this.\n\n┌────┐\n│ ID │\n└────┘\n\nWe trust the police now.\n');
    writeFileSync(path.join(dir, 'c.md'), 'Respondent: The report began with <!-- qeval report --> and we trust it.\n');
    const r = await segmentsOf(dir);
    expect(r.stderr).not.toContain('not read');
    const documents = new Set(r.stdout.split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]));
    expect([...documents].sort()).toEqual(['a.md', 'b.txt', 'c.md']);
  });

  it('include a table of no segments, which is its header, not an empty file the next run fails on', async () => {
    const dir = workdir();
    writeFileSync(path.join(dir, 'cats.txt'), 'The weather is nice today and the cat sleeps.\n');
    const r = await run(['code', 'cats.txt', '--no-model', '-q', '-f', 'table', '-o', 'none.txt'], dir);
    expect(r.status, r.stderr).toBe(0);
    const table = readFileSync(path.join(dir, 'none.txt'), 'utf8');
    expect(table.split('\n').map((l) => l.slice(0, 12))).toEqual(['┌───────────', '│ document  ', '└───────────', '']);
    const again = await run(['score', '.', '--no-model', '-q'], dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('none.txt: not read as a document (it is a table or SWOT grid qeval wrote)');
  });

  it('are recognised when saved again as UTF-16 ("Unicode" in Notepad)', async () => {
    const dir = workdir();
    expect((await run(['swot', 'a.md', '--no-model', '-q', '-o', 'grid.txt'], dir)).status).toBe(0);
    const grid = readFileSync(path.join(dir, 'grid.txt'), 'utf8');
    writeFileSync(path.join(dir, 'grid.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(grid.replace(/\n/g, '\r\n'), 'utf16le')]));
    const r = await segmentsOf(dir);
    expect(r.stderr).toContain('grid.txt: not read as a document (it is a table or SWOT grid qeval wrote)');
  });
});
