// `terms`, `text` and `train` among unreadable files: each failure named in one line; terms and text go on with the others, train refuses unless --allow-failures.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';

const qeval = (args: string[], cwd: string) => runCli(args, cwd, { env: { NO_COLOR: '1' } });

/** A folder with three readable interviews and an empty file. */
function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-failures-'));
  mkdirSync(path.join(dir, 'docs'));
  const doc = (who: string) => `---\nlanguage: en\n---\nR1: The funding is late again. We trust the police. The police call us back.\n\nR1: Funding from ${who} arrives late. The police are kind. Money is short.\n`;
  writeFileSync(path.join(dir, 'docs', 'a.md'), doc('the city'));
  writeFileSync(path.join(dir, 'docs', 'b.md'), doc('the ministry'));
  writeFileSync(path.join(dir, 'docs', 'c.md'), doc('donors'));
  writeFileSync(path.join(dir, 'docs', 'empty.txt'), '');
  copyFileSync('test/cases/small-codebook.yaml', path.join(dir, 'codebook.yaml'));
  return dir;
}

const failureLine = /^qeval: docs\/empty\.txt: the file is empty$/m;

describe('unreadable files among many', { timeout: 120_000 }, () => {
  it('terms counts the readable documents, names the unreadable one and exits 2 (0 with --allow-failures)', async () => {
    const dir = folder();
    const r = await qeval(['terms', 'docs', '--lang', 'en', '-f', 'csv'], dir);
    expect(r.stderr).toMatch(failureLine);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^fund,\d+,3,/m);
    const allowed = await qeval(['terms', 'docs', '--lang', 'en', '-f', 'csv', '--allow-failures'], dir);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toBe(r.stdout);
    const by = await qeval(['terms', 'docs', '--lang', 'en', '--by', 'code', '-c', 'codebook.yaml', '--no-model', '--min-count', '1', '--min-ll', '0'], dir);
    expect(by.stderr).toMatch(failureLine);
    expect(by.status).toBe(2);
    expect(by.stdout).toContain('funding');
  });

  it('run and code --root name the unreadable file as the current folder sees it; the failures list keeps its document id', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'study.yaml'), 'title: T\ncodebook: codebook.yaml\nsources:\n  - docs/*\nformats: [md]\n');
    const parent = path.dirname(dir);
    const rel = path.basename(dir);
    const run = await qeval(['run', `${rel}/study.yaml`, '--no-model', '-o', `${rel}/out`], parent);
    expect(run.stderr).toMatch(new RegExp(`^qeval: ${rel}/docs/empty\\.txt: the file is empty$`, 'm'));
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(dir, 'out', 'failures.csv'), 'utf8')).toContain('\r\ndocs/empty.txt,,EMPTY_FILE,');
    const code = await qeval(['code', `${rel}/docs`, '--root', `${rel}/docs`, '-c', `${rel}/codebook.yaml`, '--no-model', '-o', `${rel}/segments.csv`], parent);
    expect(code.stderr).toMatch(new RegExp(`^qeval: ${rel}/docs/empty\\.txt: the file is empty$`, 'm'));
    expect(readFileSync(path.join(dir, 'segments.csv.failures.csv'), 'utf8')).toContain('\r\nempty.txt,,EMPTY_FILE,');
    // A command that stops at the first unreadable file names it the same way.
    const kwic = await qeval(['kwic', 'police', `${rel}/docs`, '--root', `${rel}/docs`], parent);
    expect(kwic.status).toBe(2);
    expect(kwic.stderr).toBe(`qeval: ${rel}/docs/empty.txt: the file is empty\n`);
  });

  it('run names a broken attributes CSV of a study in another folder as the current folder sees it', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'attrs.csv'), 'document,organization\n"docs/a.md,atrama\n');
    writeFileSync(path.join(dir, 'study.yaml'), 'title: T\ncodebook: codebook.yaml\nsources:\n  - docs/*.md\nattributes: attrs.csv\nformats: [md]\n');
    const rel = path.basename(dir);
    const r = await qeval(['run', `${rel}/study.yaml`, '--no-model', '-o', `${rel}/out`], path.dirname(dir));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^qeval: ${rel}/attrs\\.csv:\\d+`));
  });

  it('names an unreadable file whose name holds a newline on one line, the newline escaped', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'docs', 'bad\nname.txt'), '');
    const r = await qeval(['code', 'docs', '--no-model', '-c', 'codebook.yaml', '-o', 'segments.csv'], dir);
    expect(r.stderr).toContain('qeval: docs/bad\\nname.txt: the file is empty\n');
    expect(r.stderr.split('\n').every((l) => l === '' || l.startsWith('qeval:') || l.startsWith('coded '))).toBe(true);
  });

  it('names a file whose name holds a newline on one line in warnings too (a language detected)', async () => {
    const dir = folder();
    // No language attribute: the warning that names the files whose language was detected quotes this one.
    writeFileSync(path.join(dir, 'docs', 'new\nline.txt'), 'The funding is late again and the police do not call us back, so the shelter waits for weeks.\n');
    const r = await qeval(['score', 'docs', '--no-model', '-c', 'codebook.yaml', '-o', 'scores.csv'], dir);
    expect(r.stderr).toContain('docs/new\\nline.txt');
    expect(r.stderr.split('\n').every((l) => l === '' || l.startsWith('qeval:') || l.startsWith('scored '))).toBe(true);
  });

  it('text prints the readable documents under their ids, names the unreadable one, and writes the failures list beside -o', async () => {
    const dir = folder();
    const r = await qeval(['text', 'docs/a.md', 'docs/empty.txt', '-o', 'out.txt'], dir);
    expect(r.stderr).toMatch(failureLine);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toMatch(/^==> docs\/a\.md <==\n---\nlanguage: en/);
    expect(readFileSync(path.join(dir, 'out.txt.failures.csv'), 'utf8')).toBe('file,line,code,message\r\ndocs/empty.txt,,EMPTY_FILE,the file is empty\r\n');
    expect((await qeval(['text', 'docs/a.md', 'docs/empty.txt', '--allow-failures'], dir)).status).toBe(0);
  });

  it('train refuses to learn without a document file it could not read, and with --allow-failures leaves out that file\'s coded spans', async () => {
    const dir = folder();
    const rows = ['a', 'b', 'c', 'empty'].flatMap((d) => (d === 'empty' ? [`docs/empty.txt,funding,0,5,ann`] : [`docs/${d}.md,funding,,,ann,The funding is late again.`, `docs/${d}.md,police,,,ann,We trust the police.`]));
    writeFileSync(path.join(dir, 'coding.csv'), `document,code,start,end,coder,text\n${rows.map((r) => (r.split(',').length === 5 ? `${r},` : r)).join('\n')}\n`);
    const args = ['train', 'coding.csv', 'docs', '-c', 'codebook.yaml', '--folds', '2', '--min-positives', '1', '--jobs', '1', '-o', 'model.json'];
    const refused = await qeval(args, dir);
    expect(refused.stderr).toMatch(failureLine);
    expect(refused.stderr).toMatch(/^qeval: 1 document file could not be read \(named above\); a model trained without them/m);
    expect(refused.status).toBe(2);
    expect(() => readFileSync(path.join(dir, 'model.json'))).toThrow();
    const allowed = await qeval([...args, '--allow-failures'], dir);
    expect(allowed.stderr).toMatch(failureLine);
    expect(allowed.stderr).toContain('1 coded span of the files that could not be read is left out of training');
    expect(allowed.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'))).toHaveProperty('codes');
  });
});

describe('the one input file of a run, unreadable', { timeout: 120_000 }, () => {
  it('is the run\'s error: one line naming it, exit 2, no output file and no failures list', async () => {
    const dir = folder();
    for (const command of ['code', 'score']) {
      const r = await qeval([command, 'docs/empty.txt', '-c', 'codebook.yaml', '--no-model', '-o', `${command}.csv`], dir);
      expect(r.stderr).toBe('qeval: docs/empty.txt: the file is empty\n');
      expect(r.status).toBe(2);
      expect(existsSync(path.join(dir, `${command}.csv`))).toBe(false);
      expect(existsSync(path.join(dir, `${command}.csv.failures.csv`))).toBe(false);
    }
  });
});

describe('the failures list beside an output that is a device', { timeout: 120_000 }, () => {
  it('is not written (no /dev/null.failures.csv); the failures are on stderr as always', async () => {
    const dir = folder();
    const r = await qeval(['code', 'docs', '-c', 'codebook.yaml', '--no-model', '-o', '/dev/null'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(failureLine);
    expect(existsSync('/dev/null.failures.csv')).toBe(false);
  });
});
