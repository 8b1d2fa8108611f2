// Inputs and outputs a batch user can get wrong: an output over an input, devices and links in
// folders, files that cannot be read, contradicting options, empty standard input.
import { describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';
import { FileAnalyzer } from '../../src/io/analysis.js';

const INTERVIEW = 'samples/interviews/01-atrama-director.md';
const hasDevZero = existsSync('/dev/zero');

/** A working folder with one interview in it, as `name`. */
function workdir(name = 'a.md'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-guards-'));
  copyFileSync(INTERVIEW, path.join(dir, name));
  return dir;
}

const quiet = (argv: string[], cwd: string, stdin?: string) => runCli(argv, cwd, stdin === undefined ? {} : { stdin });

describe('an output that names an input', { timeout: 60_000 }, () => {
  it('is refused by code, score, kwic and terms, one line, status 2, the input untouched', async () => {
    // A transcript kept as .txt: the extension every one of them may write (a table), so only the clash stops them.
    for (const argv of [
      ['code', 'a.txt', '--no-model', '-q', '-o', 'a.txt'],
      ['score', '.', '--no-model', '-q', '-o', 'a.txt'],
      ['kwic', 'police', 'a.txt', '--term', '-o', 'a.txt'],
      ['terms', 'a.txt', '--lang', 'en', '-o', './a.txt'],
    ]) {
      const dir = workdir('a.txt');
      const before = readFileSync(path.join(dir, 'a.txt'), 'utf8');
      const r = await quiet(argv, dir);
      expect({ status: r.status, stderr: r.stderr.replace(/^qeval: warning: .*\n/gm, '') }, argv.join(' ')).toEqual({ status: 2, stderr: 'qeval: a.txt: is one of the inputs; writing there would destroy it: give -o another file\n' });
      expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe(before);
      expect(readdirSync(dir)).toEqual(['a.txt']);
    }
  });

  it('is refused when it is the model, the attributes CSV or a link to an input', async () => {
    const dir = workdir();
    copyFileSync('models/swot.en.json', path.join(dir, 'm.json'));
    writeFileSync(path.join(dir, 'attrs.csv'), 'document,organization\na.md,atrama\n');
    symlinkSync('a.md', path.join(dir, 'link.csv'));
    const model = readFileSync(path.join(dir, 'm.json'));
    for (const [argv, target] of [
      [['code', 'a.md', '-c', path.resolve('codebooks/swot.yaml'), '--model', 'm.json', '-q', '-o', 'm.json'], 'm.json'],
      [['score', 'a.md', '--no-model', '-a', 'attrs.csv', '-q', '-o', 'attrs.csv'], 'attrs.csv'],
      [['code', 'a.md', '--no-model', '-q', '-o', 'link.csv'], 'link.csv'],
    ] as const) {
      const r = await quiet([...argv], dir);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(`qeval: ${target}: is one of the inputs`);
    }
    // Compared as bytes (a model is megabytes: element-wise equality would take minutes).
    expect(readFileSync(path.join(dir, 'm.json')).equals(model)).toBe(true);
    expect(readFileSync(path.join(dir, 'attrs.csv'), 'utf8')).toBe('document,organization\na.md,atrama\n');
  });

  it('may replace a CSV of the input folder that is not read as a document (the last run\'s scores)', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'docs'));
    copyFileSync(INTERVIEW, path.join(dir, 'docs', 'a.md'));
    const first = await quiet(['score', 'docs', '--no-model', '--by', 'organization', '-q', '-o', 'docs/orgs.csv'], dir);
    expect(first.status, first.stderr).toBe(0);
    const written = readFileSync(path.join(dir, 'docs', 'orgs.csv'), 'utf8');
    const again = await quiet(['score', 'docs', '--no-model', '--by', 'organization', '-q', '-o', 'docs/orgs.csv'], dir);
    expect(again.status, again.stderr).toBe(0);
    // The grouped score file is passed over as a document, with a warning naming what it is.
    expect(again.stderr).toContain('docs/orgs.csv: not read as a survey (it has count:, density: or index: columns: a qeval score file)');
    // Replaced by the same scores: the earlier file was neither read as a document nor kept.
    expect(readFileSync(path.join(dir, 'docs', 'orgs.csv'), 'utf8')).toBe(written);
    expect(written).toMatch(/^rank:net-swot,organization,/);
  });
});

describe('files in input folders that are not documents', { timeout: 60_000 }, () => {
  it.runIf(hasDevZero)('a link to a device is a failure of its own, not read (no endless read), the others coded', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'd'));
    copyFileSync(INTERVIEW, path.join(dir, 'd', 'a.md'));
    symlinkSync('/dev/zero', path.join(dir, 'd', 'zero.txt'));
    const code = await quiet(['code', 'd', '--no-model', '-q', '-o', 'out.csv'], dir);
    expect(code.status).toBe(2);
    expect(code.stderr).toContain('qeval: d/zero.txt: not a regular file (a device, pipe or socket); it is not read\n');
    expect(readFileSync(path.join(dir, 'out.csv.failures.csv'), 'utf8')).toContain('d/zero.txt,,NOT_A_FILE,');
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8').split('\r\n').length).toBeGreaterThan(10);
    const terms = await quiet(['terms', 'd', '--lang', 'en', '-o', 'terms.csv'], dir);
    expect(terms.status).toBe(2);
    expect(terms.stderr).toContain('qeval: d/zero.txt: not a regular file');
  });

  it('a folder that links to itself gives each file once, under its path without the link (the id the attributes CSV names)', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'dv', 'sub'), { recursive: true });
    copyFileSync(INTERVIEW, path.join(dir, 'dv', 'a.md'));
    copyFileSync(INTERVIEW, path.join(dir, 'dv', 'sub', 'b.md'));
    // "self" sorts before "sub": dv/self/sub/b.md comes first, and must not win.
    symlinkSync('.', path.join(dir, 'dv', 'self'));
    const r = await quiet(['score', 'dv', '--no-model', '-q', '-f', 'ndjson'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).document).sort()).toEqual(['dv/a.md', 'dv/sub/b.md']);
  });

  it.runIf(process.platform !== 'win32')('a file reached also through a shorter link keeps its own path as its id, so its attributes CSV row still applies', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, '2024', 'reports'), { recursive: true });
    mkdirSync(path.join(dir, 'l'));
    copyFileSync(INTERVIEW, path.join(dir, '2024', 'reports', 'a.md'));
    copyFileSync(INTERVIEW, path.join(dir, '2024', 'reports', 'b.md'));
    symlinkSync('../2024/reports/a.md', path.join(dir, 'l', 'x.md'));
    writeFileSync(path.join(dir, 'attrs.csv'), 'document,region\n2024/reports/a.md,Vilnius\n2024/reports/b.md,Vilnius\n');
    const r = await quiet(['score', '2024', 'l', '-a', 'attrs.csv', '--by', 'region', '--no-model', '-q', '-f', 'ndjson'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('names no document');
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { group: string; document_ids: string[] });
    expect(rows.map((x) => [x.group, x.document_ids])).toEqual([['Vilnius', ['2024/reports/a.md', '2024/reports/b.md']]]);
  });

  it.runIf(process.platform !== 'win32')('a link to a named pipe is a failure of its own, never opened (it would wait for a writer)', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'd'));
    copyFileSync(INTERVIEW, path.join(dir, 'd', 'a.md'));
    expect(spawnSync('mkfifo', [path.join(dir, 'fifo')]).status).toBe(0);
    symlinkSync('../fifo', path.join(dir, 'd', 'p.md'));
    const r = await quiet(['code', 'd', '--no-model', '-q', '-o', 'out.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: d/p.md: not a regular file (a device, pipe or socket); it is not read\n');
  });

  it.runIf(process.platform !== 'win32')('a named pipe itself in an input folder is a failure of its own, not passed over unsaid', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'd'));
    copyFileSync(INTERVIEW, path.join(dir, 'd', 'a.md'));
    expect(spawnSync('mkfifo', [path.join(dir, 'd', 'p.md')]).status).toBe(0);
    const r = await quiet(['code', 'd', '--no-model', '-q', '-o', 'out.csv'], dir);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'out.csv.failures.csv'), 'utf8')).toContain('d/p.md,,NOT_A_FILE,');
  });

  it('a table of codes in an input folder (a report\'s matrix.csv, an agreement table) is passed over, not read as a survey', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'd'));
    copyFileSync(INTERVIEW, path.join(dir, 'd', 'a.md'));
    writeFileSync(path.join(dir, 'd', 'matrix.csv'), '\ufeffcode,label,atrama\r\nstrength,Strength,3\r\n');
    const r = await quiet(['score', 'd', '--no-model', '-q', '-f', 'ndjson'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('d/matrix.csv: not read as a survey (its first column is "code"');
  });

  it('a study whose sources all lie in its output folder is refused, not coded as nothing', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'interviews'));
    copyFileSync(INTERVIEW, path.join(dir, 'interviews', 'a.md'));
    writeFileSync(path.join(dir, 'study.yaml'), `title: T\nsources:\n  - interviews/*.md\ncodebooks:\n  en: ${path.resolve('codebooks/swot.yaml')}\noutput: .\nformats: [md]\n`);
    const r = await quiet(['run', 'study.yaml', '--no-model'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: \.: the sources \(interviews\/\*\.md\) lie in the output folder \./);
  });

  it('a file gone (or unreadable) by the time it is read is a failure of the run, not its end', async () => {
    const dir = workdir();
    const analyzer = new FileAnalyzer({ cwd: dir, root: dir, codebooks: [], code: {} } as never);
    const result = await analyzer.analyze({ file: path.join(dir, 'gone.md'), id: 'gone.md' });
    expect(result.documents).toEqual([]);
    expect(result.failure).toMatchObject({ code: 'UNREADABLE_FILE', message: 'no such file', place: { file: 'gone.md' } });
  });

  it.runIf(existsSync('/dev/null'))('merge refuses a device standing in for a shard', async () => {
    const dir = workdir();
    for (const k of [1, 2]) expect((await quiet(['code', 'a.md', '--no-model', '-q', '--shard', `${k}/2`, '-f', 'ndjson', '-o', `s${k}.ndjson`], dir)).status).toBe(0);
    const r = await quiet(['merge', '/dev/null', 's2.ndjson', '-o', 'm.ndjson'], dir);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: "qeval: /dev/null: not a regular file (a device, pipe or socket); give the shards' files\n" });
    expect(existsSync(path.join(dir, 'm.ndjson'))).toBe(false);
  });
});

describe('options and standard input', { timeout: 60_000 }, () => {
  it('--model with --no-model is refused whatever their order', async () => {
    const dir = workdir();
    for (const argv of [['score', 'a.md', '--no-model', '--model', 'm.json'], ['score', 'a.md', '--model=m.json', '--no-model']]) {
      expect(await quiet(argv, dir)).toEqual({ status: 2, stdout: '', stderr: 'qeval: --model and --no-model contradict each other: give one of them\n' });
    }
  });

  it('--excel with output that is not CSV, and -o ending with a slash, are refused before anything is read', async () => {
    const dir = workdir();
    const excel = await quiet(['code', 'a.md', '--no-model', '-f', 'ndjson', '--excel'], dir);
    expect(excel).toEqual({ status: 2, stdout: '', stderr: 'qeval: --excel adds a byte-order mark to CSV for Excel, but the output is ndjson: leave out --excel or write CSV (-f csv)\n' });
    const slash = await quiet(['score', 'a.md', '--no-model', '-o', 'out/'], dir);
    expect(slash).toEqual({ status: 2, stdout: '', stderr: 'qeval: out/: names a folder (it ends with a slash); -o names the output file\n' });
    expect(readdirSync(dir)).toEqual(['a.md']);
  });

  it('--cache naming the -o file is refused, and no cache folder is left behind', async () => {
    const dir = workdir();
    const r = await quiet(['code', 'a.md', '--no-model', '--cache', 'x.csv', '-o', 'x.csv'], dir);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'qeval: --cache and -o name the same path (x.csv): the cache is a folder of its own, the output a file\n' });
    expect(readdirSync(dir)).toEqual(['a.md']);
    // Through a link (dangling until the cache is made) or a folder of another name, it is the same path.
    symlinkSync('c', path.join(dir, 'link'));
    mkdirSync(path.join(dir, 'sub'));
    for (const [cache, output] of [['c', 'link'], ['link', 'c'], ['sub/../c', './link']]) {
      const viaLink = await quiet(['code', 'a.md', '--no-model', '--cache', cache, '-o', output], dir);
      expect(viaLink.status, `${cache} ${output}`).toBe(2);
      expect(viaLink.stderr).toBe(`qeval: --cache and -o name the same path (${output}): the cache is a folder of its own, the output a file\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'link', 'sub']);
  });

  it('standard input of white space, punctuation or front matter alone is refused as the same file would be', async () => {
    const dir = workdir();
    for (const [argv, input] of [[['score', '-', '--no-model', '-q'], '---\ntitle: a\n---\n'], [['code', '-', '--no-model', '-q'], '\n\n  \n'], [['score', '-', '--no-model', '-q'], '... !!! ???\n']] as const) {
      const r = await quiet([...argv], dir, input);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('qeval: -: standard input has no words (only white space, punctuation or front matter)\n');
      expect(r.stdout).toBe('');
    }
  });
});

// Permissions do not bind root: as root, a run that needs them is made as `nobody` through setpriv (util-linux).
const root = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => existsSync(f));
/** Whether permission tests can run here: not on Windows, and as root only through setpriv. */
const permissionsBind = process.platform !== 'win32' && (!root || setpriv !== undefined);
const asNobody = (args: string[], cwd: string) => spawnSync(setpriv!, ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, path.resolve('bin/qeval.js'), ...args], { cwd, encoding: 'utf8' });
/** As root, `nobody` must be able to run qeval from where this checkout lies (not so under a private home folder). */
const nobodyCannotRun = () => root && asNobody(['--version'], tmpdir()).status !== 0;

describe('a folder that cannot be listed', { timeout: 120_000 }, () => {
  it.runIf(permissionsBind)('inside an input folder is named, not silently left out', async (ctx) => {
    if (nobodyCannotRun()) ctx.skip();
    const dir = workdir();
    mkdirSync(path.join(dir, 'docs', 'closed'), { recursive: true });
    copyFileSync(INTERVIEW, path.join(dir, 'docs', 'a.md'));
    copyFileSync(INTERVIEW, path.join(dir, 'docs', 'closed', 'b.md'));
    chmodSync(path.join(dir, 'docs', 'closed'), 0);
    const argv = ['score', 'docs', '--no-model', '-q', '-o', 'out.csv'];
    let r: { status: number | null; stderr: string };
    if (root) {
      for (const f of [dir, path.join(dir, 'docs'), path.join(dir, 'docs', 'a.md')]) chmodSync(f, 0o777);
      const child = asNobody(argv, dir);
      r = { status: child.status, stderr: child.stderr };
    } else {
      r = await quiet(argv, dir);
    }
    expect(r).toEqual({ status: 2, stderr: 'qeval: docs/closed: cannot read the folder (EACCES); its documents would be left out\n' });
    expect(existsSync(path.join(dir, 'out.csv'))).toBe(false);
  });
});

describe('a cache folder that cannot be written', { timeout: 120_000 }, () => {
  it.runIf(permissionsBind)('is refused before anything is coded, whether or not a file changed (a changed file failed the run part-way)', async (ctx) => {
    if (nobodyCannotRun()) ctx.skip();
    const dir = workdir();
    const argv = ['score', 'a.md', '--no-model', '-q', '--jobs', '1', '--cache', 'cache', '-o', 'out.csv'];
    expect((await quiet(argv, dir)).status).toBe(0);
    chmodSync(path.join(dir, 'cache'), 0o555);
    for (const f of [dir, path.join(dir, 'a.md'), path.join(dir, 'out.csv')]) chmodSync(f, 0o777);
    const runAs = async () => (root ? asNobody(argv, dir) : await quiet(argv, dir));
    for (const change of [false, true]) {
      if (change) writeFileSync(path.join(dir, 'a.md'), `${readFileSync(path.join(dir, 'a.md'), 'utf8')}\nRespondent: We trust the police now.\n`);
      const r = await runAs();
      expect({ status: r.status, stderr: r.stderr }, `changed: ${change}`).toEqual({ status: 2, stderr: 'qeval: cache: the cache folder cannot be written (EACCES); give --cache a writable folder or leave it out\n' });
    }
  });
});

describe('two codebooks for one language', { timeout: 60_000 }, () => {
  it('are refused, naming the second, whatever their order (one of them was silently never used)', async () => {
    const dir = workdir();
    writeFileSync(path.join(dir, 'mine.yaml'), 'codebook: mine\nversion: 1.0.0\nlanguage: en\nunit: sentence\ncodes:\n  - id: fear\n    label: Fear\n    definition: Fear.\n    rules:\n      - any: [afraid]\n');
    const bundled = path.resolve('codebooks/swot.yaml');
    for (const [first, second] of [['mine.yaml', bundled], [bundled, 'mine.yaml']]) {
      for (const command of ['code', 'score', 'swot']) {
        const r = await quiet([command, 'a.md', '--no-model', '-q', '-c', first!, '-c', second!], dir);
        expect({ status: r.status, stdout: r.stdout }, `${command} ${first} ${second}`).toEqual({ status: 2, stdout: '' });
        expect(r.stderr).toBe(`qeval: ${second}: a second codebook for language "en" (the first is ${first}): documents pick their codebook by language, so it would never be used; give one -c per language\n`);
      }
    }
    // One per language is what -c is for.
    const both = await quiet(['code', 'a.md', '--no-model', '-q', '-c', 'mine.yaml', '-c', path.resolve('codebooks/swot.lt.yaml')], dir);
    expect(both.status, both.stderr).toBe(0);
  });
});

describe('a survey with one respondent on two rows', { timeout: 60_000 }, () => {
  it('is a failure of its own naming both lines; the other files are still coded', async () => {
    const dir = workdir();
    const survey = readFileSync('samples/survey.csv', 'utf8').split('\n');
    writeFileSync(path.join(dir, 'dup.csv'), `${[survey[0], survey[1], survey[2], survey[1]].join('\n')}\n`);
    const r = await quiet(['score', '.', '--no-model', '-q'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: dup.csv:4:1: respondent "S01" is on line 2 and on this line: each row of answers needs a respondent id of its own\n');
    expect(r.stdout.split('\n').filter((l) => l.includes('a.md')).length).toBe(1);
    const allowed = await quiet(['score', '.', '--no-model', '-q', '--allow-failures'], dir);
    expect(allowed.status).toBe(0);
  });
});

describe('files in formats qeval does not read, inside an input folder', { timeout: 60_000 }, () => {
  it('are named in a warning each, with what to do (they were left out unsaid)', async () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'old'));
    writeFileSync(path.join(dir, 'old', 'a.doc'), 'x');
    writeFileSync(path.join(dir, 'b.rtf'), '{\\rtf1 hi}');
    writeFileSync(path.join(dir, '~$lock.doc'), 'x');
    const r = await quiet(['score', '.', '--no-model', '-q'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('not read:'))).toEqual([
      'qeval: warning: b.rtf: not read: RTF is not read (no well-kept RTF reader is available); save as .docx, .odt or .txt and give that',
      'qeval: warning: old/a.doc: not read: old binary Word documents (.doc) are not read; save as .docx (or .odt or .txt) and give that',
    ]);
    const terms = await quiet(['terms', '.', '--lang', 'en'], dir);
    expect(terms.stderr).toContain('qeval: warning: old/a.doc: not read: old binary Word documents (.doc)');
    // With --root elsewhere the file is still named by its path from here, as errors name files: it is no document, so it has no id.
    mkdirSync(path.join(dir, 'proj', 'old'), { recursive: true });
    copyFileSync(INTERVIEW, path.join(dir, 'proj', 'a.md'));
    writeFileSync(path.join(dir, 'proj', 'old', 'c.doc'), 'x');
    const rooted = await quiet(['score', 'proj', '--root', 'proj', '--no-model', '-q'], dir);
    expect(rooted.stderr).toContain('qeval: warning: proj/old/c.doc: not read: old binary Word documents (.doc)');
  });

  it('alone in a folder are named in its NO_DOCUMENTS error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-guards-'));
    writeFileSync(path.join(dir, 'a.xlsx'), 'x');
    const r = await quiet(['code', '.', '--no-model', '-q'], dir);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'qeval: .: the folder holds no documents qeval reads (.txt, .text, .md, .markdown, .csv, .docx, .pdf, .vtt, .srt, .odt); it holds 1 file in formats qeval does not read, such as a.xlsx: spreadsheets are not read; save the sheet of answers as .csv (UTF-8) and give that\n' });
  });
});

describe('a root folder that is not there', { timeout: 60_000 }, () => {
  it('is refused by every command that reads documents (ids were silently absolute paths)', async () => {
    const dir = workdir();
    for (const argv of [
      ['code', 'a.md', '--no-model', '-q', '--root', 'nope'],
      ['score', 'a.md', '--no-model', '-q', '--root', 'nope'],
      ['terms', 'a.md', '--lang', 'en', '--root', 'nope'],
      ['kwic', 'trust', 'a.md', '--root', 'nope'],
    ]) {
      const r = await quiet(argv, dir);
      expect(r, argv.join(' ')).toEqual({ status: 2, stdout: '', stderr: 'qeval: nope: no such folder: document ids are paths relative to the root folder, which must exist\n' });
    }
    const file = await quiet(['code', 'a.md', '--no-model', '-q', '--root', 'a.md'], dir);
    expect(file.stderr).toBe('qeval: a.md: not a folder: document ids are paths relative to the root folder, which must exist\n');
  });
});

describe('a --shard run whose output merge could not join', { timeout: 60_000 }, () => {
  it('is refused before anything is read: a table, and grouped scores as CSV', async () => {
    const dir = workdir();
    for (const [argv, message] of [
      [['code', 'a.md', '--no-model', '-q', '--shard', '1/2', '-f', 'table'], '--shard writes a part for qeval merge, which joins csv, ndjson and json, not tables: give -f csv, ndjson or json'],
      [['score', 'a.md', '--no-model', '-q', '--shard', '1/2', '-o', 's1.txt'], '--shard writes a part for qeval merge, which joins csv, ndjson and json, not tables: give -f csv, ndjson or json'],
      [['score', 'a.md', '--no-model', '-q', '--shard', '1/2', '--by', 'organization', '-o', 's1.csv'], '--shard with --by: qeval merge adds up the groups split over shards from ndjson or json rows, not from CSV: give -f ndjson or json'],
    ] as const) {
      const r = await quiet([...argv], dir);
      expect(r, argv.join(' ')).toEqual({ status: 2, stdout: '', stderr: `qeval: ${message}\n` });
    }
    expect(readdirSync(dir)).toEqual(['a.md']);
    // What merge joins is still written.
    expect((await quiet(['score', 'a.md', '--no-model', '-q', '--shard', '1/2', '--by', 'organization', '-f', 'ndjson', '-o', 's1.ndjson'], dir)).status).toBe(0);
  });
});

describe('a "pages" attribute that is no page count', { timeout: 60_000 }, () => {
  it('is named in a warning, and the pages are counted instead (it was silently 1)', async () => {
    const dir = workdir();
    for (const [value, ok] of [['abc', false], ['-3', false], ['0', false], ['12', true]] as const) {
      writeFileSync(path.join(dir, 'p.md'), `---\npages: "${value}"\nlanguage: en\n---\nRespondent: We trust the police now.\n`);
      const r = await quiet(['score', 'p.md', '--no-model', '-q'], dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(ok ? '' : `qeval: warning: p.md: its "pages" attribute is "${value}", not a whole number from 1: the pages are counted from the document instead\n`);
      const header = r.stdout.split('\n')[0]!.split(',');
      expect(r.stdout.split('\n')[1]!.split(',')[header.indexOf('pages')]).toBe(ok ? value : '1');
    }
  });
});

describe('front matter holding a mapping', { timeout: 60_000 }, () => {
  it('is refused at its line (the attribute was "[object Object]", a group of its own for --by)', async () => {
    const dir = workdir();
    writeFileSync(path.join(dir, 'n.md'), '---\nlanguage: en\norganization: {name: atrama}\n---\nRespondent: We trust the police.\n');
    const r = await quiet(['score', 'n.md', '--no-model', '-q', '--by', 'organization'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: n.md:3:1: front matter "organization" holds a mapping; an attribute is one value (text, a number, a date) or a list of values\n');
    expect(r.stdout).not.toContain('[object Object]');
  });
});

describe('score --by values told apart by case or spaces alone', { timeout: 60_000 }, () => {
  it('are named in a warning (they were two groups unsaid)', async () => {
    const dir = workdir();
    writeFileSync(path.join(dir, 'b.md'), '---\nlanguage: en\norganization: Atrama\n---\nRespondent: We trust the police now.\n');
    writeFileSync(path.join(dir, 'c.md'), '---\nlanguage: en\norganization: "atrama "\n---\nRespondent: We work with the municipality.\n');
    writeFileSync(path.join(dir, 'd.md'), '---\nlanguage: en\norganization: other\n---\nRespondent: We work with the municipality.\n');
    const r = await quiet(['score', 'b.md', 'c.md', 'd.md', '--no-model', '-q', '--by', 'organization'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('qeval: warning: --by organization: "Atrama" and "atrama " are groups of their own, told apart by case or spaces alone; write them alike in the documents or the attributes CSV if they are one\n');
  });
});
