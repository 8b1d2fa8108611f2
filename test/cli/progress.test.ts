// Progress goes to stderr only when stderr is a terminal, and never into stdout.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

async function run(tty: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-progress-'));
  for (let i = 0; i < 25; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.md`), '---\nlanguage: en\n---\nThe police called us.\n');
  let stdout = '';
  let stderr = '';
  const status = await main(['code', '.', '-f', 'ndjson'], {
    stdout: { write: (c) => (stdout += String(c)), isTTY: false },
    stderr: { write: (c) => (stderr += String(c)), isTTY: tty },
    stdin: Readable.from([]),
    cwd: dir,
    env: {},
  });
  return { status, stdout, stderr };
}

describe('progress display', () => {
  it('counts documents on a terminal and clears its line', async () => {
    const r = await run(true);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('\rcoding documents 25/25');
    expect(r.stderr).toContain('\r\u001b[K');
    expect(r.stdout).not.toContain('coding documents');
  });
  it('stays silent when stderr is not a terminal', async () => {
    const r = await run(false);
    expect(r.stderr).not.toContain('coding documents');
    expect(r.stderr).toMatch(/^coded 25 documents: \d+ segments\n$/);
  });
});
