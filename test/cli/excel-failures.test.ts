// Outputs made for Excel: the failures list beside a --excel CSV has the same byte order mark (merged too); tables show a tab in a name escaped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReadFailures } from '../../src/cli/failures.js';
import { QevalError } from '../../src/model/errors.js';
import { runCliWithoutLanguageNotes as runCli } from '../report/harness.js';

describe('failures lists beside --excel CSVs', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-excel-failures-'));
  writeFileSync(path.join(dir, 'a.md'), 'We trust the police.\n');
  writeFileSync(path.join(dir, 'b.md'), 'Funding is late.\n');
  writeFileSync(path.join(dir, 'ataskaita-ų.pdf'), 'not a pdf');
  const bom = (file: string) => readFileSync(path.join(dir, file), 'utf8').startsWith('\ufeff');

  test('code and score write it with a BOM under --excel, without one otherwise', async () => {
    for (const command of ['code', 'score']) {
      expect((await runCli([command, '.', '--no-model', '--excel', '-q', '-o', `${command}-x.csv`], dir)).status).toBe(2);
      expect(bom(`${command}-x.csv`), command).toBe(true);
      expect(bom(`${command}-x.csv.failures.csv`), command).toBe(true);
      expect(readFileSync(path.join(dir, `${command}-x.csv.failures.csv`), 'utf8')).toMatch(/^\ufefffile,line,code,message\r\nataskaita-ų\.pdf,,PDF_UNREADABLE,/);
      expect((await runCli([command, '.', '--no-model', '-q', '-o', `${command}-p.csv`], dir)).status).toBe(2);
      expect(bom(`${command}-p.csv.failures.csv`), command).toBe(false);
    }
  });

  test('merge keeps it: the merged list has the BOM the shards have, and reads theirs', async () => {
    for (const k of [1, 2, 3]) await runCli(['score', '.', '--no-model', '--excel', '-q', '--shard', `${k}/3`, '-o', `s${k}.csv`], dir);
    const merged = await runCli(['merge', 's1.csv', 's2.csv', 's3.csv', '-o', 'm.csv'], dir);
    expect(merged.status, merged.stderr).toBe(2);
    expect(readFileSync(path.join(dir, 'm.csv.failures.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'score-x.csv.failures.csv'), 'utf8'));
  });

  test('a failure whose error names no file is listed under the file that failed', () => {
    const failures = new ReadFailures({ cwd: dir, env: {}, stdout: { write: () => true }, stderr: { write: () => true }, stdin: undefined as never });
    failures.onFailure(new QevalError('UNKNOWN_ENCODING', 'unknown encoding'), 'docs/a.txt');
    failures.onFailure(new QevalError('EMPTY_FILE', 'the file is empty', { file: 'b.txt' }), 'docs/b.txt');
    expect(failures.csv()).toBe('file,line,code,message\r\ndocs/a.txt,,UNKNOWN_ENCODING,unknown encoding\r\nb.txt,,EMPTY_FILE,the file is empty\r\n');
  });

  test('a tab in a document id is shown escaped in the terminal tables, keeping their columns', async () => {
    const tabbed = mkdtempSync(path.join(tmpdir(), 'qeval-tab-'));
    writeFileSync(path.join(tabbed, 'tab\tname.md'), 'We trust the police.\n');
    for (const command of ['code', 'score']) {
      const r = await runCli([command, '.', '--no-model', '-f', 'table', '-q'], tabbed);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout, command).toContain('tab\\tname.md');
      expect(r.stdout, command).not.toContain('\t');
    }
  });
});
