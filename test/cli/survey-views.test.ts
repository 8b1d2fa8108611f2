// Survey rows share their file's text: every view (score, kwic, agree) must measure each row by its own answers only.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { csvCells, csvRecords } from '../../src/io/merge-shards.js';
import { runCli } from '../report/harness.js';

const run = (args: string[], cwd: string) => runCli(args, cwd);

/** Three respondents, one nine-word answer each; only the last mentions the police. */
function survey(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-survey-views-'));
  writeFileSync(path.join(dir, 's.csv'), [
    'respondent;language;answer',
    'A;en;The women trust us because we never judge them here.',
    'B;en;We have no money for a psychologist this whole year.',
    'C;en;The police call us only when they need a translator.',
    '',
  ].join('\n'));
  return dir;
}

describe('survey rows in score, kwic and agree', { timeout: 60_000 }, () => {
  it('score counts each row\'s own words and sentences', async () => {
    const r = await run(['score', 's.csv', '--no-model', '--sort', 'strength'], survey());
    expect(r.status).toBe(0);
    const [header, ...rows] = csvRecords(r.stdout).map(csvCells);
    const at = (name: string) => header!.indexOf(name);
    const byDoc = new Map(rows.map((row) => [row[at('document')], row]));
    for (const id of ['s.csv#A', 's.csv#B', 's.csv#C']) {
      expect(byDoc.get(id)?.[at('words')], id).toBe('10');
      expect(byDoc.get(id)?.[at('units')], id).toBe('1');
    }
  });

  it('kwic finds a term once, in the row that says it', async () => {
    const r = await run(['kwic', 'police', 's.csv', '-f', 'csv'], survey());
    expect(r.status).toBe(0);
    const rows = csvRecords(r.stdout).map(csvCells).slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.join(' ')).toContain('s.csv#C');
  });

  it('agree compares one unit per row', async () => {
    const dir = survey();
    writeFileSync(path.join(dir, 'ann.csv'), 'document,code,text,coder\ns.csv#C,networking,The police call us only when they need a translator.,Ann\n');
    writeFileSync(path.join(dir, 'bob.csv'), 'document,code,text,coder\ns.csv#C,networking,The police call us only when they need a translator.,Bob\n');
    const r = await run(['agree', 'ann.csv', 'bob.csv', 's.csv', '-f', 'json'], dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.rows.find((row: { code: string }) => row.code === 'networking').units).toBe(3);
  });
});
