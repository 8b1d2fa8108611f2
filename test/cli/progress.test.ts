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
