// An interrupted run (Ctrl-C, kill) leaves no temp file behind and ends with the conventional status (130 for SIGINT, 143 for SIGTERM).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { abandonPendingWrites, writeFilesAtomic } from '../../src/io/write.js';

const bin = path.resolve('bin/qeval.js');

/** A corpus of a few MB: the English corpus copied three times. */
function bigCorpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-interrupt-'));
  const files = readdirSync('corpus/en').filter((f) => f.endsWith('.md'));
  for (const copy of ['a', 'b', 'c']) {
    mkdirSync(path.join(dir, 'corpus', copy), { recursive: true });
    for (const f of files) copyFileSync(path.join('corpus/en', f), path.join(dir, 'corpus', copy, f));
  }
  return dir;
}

/** Files in `dir` (and its cache folder's subfolders) whose names end in .tmp. */
function temps(dir: string): string[] {
  const out = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  const cache = path.join(dir, 'cache');
  try {
    for (const sub of readdirSync(cache)) out.push(...readdirSync(path.join(cache, sub)).filter((f) => f.endsWith('.tmp')));
  } catch {
    // no cache
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `qeval args` in `dir`, waits until a temp file of -o appears, sends `signal`; resolves with the exit status (or the signal's name) and stderr. */
async function interrupt(dir: string, args: string[], signal: NodeJS.Signals): Promise<{ status: number | string | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ status: number | string | null; stderr: string }>((resolve) => child.on('exit', (code, sig) => resolve({ status: code ?? sig, stderr })));
  let running = true;
  void exited.then(() => (running = false));
  while (running && !readdirSync(dir).some((f) => f.endsWith('.tmp'))) await sleep(20);
  expect(running, `qeval ended before its temp file was seen: ${stderr}`).toBe(true);
  child.kill(signal);
  return exited;
}

describe('interrupting a run', { timeout: 180_000 }, () => {
  it('code -o FILE stopped by SIGINT removes its temp file (and the cache\'s) and exits 130', async () => {
    const dir = bigCorpus();
    const r = await interrupt(dir, ['code', 'corpus', '--no-model', '-q', '--cache', 'cache', '-o', 'out.csv'], 'SIGINT');
    expect(r.status).toBe(130);
    expect(temps(dir)).toEqual([]);
    expect(readdirSync(dir)).not.toContain('out.csv');
  });

  it('code -o FILE stopped by SIGTERM removes its temp file and exits 143', async () => {
    const dir = bigCorpus();
    const r = await interrupt(dir, ['code', 'corpus', '--no-model', '-q', '-o', 'out.csv'], 'SIGTERM');
    expect(r.status).toBe(143);
    expect(temps(dir)).toEqual([]);
    expect(readdirSync(dir)).not.toContain('out.csv');
  });

  it('a multi-file write (report, run, import -o DIR) stopped while putting files in place leaves the folder as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-interrupt-'));
    writeFileSync(path.join(dir, 'a.md'), 'old a');
    let placed = 0;
    const ops = {
      writeFile: (f: string, d: string | Uint8Array) => writeFile(f, d),
      rename: async (from: string, to: string) => {
        await rename(from, to);
        // The signal comes after the first file is in place: the handler undoes the write, then the process exits.
        if (from.endsWith('.tmp') && ++placed === 1) {
          abandonPendingWrites();
          throw new Error('process exited');
        }
      },
    };
    await expect(writeFilesAtomic(dir, [{ path: 'a.md', data: 'new a' }, { path: 'sub/b.md', data: 'new b' }], ops)).rejects.toThrow('process exited');
    expect(readdirSync(dir)).toEqual(['a.md']);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('old a');
  });
});
