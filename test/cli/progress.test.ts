// Progress goes to stderr only when stderr is a terminal, and never into stdout.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { runCli } from '../report/harness.js';

async function run(tty: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-'));
  for (let i = 0; i < 25; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.md`), '---\nlanguage: en\n---\nThe police called us.\n');
  let stdout = '';
  let stderr = '';
  const status = await main(['code', '.', '-f', 'ndjson'], {
    stdout: { write: (c) => (stdout += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: false },
    stderr: { write: (c) => (stderr += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: tty },
    stdin: Readable.from([]),
    cwd: dir,
    env: {},
  });
  return { status, stdout, stderr };
}

describe('progress display', () => {
  it('draws a bar of files done on a terminal, and clears it at the end', async () => {
    const r = await run(true);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/coding [=-]+ 0\/25 files \| 0\.0 MB\/s \| ETA/);
    expect(r.stderr).toContain('\u001b[2K');
    expect(r.stderr).toMatch(/coded 25 documents: \d+ segments\n$/);
    expect(r.stdout).not.toContain('files |');
  });
  it('stays silent when stderr is not a terminal', async () => {
    const r = await run(false);
    expect(r.stderr).not.toContain('files |');
    expect(r.stderr).toMatch(/^coded 25 documents: \d+ segments\n$/);
  });
});

describe('progress display of the commands that code and then aggregate', () => {
  const corpus = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-agg-'));
    for (let i = 0; i < 25; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.md`), `---\nlanguage: en\norganization: org-${i % 3}\n---\nThe police called us. We trust the staff.\n`);
    return dir;
  };
  it.each([
    ['swot', ['swot', '.', '--no-model', '-f', 'json']],
    ['report', ['report', '.', '--no-model', '--format', 'md', '-o', 'out']],
  ])('%s draws the coding bar on a terminal, not with --quiet, and never when piped', async (_name, argv) => {
    const loud = await runCli(argv, corpus(), { stderrTty: true });
    expect(loud.status).toBe(0);
    expect(loud.stderr).toMatch(/coding [=-]+ 0\/25 files \| 0\.0 MB\/s \| ETA/);
    const quiet = await runCli([...argv, '--quiet'], corpus(), { stderrTty: true });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).not.toContain('files |');
    const piped = await runCli(argv, corpus());
    expect(piped.stderr).not.toContain('files |');
  });
});

describe('lines written while the bar shows', () => {
  it('start on a line of their own: the bar line is cleared first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-err-'));
    for (let i = 0; i < 25; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.md`), '---\nlanguage: en\n---\nThe police called us.\n');
    writeFileSync(path.join(dir, 'zz-blank.md'), '   \n');
    const r = await runCli(['code', '.', '-f', 'ndjson', '--allow-failures'], dir, { stderrTty: true });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/coding [=-]+ \d+\/26 files/);
    // The failure's line comes right after a clear-line sequence, never glued to the bar's text.
    expect(r.stderr).toContain('\r\u001b[2Kqeval: zz-blank.md: the document has no words');
    expect(r.stderr).not.toMatch(/ETA \S+qeval:/);
  });
});

describe('progress bar on a terminal shared with other output', () => {
  /** A run whose stdout and stderr are the same terminal: everything lands on one screen, in order. */
  async function onOneScreen(files: Record<string, string | Buffer>): Promise<{ status: number; screen: string }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    let screen = '';
    const term = { write: (c: string | Uint8Array) => (screen += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: true };
    const status = await main(['code', '.', '-f', 'ndjson', '--no-model'], { stdout: { ...term }, stderr: { ...term }, stdin: Readable.from([]), cwd: dir, env: {} });
    return { status, screen };
  }

  it('never saves or restores the cursor, and clears its line before every line written to stdout or stderr', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 25; i++) files[`d${String(i).padStart(2, '0')}.md`] = '---\nlanguage: en\n---\nThe police called us.\n';
    files['broken.txt'] = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]);
    const { status, screen } = await onOneScreen(files);
    expect(status).toBe(2);
    // Restoring the cursor to where the bar started would write over the lines printed since.
    expect(screen).not.toContain('\u001b7');
    expect(screen).not.toContain('\u001b8');
    // Every segment record and every message starts on a cleared line, never after a bar frame.
    const records = screen.split('\n').filter((l) => l.includes('{"document"'));
    expect(records.length).toBeGreaterThan(20);
    for (const line of records) expect(line.startsWith('\r\u001b[2K{"document"'), line.slice(0, 80)).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(screen).toMatch(/\r\u001b\[2Kqeval: broken.txt:1:\d+: a NUL byte here: not a text file/);
  });
});

describe('the time left', () => {
  it('reads as a clock, rounded to the second before it is split (never 2m60s)', async () => {
    const { clockTime } = await import('../../src/cli/progress-bar.js');
    expect([45, 59.6, 178, 179.6, 3599.6, 7260, Infinity].map(clockTime)).toEqual(['45s', '1m00s', '2m58s', '3m00s', '1h00m', '2h01m', '--']);
  });
});

describe('the bar on a terminal that stdout shares', () => {
  it('passes the write callback on: a command waiting for its output to be out ends, with status 0', async () => {
    const { PassThrough } = await import('node:stream');
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-cb-'));
    for (let i = 0; i < 25; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.md`), '---\nlanguage: en\n---\nThe police called us.\n');
    // A real stream: the output sink waits for its write callbacks before the command ends.
    const out = Object.assign(new PassThrough(), { isTTY: true });
    let screen = '';
    out.on('data', (c: Buffer) => (screen += c.toString('utf8')));
    const status = await main(['code', '.', '-f', 'ndjson', '--no-model'], { stdout: out, stderr: { write: (c) => ((screen += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true), isTTY: true }, stdin: Readable.from([]), cwd: dir, env: {} });
    expect(status).toBe(0);
    expect(screen.split('\n').filter((l) => l.includes('{"document"'))).toHaveLength(25);
  });
  it('is not drawn, and nothing clears the line, while a line of stdout is unfinished; a message then starts a new line', async () => {
    const { progressBar } = await import('../../src/cli/progress-bar.js');
    let screen = '';
    const term = { write: (c: string | Uint8Array) => ((screen += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true), isTTY: true };
    const io = { stdout: { ...term }, stderr: { ...term }, stdin: Readable.from([]), cwd: '/', env: {} };
    const bar = await progressBar(io, 'coding', 2, 1000);
    io.stdout.write('{"document":"a.md",');
    const at = screen.length;
    io.stdout.write(Buffer.from('"code":"trust"'));
    bar.tick(500, 'a.md');
    io.stderr.write('qeval: b.md: the file is empty\n');
    io.stdout.write('}\n');
    bar.stop();
    const after = screen.slice(at);
    // The record's pieces stay together on screen; the message comes on a line of its own after them.
    expect(after.startsWith('"code":"trust"\nqeval: b.md: the file is empty\n')).toBe(true);
  });
});
