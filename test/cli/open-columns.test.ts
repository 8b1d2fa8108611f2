// --open-columns and the study's survey.open from the command line: short Lithuanian answers coded only when their column is named, clear errors for a column no survey has.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { csvCells, csvRecords } from '../../src/io/merge-shards.js';
import { runCli } from '../report/harness.js';

const BOOK = `codebook: t-lt
version: 1.0.0
language: lt
unit: sentence
codes:
  - { id: weakness, label: Silpnybės, definition: d, rules: [{ any: ["trūksta", "nėra"] }] }
  - { id: police, label: Policija, definition: d, rules: [{ any: ["policij*"] }] }
`;

/** A written survey of project administrators: the answers to "problemos" are two or three words. */
const SURVEY = readFileSync('test/io/surveys/short-answers-lt.csv', 'utf8');

/** The same answers as a Qualtrics export: question texts and import ids under the header. */
const QUALTRICS = [
  'ResponseId,language,Q1',
  'Response ID,Kalba,Kas labiausiai trukdo jūsų darbui?',
  '{"ImportId":"_recordId"},{"ImportId":"QID9"},{"ImportId":"QID1"}',
  'R_1,lt,Trūksta pinigų',
  'R_2,lt,Policija nebendradarbiauja',
  '',
].join('\n');

function study(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-open-columns-'));
  writeFileSync(path.join(dir, 'book.yaml'), BOOK);
  writeFileSync(path.join(dir, 'apklausa.csv'), SURVEY);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const code = (dir: string, ...args: string[]) => runCli(['code', '-c', 'book.yaml', '--no-model', '-q', '-f', 'csv', ...args], dir);

/** The segments of a CSV as [document, code, speaker, text]. */
function segments(csv: string): string[][] {
  const [header, ...rows] = csvRecords(csv).map(csvCells);
  const at = (name: string) => header!.indexOf(name);
  return rows.map((row) => [row[at('document')]!, row[at('code')]!, row[at('speaker')]!, row[at('text')]!]);
}

const CODED = [
  ['apklausa.csv#R1', 'weakness', 'problemos', 'Trūksta pinigų'],
  ['apklausa.csv#R2', 'police', 'problemos', 'Policija nebendradarbiauja'],
  ['apklausa.csv#R3', 'weakness', 'problemos', 'Nėra psichologo'],
];

describe('--open-columns', { timeout: 60_000 }, () => {
  it('codes a column of two- and three-word Lithuanian answers that is not coded without it', async () => {
    const dir = study();
    const without = await code(dir, 'apklausa.csv');
    expect(without.status).toBe(2);
    expect(without.stdout).toBe('');
    // The survey is refused, and the error says which option fixes it.
    expect(without.stderr).toContain('qeval: apklausa.csv:1:1: no open-answer columns among its 4 columns ("language", "organizacija", "problemos"): none has answers in sentences');
    expect(without.stderr).toContain('name the columns to code with --open-columns (e.g. --open-columns "problemos")');

    const named = await code(dir, 'apklausa.csv', '--open-columns', 'Problemos');
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(segments(named.stdout)).toEqual(CODED);
  });

  it('finds a column by its question text, and joins the names of repeated options', async () => {
    const dir = study({ 'qualtrics.csv': QUALTRICS });
    const r = await code(dir, 'qualtrics.csv', 'apklausa.csv', '--open-columns', 'kas labiausiai trukdo jūsų darbui?', '--open-columns', 'problemos');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(segments(r.stdout)).toEqual([
      ...CODED,
      ['qualtrics.csv#R_1', 'weakness', 'Kas labiausiai trukdo jūsų darbui?', 'Trūksta pinigų'],
      ['qualtrics.csv#R_2', 'police', 'Kas labiausiai trukdo jūsų darbui?', 'Policija nebendradarbiauja'],
    ]);
  });

  it('refuses a column no survey has with one error line naming the column and the survey, exit 2, and writes nothing', async () => {
    const dir = study();
    const r = await code(dir, 'apklausa.csv', '--open-columns', 'problemos,Q7', '-o', 'out.csv');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('qeval: apklausa.csv:1: --open-columns names "Q7", which is not a column of this survey: its columns are "language", "organizacija", "problemos" (a column is named by its header or its question text)\n');
    expect(existsSync(path.join(dir, 'out.csv'))).toBe(false);
    // The same check in the commands that read documents without the streaming analysis.
    for (const args of [['text', 'apklausa.csv'], ['terms', 'apklausa.csv', '--lang', 'lt'], ['swot', 'apklausa.csv', '-c', 'book.yaml', '--no-model']]) {
      const other = await runCli([...args, '--open-columns', 'problemz'], dir);
      expect(other.status, args[0]).toBe(2);
      expect(other.stdout, args[0]).toBe('');
      expect(other.stderr, args[0]).toMatch(/^qeval: apklausa\.csv:1: --open-columns names "problemz", which is not a column of this survey: .*; did you mean "problemos"\?/);
      expect(other.stderr.trim().split('\n'), args[0]).toHaveLength(1);
    }
  });

  it('is an error only when no survey has the column: a survey without it chooses its columns of sentences, with a warning', async () => {
    const dir = study({ 'en.csv': 'id,language,comment\nA,lt,Policija niekada neatsako į mūsų skambučius naktį.\n' });
    const r = await code(dir, 'apklausa.csv', 'en.csv', '--open-columns', 'problemos');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('qeval: warning: en.csv: has none of the open-answer columns named (problemos): its open answers are the columns whose answers are sentences\n');
    expect(segments(r.stdout)).toEqual([...CODED, ['en.csv#A', 'police', 'comment', 'Policija niekada neatsako į mūsų skambučius naktį.']]);
  });

  it('gives each thread of --jobs 2 the columns named (the real binary, with worker threads)', () => {
    const dir = study({ 'qualtrics.csv': QUALTRICS });
    const args = [path.resolve('bin/qeval.js'), 'code', 'apklausa.csv', 'qualtrics.csv', '-c', 'book.yaml', '--no-model', '-q', '-f', 'csv', '--open-columns', 'problemos,Q1'];
    const one = spawnSync(process.execPath, [...args, '--jobs', '1'], { cwd: dir, encoding: 'utf8' });
    const two = spawnSync(process.execPath, [...args, '--jobs', '2'], { cwd: dir, encoding: 'utf8' });
    expect(two.stderr).toBe('');
    expect(two.status).toBe(0);
    expect(segments(two.stdout)).toHaveLength(5);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe('survey.open in the study file', { timeout: 60_000 }, () => {
  const STUDY = 'title: Apklausa\nsources: [apklausa.csv]\ncodebooks: { lt: book.yaml }\nmodels: false\nby: organizacija\nlang: [lt]\nformats: [json]\n';

  it('codes the columns named, which are not coded without the key', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'qeval.yaml'), STUDY);
    const without = await runCli(['run', '-q'], dir);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('--open-columns (e.g. --open-columns "problemos"), or in the study file with survey: {open: [problemos]}');

    writeFileSync(path.join(dir, 'qeval.yaml'), `${STUDY}survey:\n  open: [problemos]\n`);
    const r = await runCli(['run', '-q', '--no-grid'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(segments(readFileSync(path.join(dir, 'out/segments.csv'), 'utf8'))).toEqual(CODED);
  });

  it('names the study line and the survey when no survey has a column, and writes no output folder', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'qeval.yaml'), `${STUDY}survey:\n  open:\n    - problemos\n    - Problemų sprendimas\n`);
    const r = await runCli(['run', '-q'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('qeval: apklausa.csv:1: survey.open[2] (qeval.yaml:11:7) names "Problemų sprendimas", which is not a column of this survey: its columns are "language", "organizacija", "problemos" (a column is named by its header or its question text)\n');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
