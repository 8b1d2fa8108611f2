// The cache only saves time: when it cannot be written (a full disk), the run goes on and writes its whole output, with one warning.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../report/harness.js';

describe('a cache that cannot be written', { timeout: 120_000 }, () => {
  test('leaves the output whole and says so once; the run is not lost', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-cache-full-'));
    mkdirSync(path.join(dir, 'docs'));
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, 'docs', `d${i}.md`), `---\nlanguage: en\n---\nR1: The police call us every week (${i}). Funding is late.\n`);
    // Every entry's subfolder name taken by a plain file: each write fails, as on a full disk.
    mkdirSync(path.join(dir, 'cache'));
    for (let b = 0; b < 256; b++) writeFileSync(path.join(dir, 'cache', b.toString(16).padStart(2, '0')), '');
    const plain = await runCli(['code', 'docs', '--no-model', '--jobs', '1', '-q', '-o', 'plain.csv'], dir);
    expect(plain.status).toBe(0);
    const cached = await runCli(['code', 'docs', '--no-model', '--jobs', '1', '-q', '--cache', 'cache', '-o', 'cached.csv'], dir);
    expect(cached.status).toBe(0);
    expect(readFileSync(path.join(dir, 'cached.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'plain.csv'), 'utf8'));
    const warnings = cached.stderr.split('\n').filter((l) => l.includes('cannot write the cache'));
    expect(warnings).toEqual([expect.stringMatching(/^qeval: warning: cache: cannot write the cache \(ENOTDIR\): the files coded from here on are not stored in the cache \(the output is complete; a re-run codes them again\)$/)]);
  });
});
