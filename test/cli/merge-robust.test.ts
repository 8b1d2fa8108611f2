// `qeval merge` and the readers of segment files refuse damaged inputs: shards cut short or with ragged rows, a shard given twice, an -o naming another format; and read ids that the CSV formula guard prefixed back as they were.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';
import { csvCells } from '../../src/io/merge-shards.js';

let dir: string;
/** The line of the shortened row of bad-2.csv. */
let badLine = 0;

/** Everything in the working folder but the inputs this suite made (what a refused merge must not have written). */
const outputs = () => readdirSync(dir).filter((f) => !/^(sh|sc)-\d\.csv$|^\.(sh|sc)-\d\.csv\.qeval-shard$|^(small|bad-.*|trunc-.*|copy-.*)$/.test(f));

/** The 1-based line of the record the byte `at` falls in (records end with CRLF; no line breaks inside cells assumed where used). */
const lineAt = (text: string, at: number) => text.slice(0, at).split('\n').length;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'qeval-merge-robust-'));
  mkdirSync(path.join(dir, 'small'));
  for (const f of readdirSync('samples/interviews').filter((name) => name.endsWith('.md'))) copyFileSync(path.join('samples/interviews', f), path.join(dir, 'small', f));
  for (const k of [1, 2, 3]) {
    const code = await runCli(['code', 'small', '--no-model', '--shard', `${k}/3`, '-q', '-o', `sh-${k}.csv`], dir);
    expect(code.stderr).toBe('');
    const score = await runCli(['score', 'small', '--no-model', '--shard', `${k}/3`, '-q', '-o', `sc-${k}.csv`], dir);
    expect(score.stderr).toBe('');
  }
  const whole = await runCli(['merge', 'sh-1.csv', 'sh-2.csv', 'sh-3.csv'], dir);
  expect(whole.status).toBe(0);
}, 120_000);

/** Writes `name` with the first `bytes` bytes of `from` (as `head -c` does). */
function truncate(from: string, name: string, bytes: number): string {
  const data = readFileSync(path.join(dir, from));
  writeFileSync(path.join(dir, name), data.subarray(0, bytes));
  return data.subarray(0, bytes).toString('utf8');
}

describe('damaged CSV shards and segment files', { timeout: 60_000 }, () => {
  it('merge refuses a segments shard cut short, naming the cut row, and writes nothing', async () => {
    const size = readFileSync(path.join(dir, 'sh-2.csv')).length;
    const text = truncate('sh-2.csv', 'trunc-2.csv', Math.floor(size / 2));
    const r = await runCli(['merge', 'sh-1.csv', 'trunc-2.csv', 'sh-3.csv', '-o', 'mm.csv'], dir);
    expect(r.stderr).toBe(`qeval: trunc-2.csv:${lineAt(text, text.length)}: the file ends in the middle of this row (no line break after it): the shard was cut short; write it again\n`);
    expect(r.status).toBe(2);
    expect(outputs()).toEqual([]);
  });

  it('merge refuses a shard with a row of fewer cells than the header, even when it ends with a line break', async () => {
    const text = readFileSync(path.join(dir, 'sh-2.csv'), 'utf8');
    const rows = text.split('\r\n');
    rows[2] = csvCells(rows[2]!).slice(0, 9).map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
    writeFileSync(path.join(dir, 'bad-2.csv'), rows.join('\r\n'));
    badLine = rows.slice(0, 2).join('\r\n').split('\n').length + 1;
    const r = await runCli(['merge', 'sh-1.csv', 'bad-2.csv', 'sh-3.csv', '-o', 'mm.csv'], dir);
    expect(r.stderr).toMatch(/^qeval: bad-2\.csv:(\d+): this row has 9 cells but the header has \d+: the shard is damaged or cut short; write it again\n$/);
    expect(r.stderr).toContain(`bad-2.csv:${badLine}:`);
    expect(r.status).toBe(2);
    expect(outputs()).toEqual([]);
  });

  it('merge refuses a score shard cut short', async () => {
    const size = readFileSync(path.join(dir, 'sc-2.csv')).length;
    const text = truncate('sc-2.csv', 'trunc-sc-2.csv', Math.floor(size / 2));
    const r = await runCli(['merge', 'sc-1.csv', 'trunc-sc-2.csv', 'sc-3.csv', '-o', 'ms.csv'], dir);
    expect(r.stderr).toBe(`qeval: trunc-sc-2.csv:${lineAt(text, text.length)}: the file ends in the middle of this row (no line break after it): the shard was cut short; write it again\n`);
    expect(r.status).toBe(2);
    expect(outputs()).toEqual([]);
  });

  it('merge --unchecked refuses a cut shard too', async () => {
    const r = await runCli(['merge', '--unchecked', 'sh-1.csv', 'trunc-2.csv', 'sh-3.csv', '-o', 'mm.csv'], dir);
    expect(r.stderr).toMatch(/^qeval: trunc-2\.csv:\d+: the file ends in the middle of this row/);
    expect(r.status).toBe(2);
  });

  it('swot and report refuse a segments CSV cut short or with a ragged row, naming the row', async () => {
    const text = readFileSync(path.join(dir, 'trunc-2.csv'), 'utf8');
    const cut = await runCli(['swot', 'trunc-2.csv'], dir);
    expect(cut.stderr).toBe(`qeval: trunc-2.csv:${lineAt(text, text.length)}: the file ends in the middle of this row (no line break after it): it was cut short; write it again\n`);
    expect(cut.status).toBe(2);
    expect(cut.stdout).toBe('');
    const ragged = await runCli(['swot', 'bad-2.csv'], dir);
    expect(ragged.stderr).toMatch(/^qeval: bad-2\.csv:\d+: this row has 9 cells but the header has \d+: the file is damaged or cut short; write it again\n$/);
    expect(ragged.stderr).toContain(`bad-2.csv:${badLine}:`);
    expect(ragged.status).toBe(2);
    const report = await runCli(['report', 'bad-2.csv', '-o', 'rep'], dir);
    expect(report.stderr).toMatch(new RegExp(`^qeval: bad-2\\.csv:${badLine}: this row has 9 cells`));
    expect(report.status).toBe(2);
    expect(outputs()).toEqual([]);
  });
});

describe('merge inputs and output named wrongly', { timeout: 60_000 }, () => {
  it('the same file given twice is named as such before any shard check', async () => {
    const r = await runCli(['merge', 'sh-1.csv', 'sh-1.csv', 'sh-2.csv', 'sh-3.csv'], dir);
    expect(r.stderr).toBe('qeval: sh-1.csv: given twice; give each shard\'s file once\n');
    expect(r.status).toBe(2);
    const other = await runCli(['merge', 'sh-1.csv', './sh-1.csv', 'sh-2.csv'], dir);
    expect(other.stderr).toBe('qeval: ./sh-1.csv: given twice (as sh-1.csv too); give each shard\'s file once\n');
  });

  it('a copy of a shard (the same bytes under another name) is given twice', async () => {
    copyFileSync(path.join(dir, 'sh-1.csv'), path.join(dir, 'copy-1.csv'));
    const r = await runCli(['merge', 'sh-1.csv', 'copy-1.csv', 'sh-2.csv', 'sh-3.csv'], dir);
    expect(r.stderr).toBe('qeval: copy-1.csv: given twice: its bytes are those of sh-1.csv; give each shard\'s file once\n');
    expect(r.status).toBe(2);
  });

  it('-o whose extension names another format than the shards\' is refused, and nothing is written', async () => {
    for (const output of ['m.ndjson', 'm.json', 'm.JSONL']) {
      const r = await runCli(['merge', 'sh-1.csv', 'sh-2.csv', 'sh-3.csv', '-o', output], dir);
      expect(r.stderr).toBe(`qeval: -o ${output}: the shards are CSV; name the output .csv or leave the extension out\n`);
      expect(r.status).toBe(2);
    }
    expect(outputs()).toEqual([]);
    const ok = await runCli(['merge', 'sh-1.csv', 'sh-2.csv', 'sh-3.csv', '-o', 'merged'], dir);
    expect(ok.status).toBe(0);
    expect(readFileSync(path.join(dir, 'merged'), 'utf8').startsWith('document,code,')).toBe(true);
  });
});

describe('NDJSON shards saved with Windows line ends', { timeout: 120_000 }, () => {
  it('merge as they were written: no CR is carried into the joined records', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'qeval-merge-crlf-'));
    mkdirSync(path.join(work, 'docs'));
    for (const f of ['01-atrama-director.md', '02-atrama-social-worker.md', '03-namu-sviesa-manager.md']) copyFileSync(path.join('samples/interviews', f), path.join(work, 'docs', f));
    const whole = await runCli(['code', 'docs', '--no-model', '-q', '-f', 'ndjson'], work);
    for (const k of [1, 2]) {
      const part = await runCli(['code', 'docs', '--no-model', '-q', '-f', 'ndjson', '--shard', `${k}/2`], work);
      writeFileSync(path.join(work, `p${k}.ndjson`), k === 1 ? part.stdout.replace(/\n/g, '\r\n') : part.stdout);
    }
    const merged = await runCli(['merge', 'p1.ndjson', 'p2.ndjson'], work);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
  });
});

describe('CSV shards whose document ids start like a formula', { timeout: 120_000 }, () => {
  it('merge reads ids back from the formula guard: the merged segments and scores equal one unsharded run byte for byte', async () => {
    const odd = mkdtempSync(path.join(tmpdir(), 'qeval-merge-guard-'));
    const docs = path.join(odd, 'docs');
    mkdirSync(docs);
    const text = (n: number) => `---\nlanguage: en\n---\nThe shelter staff are trusted by the women (${n}). Funding ends next year and the police rarely call us.\n`;
    const names = ['+extra.md', '-minus.md', '=sum.md', '@at.md', "'+quoted.md", 'plain.md', 'zeta.md'];
    names.forEach((name, i) => writeFileSync(path.join(odd, 'docs', name), text(i)));
    for (const command of ['code', 'score']) {
      // Run in the documents' folder, so that their ids are their names.
      const whole = await runCli([command, '.', '--no-model', '-q', '-o', `../${command}-whole.csv`], docs);
      expect(whole.status, whole.stderr).toBe(0);
      const parts: string[] = [];
      for (const k of [1, 2, 3]) {
        const part = await runCli([command, '.', '--no-model', '-q', '--shard', `${k}/3`, '-o', `../${command}-${k}.csv`], docs);
        expect(part.status, part.stderr).toBe(0);
        parts.push(`${command}-${k}.csv`);
      }
      // The guarded ids are really in the shards (else this test proves nothing).
      expect(parts.map((p) => readFileSync(path.join(odd, p), 'utf8')).join('')).toContain("'+extra.md");
      const merged = await runCli(['merge', ...parts, '-o', `${command}-merged.csv`], odd);
      expect(merged.stderr).toBe('');
      expect(merged.status).toBe(0);
      expect(readFileSync(path.join(odd, `${command}-merged.csv`), 'utf8')).toBe(readFileSync(path.join(odd, `${command}-whole.csv`), 'utf8'));
    }
  });
});
