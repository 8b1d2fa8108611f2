// End-to-end: the real binary on sample files, checking outputs, exit statuses and error lines.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sliceCodePoints } from '../../src/engine/positions.js';
import { decodeBytes } from '../../src/io/decode.js';

const bin = path.resolve('bin/qeval.js');
const run = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qeval-'));
const versionOf = (file: string) => /^version:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))![1];
const EN = `qeval swot-rehabilitation@${versionOf('codebooks/swot.yaml')}`;
const LT = `qeval swot-rehabilitation-lt@${versionOf('codebooks/swot.lt.yaml')}`;

describe('qeval code', { timeout: 120_000 }, () => {
  const sample = 'samples/interviews/10-policija-investigator.md';

  it('with --no-model, writes rule segments explained by rule and words, whose text is the code-point slice of the normalized file', () => {
    const r = run(['code', sample, '-f', 'ndjson', '--no-model']);
    expect(r.status).toBe(0);
    const text = decodeBytes(readFileSync(sample), sample).text;
    const segs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(segs.length).toBeGreaterThan(20);
    for (const s of segs) {
      expect(sliceCodePoints(text, s.start, s.end)).toBe(s.text);
      expect(s.rule).toBeTruthy();
      expect(s.matched.length).toBeGreaterThan(0);
      expect(s.method).toBe('rule');
      expect(s.coder).toBe(EN);
      expect(s.speaker).not.toBe('Interviewer');
    }
    expect(r.stderr).toMatch(/coded 1 document/);
  });

  it('writes the same bytes with --jobs 2 (worker threads) as with --jobs 1', () => {
    const dir = tmp();
    const args = ['code', 'samples/interviews', 'samples/documents', 'samples/survey.csv', '--root', 'samples', '-f', 'csv'];
    const one = run([...args, '--jobs', '1', '-o', path.join(dir, 'one.csv')]);
    const two = run([...args, '--jobs', '2', '-o', path.join(dir, 'two.csv')]);
    expect(two.status).toBe(0);
    const bytes = readFileSync(path.join(dir, 'two.csv'));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.equals(readFileSync(path.join(dir, 'one.csv')))).toBe(true);
    expect(two.stderr).toBe(one.stderr);
  });

  it('with --cache and --jobs 2, serves what the cache holds and codes the rest in worker threads, the same bytes as a fresh run', () => {
    const dir = tmp();
    const docs = path.join(dir, 'docs');
    cpSync('samples/interviews', docs, { recursive: true });
    const args = ['code', docs, '--root', dir, '--no-model', '-f', 'csv', '--jobs', '2', '--cache', path.join(dir, 'cache')];
    const first = run(args);
    expect(first.status).toBe(0);
    const again = run(args);
    expect(again.stdout).toBe(first.stdout);
    const served = Number(/\((\d+) files from the cache\)\n$/.exec(again.stderr)?.[1]);
    expect(served).toBeGreaterThan(4);
    // A file changed in the middle of the run: the files before it from the cache, it and the rest coded or served by the threads.
    const names = readdirSync(docs).filter((f) => f.endsWith('.md')).sort();
    const changed = path.join(docs, names[Math.floor(names.length / 2)]!);
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}\nRespondent: We trust the police and the municipality now.\n`);
    const mixed = run(args);
    expect(mixed.status).toBe(0);
    expect(mixed.stderr).toMatch(new RegExp(`\\(${served - 1} files from the cache\\)\\n$`));
    expect(mixed.stdout).toBe(run(args.slice(0, -2)).stdout);
  });

  it('gives byte-identical output on repeated runs', () => {
    const [a, b] = [run(['code', 'samples/interviews', '-f', 'csv']), run(['code', 'samples/interviews', '-f', 'csv'])];
    // Both runs complete (their output, well over a megabyte, is read whole).
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(a.stdout.length).toBeGreaterThan(1_000_000);
    expect(a.stdout).toBe(b.stdout);
  });

  it('writes CSV with the contract header and neutralizes formula cells', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'f.txt'), '=HYPERLINK("x") the police called us.\n');
    const r = run(['code', 'f.txt', '-f', 'csv'], dir);
    expect(r.stdout.split('\r\n')[0]).toBe('document,code,start,end,line,unit,speaker,text,coder,rule,matched,negated_from,method,probability,features,page,time');
    expect(r.stdout).toContain(`"'=HYPERLINK(""x"") the police called us."`);
  });

  it('merges an attributes CSV and uses each document language codebook', () => {
    const r = run(['code', 'interviews/lt/17-vilties-tiltas-vadove.md', '--root', '.', '-a', 'attributes.csv', '-f', 'json'], path.resolve('samples'));
    expect(r.status).toBe(0);
    const segs = JSON.parse(r.stdout) as { coder: string; document: string; speaker: string }[];
    expect(segs.length).toBeGreaterThan(20);
    expect(segs[0]?.document).toBe('interviews/lt/17-vilties-tiltas-vadove.md');
    expect(new Set(segs.map((s) => s.coder))).toEqual(new Set([LT]));
    expect(segs.some((s) => s.speaker === 'Klausėja')).toBe(false);
  });

  it('fails with exit 2, a file:line:column line and no output for a broken codebook', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.yaml'), 'codebook: b\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - any: [x]\n        negatd: ignore\n');
    writeFileSync(path.join(dir, 'doc.txt'), 'x\n');
    const r = run(['code', 'doc.txt', '-c', 'bad.yaml', '-o', 'out.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['qeval: bad.yaml:10:9: code "a", rule 1: unknown key "negatd"; did you mean "negated"?']);
    expect(existsSync(path.join(dir, 'out.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('codes standard input given as -', () => {
    const r = spawnSync(process.execPath, [bin, 'code', '-', '-f', 'json'], { input: 'Respondent: The police called us by chance.\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    const segs = JSON.parse(r.stdout) as { document: string; code: string }[];
    expect(segs.map((s) => s.code)).toContain('networking.accidental');
    expect(segs[0]?.document).toBe('-');
  });

  it('names a missing input and exits 2 without a stack trace', () => {
    const r = run(['code', 'nope.md']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: nope.md: no such file or directory\n');
  });

  it('rejects undecodable input with the file named', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.txt'), Buffer.from([0x41, 0x81, 0x8d, 0x90, 0x9d, 0x42]));
    const r = run(['code', 'x.txt'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: x\.txt:1:2: not valid UTF-8/);
  });

  it('rejects a bad option value as a usage error, in one line', () => {
    const r = run(['code', sample, '--unit', 'page']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: option/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the output when -o is a directory, and leaves no temp file', () => {
    const dir = tmp();
    const r = run(['code', path.resolve(sample), '-o', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`qeval: ${dir}: is a directory; -o names the output file\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('qeval codebook', { timeout: 120_000 }, () => {
  it('test passes on the bundled codebooks', () => {
    const r = run(['codebook', 'test', 'codebooks/swot.yaml', 'codebooks/swot.lt.yaml']);
    expect(r.stdout).toMatch(/codebooks\/swot\.yaml: \d+ examples, \d+ counter-examples, 0 failures/);
    expect(r.stdout).toMatch(/codebooks\/swot\.lt\.yaml: \d+ examples, \d+ counter-examples, 0 failures/);
    expect(r.status).toBe(0);
  });

  it('test lists each failing example with its place and exits 1', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'b.yaml'), 'codebook: b\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    label: A\n    definition: d\n    examples: ["the police came", "nothing here"]\n    counter_examples: ["police again"]\n    rules:\n      - any: [police]\n');
    const r = run(['codebook', 'test', 'b.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('b.yaml:8:35: FAIL: example 2 is not coded "a": "nothing here" -> no codes');
    expect(r.stdout).toContain('b.yaml:9:24: FAIL: counter-example 1 is coded "a"');
    expect(r.stdout).toContain('b.yaml: 2 examples, 1 counter-examples, 2 failures');
  });

  it('validate exits 1 for an invalid codebook and 0 for a valid one', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'b.yaml'), 'codebook: b\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    lable: A\n    definition: d\n');
    const bad = run(['codebook', 'validate', 'b.yaml'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('qeval: b.yaml:6:5: code "a": unknown key "lable"; did you mean "label"?\n');
    const good = run(['codebook', 'validate', 'codebooks/swot.yaml']);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/valid \(\d+ codes, \d+ rules\)/);
  });

  it('show prints the tree and export writes a Markdown appendix', () => {
    const show = run(['codebook', 'show', 'codebooks/swot.yaml']);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('networking.partner.police');
    const md = run(['codebook', 'export', 'codebooks/swot.yaml', '--format', 'md']);
    expect(md.stdout).toMatch(/^<!-- qeval report -->\n# SWOT of rehabilitation/);
    expect(md.stdout).toContain('**Counter-examples.**');
    expect(md.stdout).toContain('## Recommendation rules');
  });
});

describe('qeval --help', { timeout: 120_000 }, () => {
  it('lists every command', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['code', 'codebook', 'stem']) expect(r.stdout).toContain(c);
  });
});
