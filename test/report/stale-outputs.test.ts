// A report run into a folder an earlier run wrote leaves no report of the earlier run behind, and never removes anything else.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

const common = ['-a', 'samples/attributes.csv', '--by', 'organization', '--no-model', '--format', 'md', '-o', 'out'];
const two = ['report', 'samples/interviews/01-atrama-director.md', 'samples/interviews/10-policija-investigator.md', ...common];
const one = ['report', 'samples/interviews/01-atrama-director.md', ...common];

function study(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-stale-'));
  cpSync('samples', path.join(dir, 'samples'), { recursive: true });
  return dir;
}

describe('output folders written again', () => {
  it('removes the files of organizations gone since the last run into the folder, and says so', { timeout: 120_000 }, async () => {
    const dir = study();
    expect((await runCli(two, dir)).status).toBe(0);
    const before = readdirSync(path.join(dir, 'out', 'organizations')).sort();
    expect(before.length).toBeGreaterThanOrEqual(2);
    writeFileSync(path.join(dir, 'out', 'my-notes.md'), 'kept');
    const second = await runCli(one, dir);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/removed \d+ files? the previous run into out wrote and this one did not/);
    const after = readdirSync(path.join(dir, 'out', 'organizations')).sort();
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((f) => before.includes(f))).toBe(true);
    expect(readFileSync(path.join(dir, 'out', 'my-notes.md'), 'utf8')).toBe('kept');
    const listed = readFileSync(path.join(dir, 'out', '.qeval-files'), 'utf8').trim().split('\n').map((l) => l.slice(65));
    expect(listed.filter((f) => f.startsWith('organizations/')).sort()).toEqual(after.map((f) => `organizations/${f}`));
    for (const f of listed) expect(existsSync(path.join(dir, 'out', ...f.split('/'))), f).toBe(true);
  });

  it('never removes a file the user changed since, one of a kind reports are not, or one a link leads out to; never writes the list through a link', { timeout: 120_000 }, async () => {
    const dir = study();
    expect((await runCli(two, dir)).status).toBe(0);
    const out = path.join(dir, 'out');
    const gone = readdirSync(path.join(out, 'organizations')).filter((f) => !f.startsWith('atrama'));
    expect(gone.length).toBeGreaterThan(0);
    // The user edits one report that the next run will no longer write.
    writeFileSync(path.join(out, 'organizations', gone[0]!), 'my edits');
    // A hand-edited list naming the user's own files, a folder, a line with a NUL byte, and a link leading out.
    mkdirSync(path.join(dir, 'outside'));
    writeFileSync(path.join(dir, 'outside', 'precious.md'), 'precious');
    symlinkSync(path.join(dir, 'outside'), path.join(out, 'vlink'));
    writeFileSync(path.join(out, 'own.txt'), 'own');
    const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
    appendFileSync(path.join(out, '.qeval-files'), `${hashOf('own')} own.txt\n${hashOf('precious')} vlink/precious.md\n${'0'.repeat(64)} organizations\n${'0'.repeat(64)} a\u0000b.md\n`);
    const second = await runCli(one, dir);
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'organizations', gone[0]!), 'utf8')).toBe('my edits');
    expect(readFileSync(path.join(out, 'own.txt'), 'utf8')).toBe('own');
    expect(readFileSync(path.join(dir, 'outside', 'precious.md'), 'utf8')).toBe('precious');
    // A list that is a link to the user's file: the link is replaced, the file kept.
    writeFileSync(path.join(dir, 'shopping.txt'), 'my list');
    const list = path.join(out, '.qeval-files');
    const { rmSync } = await import('node:fs');
    rmSync(list);
    symlinkSync(path.join(dir, 'shopping.txt'), list);
    expect((await runCli(one, dir)).status).toBe(0);
    expect(readFileSync(path.join(dir, 'shopping.txt'), 'utf8')).toBe('my list');
  });

  it('does not read the reports of an output folder inside the inputs back as documents', { timeout: 120_000 }, async () => {
    const dir = study();
    const args = ['report', 'samples/interviews', '--root', 'samples', '-a', 'samples/attributes.csv', '--by', 'organization', '--no-model', '--format', 'md,json', '-o', 'samples/interviews/out', '-q'];
    const first = await runCli(args, dir);
    expect(first.status, first.stderr).toBe(0);
    const summary = () => readFileSync(path.join(dir, 'samples/interviews/out/summary.json'), 'utf8');
    const before = summary();
    const second = await runCli(args, dir);
    expect(second.status, second.stderr).toBe(0);
    // Read back, the last run's Markdown reports would be documents of their own (and change the summary).
    expect(second.stderr).toBe(first.stderr);
    expect(summary()).toBe(before);
  });

  it('refuses sources that lie in the output folder (they would never be read), naming the folder, and writes nothing', { timeout: 120_000 }, async () => {
    const dir = study();
    const same = await runCli(['report', 'samples/interviews', '--root', 'samples', '-a', 'samples/attributes.csv', '--no-model', '--format', 'md', '-o', 'samples/interviews', '-q'], dir);
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/^qeval: samples\/interviews: the sources \(samples\/interviews\) lie in the output folder samples\/interviews, .*write the output to another folder/);
    expect(same.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'samples/interviews/summary.md'))).toBe(false);
    const above = await runCli(['report', 'samples/interviews', '--root', 'samples', '-a', 'samples/attributes.csv', '--no-model', '--format', 'md', '-o', 'samples', '-q'], dir);
    expect(above.status).toBe(2);
    expect(above.stderr).toContain('lie in the output folder samples,');
    writeFileSync(path.join(dir, 'samples', 'inside.yaml'), 'title: T\nsources: [interviews]\noutput: interviews\nformats: [md]\n');
    const run = await runCli(['run', 'samples/inside.yaml', '--no-model', '-q'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lie in the output folder samples/interviews,');
  });
});
