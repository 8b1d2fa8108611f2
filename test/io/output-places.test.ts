// Outputs whose place cannot be written: one line naming what the user typed with a plain reason, exit 2, no hang, nothing left behind.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';
import { makeFolder } from '../../src/io/write.js';

/** A working folder with one interview, a plain file `afile` and a plain file `cachefile`. */
function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-outplaces-'));
  copyFileSync('samples/interviews/01-atrama-director.md', path.join(dir, 'a.md'));
  writeFileSync(path.join(dir, 'afile'), 'x');
  writeFileSync(path.join(dir, 'cachefile'), 'x');
  return dir;
}

// /proc refuses new folders with ENOENT, on which Node's recursive mkdir retries forever.
const linuxProc = existsSync('/proc/self');

describe('output places that cannot be written', { timeout: 60_000 }, () => {
  it.runIf(linuxProc)('--cache in a folder that cannot be created is one error naming it, not a hang', async () => {
    const dir = workdir();
    const r = await runCli(['code', 'a.md', '--cache', '/proc/nope', '-q', '-o', 'out.csv'], dir);
    expect(r.stderr).toBe('qeval: /proc/nope: cannot create the folder (ENOENT)\n');
    expect(r.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'afile', 'cachefile']);
  });

  it.runIf(linuxProc)('-o FILE in a folder that cannot be created names that folder (score, code)', async () => {
    const dir = workdir();
    for (const command of ['score', 'code']) {
      const r = await runCli([command, 'a.md', '-q', '-o', '/proc/nope/x.csv'], dir);
      expect(r.stderr).toBe('qeval: /proc/nope: cannot create the folder (ENOENT)\n');
      expect(r.status).toBe(2);
    }
  });

  it.runIf(linuxProc)('report -o DIR that cannot be created names it', async () => {
    const dir = workdir();
    const r = await runCli(['report', 'a.md', '-o', '/proc/nope/rep'], dir);
    expect(r.stderr).toBe('qeval: /proc/nope/rep: cannot create the folder (ENOENT)\n');
    expect(r.status).toBe(2);
  });

  it('report -o naming an existing file says it is a file, naming it as typed', async () => {
    const dir = workdir();
    const r = await runCli(['report', 'a.md', '-o', 'afile'], dir);
    expect(r.stderr).toBe('qeval: afile: is a file, not a folder; give -o a folder\n');
    expect(r.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'afile', 'cachefile']);
  });

  it('every command refuses an -o it cannot write before it reads any input (not after the coding)', async () => {
    const dir = workdir();
    execFileSync('mkdir', [path.join(dir, 'adir')]);
    // A file that fails when read: had the inputs been read first, its failure would be reported before the -o error.
    writeFileSync(path.join(dir, 'bin.txt'), 'not\u0000text');
    const asFile = 'qeval: adir: is a directory; -o names the output file\n';
    const asFolder = 'qeval: afile: is a file, not a folder; give -o a folder\n';
    const cases: [string[], string][] = [
      [['code', 'a.md', 'bin.txt', '--no-model', '-q', '-o', 'adir'], asFile],
      [['score', 'a.md', 'bin.txt', '--no-model', '-q', '-o', 'adir'], asFile],
      [['swot', 'a.md', 'bin.txt', '--no-model', '-q', '-o', 'adir'], asFile],
      [['kwic', 'police', 'a.md', 'bin.txt', '--no-model', '-o', 'adir'], asFile],
      [['terms', 'a.md', 'bin.txt', '--lang', 'en', '-o', 'adir'], asFile],
      [['agree', 'a.md', 'bin.txt', '-o', 'adir'], asFile],
      [['report', 'a.md', 'bin.txt', '--no-model', '-q', '-o', 'afile'], asFolder],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args, dir);
      expect(r.stderr, args.join(' ')).toBe(expected);
      expect(r.status).toBe(2);
    }
    writeFileSync(path.join(dir, 'study.yaml'), 'title: T\nsources: [a.md, bin.txt]\ncodebooks: { en: CODEBOOK }\noutput: afile\n'.replace('CODEBOOK', path.resolve('codebooks/swot.yaml')));
    const run = await runCli(['run', 'study.yaml', '--no-model', '-q'], dir);
    expect(run.stderr).toBe('qeval: afile: is a file, not a folder; give the study\'s "output" a folder, or -o one\n');
    expect(run.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'adir', 'afile', 'bin.txt', 'cachefile', 'study.yaml']);
    expect(readdirSync(path.join(dir, 'adir'))).toEqual([]);
  });

  it('--cache naming a plain file says so, naming it as typed (no temp path inside it)', async () => {
    const dir = workdir();
    const r = await runCli(['code', 'a.md', '--cache', 'cachefile', '-q', '-o', 'out.csv'], dir);
    expect(r.stderr).toBe('qeval: cachefile: is a file, not a folder; give --cache a folder\n');
    expect(r.status).toBe(2);
  });

  it('-o under a plain file names the file in the way', async () => {
    const dir = workdir();
    const r = await runCli(['code', 'a.md', '-q', '-o', 'afile/x.csv'], dir);
    expect(r.stderr).toBe('qeval: afile: is a file, not a folder; give -o a file in a folder\n');
    expect(r.status).toBe(2);
  });

  it.runIf(linuxProc)('a file that cannot be written is named as given, never by its temp file', async () => {
    const dir = workdir();
    for (const command of ['code', 'score']) {
      const r = await runCli([command, 'a.md', '-q', '-o', '/proc/x.csv'], dir);
      expect(r.stderr).toMatch(/^qeval: \/proc\/x\.csv: cannot write here \([^)]*\)\n$/);
      expect(r.stderr).not.toMatch(/\.tmp/);
      expect(r.status).toBe(2);
    }
  });

  it('-o naming a pipe writes into it and leaves it a pipe (as -o /dev/null must stay a device)', async () => {
    const dir = workdir();
    const fifo = path.join(dir, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    const read = readFile(fifo, 'utf8');
    const r = await runCli(['code', 'a.md', '-q', '-o', 'pipe'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await read).startsWith('document,code,')).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('makeFolder makes the missing folders one by one and returns them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-outplaces-'));
    const made = await makeFolder(path.join(dir, 'a', 'b'));
    expect(made).toEqual([path.join(dir, 'a'), path.join(dir, 'a', 'b')]);
    expect(await makeFolder(path.join(dir, 'a', 'b'))).toEqual([]);
  });
});
