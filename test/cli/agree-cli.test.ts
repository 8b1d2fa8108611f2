// `qeval agree` through the CLI entry point with in-memory streams: inputs, formats, --gold, --code, --matrix, --min-alpha and errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../report/harness.js';

const run = (argv: string[], cwd: string) => runCli(argv, cwd);

/** A folder with one interview and two people's codings of it (plain coding CSVs giving the coded text). */
function study(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-agree-'));
  writeFileSync(path.join(dir, 'a.md'), '---\nlanguage: en\n---\nInterviewer: How is the cooperation?\n\nR1: The police never call us back. We have no money for a psychologist. The municipality pays for the shelter.\n');
  writeFileSync(path.join(dir, 'ann.csv'), 'document,code,text,coder\na.md,weakness.collaboration,The police never call us back.,Ann\na.md,weakness.resources,no money for a psychologist,Ann\n');
  writeFileSync(path.join(dir, 'bob.csv'), 'document,code,text,coder\na.md,weakness.collaboration,police never call us back,Bob\na.md,strength.funding,The municipality pays,Bob\n');
  return dir;
}

describe('qeval agree', { timeout: 60_000 }, () => {
  it('compares two coders per sentence and writes the table on stdout, the summary on stderr', async () => {
    const dir = study();
    const r = await run(['agree', 'ann.csv', 'bob.csv', 'a.md'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Intercoder agreement: 2 coders \(Ann, Bob\), 1 document, compared per sentence/);
    expect(r.stdout).toMatch(/weakness\.collaboration\s+3\s+1\/1\s+100\.0\s+1\.000\s+1\.000/);
    expect(r.stderr).toMatch(/overall agreement/);
  });

  it('reads codings and reliability matrices saved with ";" (Lithuanian spreadsheets) as those saved with ","', async () => {
    const dir = study();
    const semi = (f: string) => writeFileSync(path.join(dir, `semi-${f}`), readFileSync(path.join(dir, f), 'utf8').replace(/,/g, ';'));
    semi('ann.csv');
    semi('bob.csv');
    const comma = await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '-f', 'json'], dir);
    const semicolon = await run(['agree', 'semi-ann.csv', 'semi-bob.csv', 'a.md', '-f', 'json'], dir);
    expect(semicolon.stderr).toBe(comma.stderr);
    expect(semicolon.status).toBe(0);
    expect(semicolon.stdout).toBe(comma.stdout);
    writeFileSync(path.join(dir, 'm.csv'), 'coder,u1,u2,u3,u4\nhuman,a,a,b,b\nqeval,a,b,b,b\n');
    writeFileSync(path.join(dir, 'm-semi.csv'), 'coder;u1;u2;u3;u4\nhuman;a;a;b;b\nqeval;a;b;b;b\n');
    const m1 = await run(['agree', '--matrix', 'm.csv', '-f', 'json'], dir);
    const m2 = await run(['agree', '--matrix', 'm-semi.csv', '-f', 'json'], dir);
    expect(m2.status, m2.stderr).toBe(0);
    expect(m2.stdout.replace(/m-semi\.csv/g, 'm.csv')).toBe(m1.stdout);
  });

  it('with -c, refuses a code the codebook lacks (a typo), naming the coding file and line; without -c, any scheme is compared', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'typo.csv'), 'document,code,text,coder\na.md,weakness.collaboration,police never call us back,Dan\na.md,weaknes.resources,no money for a psychologist,Dan\n');
    const r = await run(['agree', 'ann.csv', 'typo.csv', 'a.md', '-c', path.resolve('codebooks/swot.yaml')], dir);
    expect(r.stderr).toBe('qeval: typo.csv:3:1: code "weaknes.resources" is not in the codebook; fix the coding or give the codebook it was coded with (-c)\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const free = await run(['agree', 'ann.csv', 'typo.csv', 'a.md'], dir);
    expect(free.status).toBe(0);
  });

  it('writes JSON, CSV and Markdown, byte-identical on repeated runs', async () => {
    const dir = study();
    const json = JSON.parse((await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '-f', 'json'], dir)).stdout);
    expect(json.coders).toEqual(['Ann', 'Bob']);
    expect(json.rows.map((r: { code: string }) => r.code)).toEqual(['strength.funding', 'weakness.collaboration', 'weakness.resources', 'overall']);
    const csv = (await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '-f', 'csv', '--gold', 'Ann'], dir)).stdout;
    expect(csv.split('\r\n')[0]).toBe('code,units,coded Ann,coded Bob,agreement,kappa,alpha,tp Bob vs Ann,fp Bob vs Ann,fn Bob vs Ann,tn Bob vs Ann,precision Bob vs Ann,recall Bob vs Ann,f1 Bob vs Ann,kappa Bob vs Ann');
    const md1 = (await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '-f', 'md'], dir)).stdout;
    const md2 = (await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '-f', 'md'], dir)).stdout;
    expect(md1).toBe(md2);
    expect(md1).toMatch(/\| weakness\.collaboration \| 3 \| 1\/1 \|/);
  });

  it('exits 1 when the overall alpha is below --min-alpha, 0 when it is not', async () => {
    const dir = study();
    const low = await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '--min-alpha', '0.8'], dir);
    expect(low.status).toBe(1);
    expect(low.stderr).toMatch(/the overall alpha -?0\.\d{3} is below --min-alpha 0\.8/);
    expect((await run(['agree', 'ann.csv', 'bob.csv', 'a.md', '--min-alpha', '-1'], dir)).status).toBe(0);
  });

  it('codes the documents with --code and scores qeval against a person with --gold', async () => {
    const dir = study();
    const r = await run(['agree', 'ann.csv', 'a.md', '--code', '--no-model', '--gold', 'Ann', '--depth', '1', '-f', 'json'], dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.coders).toEqual(['Ann', 'qeval']);
    const weakness = report.rows.find((x: { code: string }) => x.code === 'weakness');
    expect(weakness.coded[0]).toBe(2);
    expect(weakness.gold[0].coder).toBe('qeval');
  });

  it('reads a reliability matrix', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'm.csv'), 'coder,1,2,3,4,5,6,7,8,9,10,11,12\nA,1,2,3,3,2,1,4,1,2,,,\nB,1,2,3,3,2,2,4,1,2,5,,3\nC,,3,3,3,2,3,4,2,2,5,1,\nD,1,2,3,3,2,4,4,1,2,5,1,\n');
    const r = await run(['agree', '--matrix', 'm.csv', '-f', 'json'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rows.at(-1).alpha).toBeCloseTo(0.743, 3);
  });

  it('reports bad input in one line with its place and exits 2, writing nothing on stdout', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'bad.csv'), 'document,code,text,coder\na.md,x,words that are not there,Cy\n');
    const cases: [string[], RegExp][] = [
      [['agree', 'ann.csv', 'bad.csv', 'a.md'], /^qeval: bad\.csv:2:1: the text "words that are not there" is not in document "a\.md"/],
      [['agree', 'ann.csv', 'bob.csv'], /^qeval: give the coded documents too/],
      [['agree', 'ann.csv', 'a.md'], /^qeval: agreement needs at least two coders; found only "Ann"/],
      [['agree', 'ann.csv', 'bob.csv', 'a.md', '--gold', 'Zoe'], /^qeval: --gold "Zoe" is not among the coders/],
      [['agree', 'ann.csv', 'bob.csv', 'a.md', '--depth', '0'], /^qeval: --depth must be a whole number from 1 to 20/],
      [['agree', '--matrix', 'ann.csv', 'a.md'], /^qeval: --matrix takes the reliability data alone/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv, dir);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('qeval agree on the bundled corpus', { timeout: 120_000 }, () => {
  it("gives, per code rolled up to each level, the kappa, percent agreement and counts that the corpus build recorded for its two coders (corpus/coding/en.agreement.json)", async () => {
    const recorded = JSON.parse(readFileSync('corpus/coding/en.agreement.json', 'utf8')) as { units: number; codes: { code: string; depth: number; coder1: number; coder2: number; kappa: number; agreement: number }[] };
    for (const depth of [1, 2]) {
      const r = await run(['agree', 'corpus/coding/en.coder1.csv', 'corpus/coding/en.coder2.csv', 'corpus/en', '--root', 'corpus', '--depth', String(depth), '-f', 'json'], process.cwd());
      expect(r.status).toBe(0);
      const rows = new Map((JSON.parse(r.stdout).rows as { code: string; units: number; coded: number[]; kappa: number; agreement: number }[]).map((x) => [x.code, x]));
      const expected = recorded.codes.filter((c) => c.depth === depth - 1);
      expect(expected.length).toBeGreaterThan(7);
      for (const c of expected) {
        const row = rows.get(c.code);
        expect(row, c.code).toBeDefined();
        expect(row!.units).toBe(recorded.units);
        expect(row!.coded).toEqual([c.coder1, c.coder2]);
        expect(row!.kappa).toBeCloseTo(c.kappa, 10);
        expect(row!.agreement).toBeCloseTo(c.agreement, 10);
      }
    }
  });
});
