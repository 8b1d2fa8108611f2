// An output that cannot be written (-o /dev/full, standard output on /dev/full): one line on stderr
// naming it, status 2, never a stack trace; a reader gone (`qeval ... | head`) stays silent.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

const bin = path.resolve('bin/qeval.js');
const hasDevFull = existsSync('/dev/full');

const FULL_FILE = 'qeval: /dev/full: cannot write here (the disk is full: ENOSPC)\n';
const FULL_STDOUT = 'qeval: standard output: cannot write (the disk is full: ENOSPC)\n';

/** A working folder with one interview, a.md. */
function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-write-errors-'));
  copyFileSync('samples/interviews/01-atrama-director.md', path.join(dir, 'a.md'));
  return dir;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real binary in `cwd`. `stdout`: 'pipe' (collected), 'full' (/dev/full opened as its
 * standard output) or 'gone' (a pipe closed after the first bytes arrive, as `| head -c 1` does).
 */
function run(args: string[], cwd: string, stdout: 'pipe' | 'full' | 'gone' = 'pipe'): Promise<Run> {
  const fd = stdout === 'full' ? openSync('/dev/full', 'w') : undefined;
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', fd ?? 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  if (fd !== undefined) closeSync(fd);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    if (stdout === 'gone') child.stdout?.destroy();
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout: out, stderr: err })));
}

describe('write errors of the real binary', { timeout: 120_000 }, () => {
  it.runIf(hasDevFull)('score -o /dev/full is one line and status 2 (csv, ndjson)', async () => {
    const dir = workdir();
    for (const format of ['csv', 'ndjson']) {
      const r = await run(['score', 'a.md', '--no-model', '-q', '--format', format, '-o', '/dev/full'], dir);
      expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 2, stderr: FULL_FILE, stdout: '' });
    }
    expect(readdirSync(dir)).toEqual(['a.md']);
  });

  it.runIf(hasDevFull)('code -o /dev/full is one line and status 2', async () => {
    const dir = workdir();
    const r = await run(['code', 'a.md', '--no-model', '-q', '-o', '/dev/full'], dir);
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 2, stderr: FULL_FILE, stdout: '' });
  });

  it.runIf(hasDevFull)('score > /dev/full is one line naming standard output and status 2, no stack trace', async () => {
    const dir = workdir();
    const r = await run(['score', 'a.md', '--no-model', '-q'], dir, 'full');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: FULL_STDOUT });
  });

  it.runIf(hasDevFull)('code > /dev/full is one line naming standard output and status 2, no stack trace', async () => {
    const dir = workdir();
    const r = await run(['code', 'a.md', '--no-model', '-q'], dir, 'full');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: FULL_STDOUT });
  });

  it.runIf(hasDevFull)('--help > /dev/full (written without a sink) is the same line and status 2', async () => {
    const r = await run(['--help'], process.cwd(), 'full');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: FULL_STDOUT });
  });

  it('a reader gone early (`qeval code ... | head -c 1`) stays silent', async () => {
    const r = await run(['code', 'samples/interviews', '--no-model', '-q'], process.cwd(), 'gone');
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
  });
});

/** A standard output whose every write fails with `code` (the disk is full: ENOSPC). */
function failingStdout(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(`${code}: write failed`), { code, syscall: 'write' }));
    },
  });
}

describe('write errors through the CLI layer (main)', { timeout: 60_000 }, () => {
  for (const command of ['score', 'code']) {
    it(`${command} on a standard output that fails reports one line through the QevalError path, status 2`, async () => {
      const dir = workdir();
      let stderr = '';
      const stdout = failingStdout('ENOSPC');
      const status = await main([command, 'a.md', '--no-model', '-q'], {
        stdout,
        stderr: { write: (c: string | Uint8Array) => (stderr += String(c)) },
        stdin: Readable.from([]),
        cwd: dir,
        env: {},
      });
      expect({ status, stderr }).toEqual({ status: 2, stderr: FULL_STDOUT });
      expect(stdout.listenerCount('error')).toBe(0);
    });
  }

  // Commands that write their whole output at once, then a summary on stderr: the summary must not
  // follow an output that failed.
  for (const args of [['kwic', 'trust', 'a.md', '--term'], ['terms', 'a.md', '--lang', 'en'], ['swot', 'a.md', '--no-model', '-q']]) {
    it(`${args[0]} on a standard output that fails says only that, no summary after it, status 2`, async () => {
      const dir = workdir();
      let stderr = '';
      const status = await main(args, {
        stdout: failingStdout('ENOSPC'),
        stderr: { write: (c: string | Uint8Array) => (stderr += String(c)) },
        stdin: Readable.from([]),
        cwd: dir,
        env: {},
      });
      expect({ status, stderr }).toEqual({ status: 2, stderr: FULL_STDOUT });
    });
  }

  it('a standard output whose reader is gone (EPIPE) is not an error', async () => {
    const dir = workdir();
    let stderr = '';
    const stdout = failingStdout('EPIPE');
    stdout.on('error', () => undefined); // as bin/qeval.js does
    const status = await main(['score', 'a.md', '--no-model', '-q'], {
      stdout,
      stderr: { write: (c: string | Uint8Array) => (stderr += String(c)) },
      stdin: Readable.from([]),
      cwd: dir,
      env: {},
    });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});
