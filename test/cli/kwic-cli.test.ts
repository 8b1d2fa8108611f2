// `qeval kwic` through the CLI entry point: a term, a code of the bundled codebook, output files and errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../report/harness.js';

const run = (argv: string[], cwd: string) => runCli(argv, cwd);

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-kwic-'));
  writeFileSync(path.join(dir, 'a.md'), '---\nlanguage: en\n---\nInterviewer: And the police?\n\nR1: The police never call us back. We have no agreement with them, it is all by chance.\n');
  return dir;
}

describe('qeval kwic', { timeout: 60_000 }, () => {
  it('lists a term in context as a table, with the count on stderr', async () => {
    const r = await run(['kwic', 'police', 'a.md', '-w', '2'], folder());
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/R1: The {2}\[police\]\s+never call\s+a\.md:6$/);
    expect(r.stderr).toBe('2 occurrences of term "police" in 1 document\n');
  });
  it('says in how many of the documents searched the term occurs', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'b.md'), '---\nlanguage: en\n---\nR1: Funding is short.\n');
    const r = await run(['kwic', 'police', 'a.md', 'b.md'], dir);
    expect(r.stderr).toBe('2 occurrences of term "police" in 1 of 2 documents\n');
  });
  it("shows a code's segments with the words that fired, and writes HTML atomically with -o", async () => {
    const dir = folder();
    const r = await run(['kwic', 'networking.accidental', 'a.md', '--no-model', '-f', 'html', '-o', 'k.html'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(path.join(dir, 'k.html'), 'utf8');
    expect(html).toMatch(/<td>networking\.accidental<\/td><td class="seg">.*<mark>/);
    expect(r.stderr).toMatch(/segments? of code "networking\.accidental"/);
  });
  it('warns that a dotted name close to a code id is not one (did you mean ...?), and still looks for it as a term', async () => {
    const r = await run(['kwic', 'networking.accidentl', 'a.md'], folder());
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('qeval: warning: "networking.accidentl" is not a code of the codebooks; did you mean "networking.accidental"? It was looked for as a term\n0 occurrences of term "networking.accidentl" in the 1 document searched\n');
    // A plain word, or a dotted name near no code, is a term without a word said.
    expect((await run(['kwic', 'police', 'a.md'], folder())).stderr).not.toMatch(/warning/);
  });
  it('reports a missing document list and a bad window in one line with exit 2', async () => {
    const dir = folder();
    for (const [argv, message] of [
      [['kwic', 'police', '-w', 'x', 'a.md'], /^qeval: --window must be a whole number/],
      [['kwic', 'nosuchcode', 'a.md', 'seg.json'], /^qeval: "nosuchcode" is not a code/],
    ] as [string[], RegExp][]) {
      writeFileSync(path.join(dir, 'seg.json'), '[]');
      const r = await run(argv, dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
