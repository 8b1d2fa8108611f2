// A report run into a folder an earlier run wrote leaves no report of the earlier run behind.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

describe('output folders written again', () => {
  it('removes the files of organizations gone since the last run into the folder, and nothing the run did not write', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-stale-'));
    cpSync('samples', path.join(dir, 'samples'), { recursive: true });
    const common = ['-a', 'samples/attributes.csv', '--by', 'organization', '--no-model', '--format', 'md', '-o', 'out'];
    const first = await runCli(['report', 'samples/interviews/01-atrama-director.md', 'samples/interviews/10-policija-investigator.md', ...common], dir);
    expect(first.status).toBe(0);
    const before = readdirSync(path.join(dir, 'out', 'organizations')).sort();
    expect(before.length).toBeGreaterThanOrEqual(2);
    writeFileSync(path.join(dir, 'out', 'my-notes.md'), 'kept');
    const second = await runCli(['report', 'samples/interviews/01-atrama-director.md', ...common], dir);
    expect(second.status).toBe(0);
    const after = readdirSync(path.join(dir, 'out', 'organizations')).sort();
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((f) => before.includes(f))).toBe(true);
    // The user's own file stays; the manifest lists exactly what the second run wrote.
    expect(readFileSync(path.join(dir, 'out', 'my-notes.md'), 'utf8')).toBe('kept');
    const listed = readFileSync(path.join(dir, 'out', '.qeval-files'), 'utf8').trim().split('\n');
    expect(listed.filter((f) => f.startsWith('organizations/')).sort()).toEqual(after.map((f) => `organizations/${f}`));
    for (const f of listed) expect(existsSync(path.join(dir, 'out', ...f.split('/'))), f).toBe(true);
  });
});
