// Attributes and organizations CSVs: a column given twice is refused, naming it, before anything is written.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readDocuments } from '../../src/io/read-documents.js';
import { QevalError } from '../../src/model/errors.js';
import { readOrganizations } from '../../src/study/evidence.js';
import { runCliWithoutLanguageNotes as runCli } from '../report/harness.js';

describe('a column given twice', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-dupcol-'));
  writeFileSync(path.join(dir, 'a.md'), 'We trust the police.\n');
  writeFileSync(path.join(dir, 'attrs.csv'), 'document,organization,organization\na.md,A,B\n');
  writeFileSync(path.join(dir, 'orgs.csv'), 'organization,name,city,name\nA,Atrama,Vilnius,Other\n');
  const message = (what: string, column: string, a: number, b: number) => `${what} has the column "${column}" twice (columns ${a} and ${b}): a row's second value would replace its first; delete or rename one`;

  test('in the attributes CSV: readDocuments throws CSV_DUPLICATE_COLUMN at line 1', async () => {
    const e = await readDocuments(['a.md'], { cwd: dir, attributes: 'attrs.csv' }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(QevalError);
    expect(e).toMatchObject({ code: 'CSV_DUPLICATE_COLUMN', place: { file: 'attrs.csv', line: 1 }, message: message('the attributes CSV', 'organization', 2, 3) });
  });

  test('in the organizations CSV', async () => {
    const e = await readOrganizations('orgs.csv', dir).then(() => undefined, (x: unknown) => x);
    expect(e).toMatchObject({ code: 'CSV_DUPLICATE_COLUMN', message: message('the organizations CSV', 'name', 2, 4) });
  });

  test('score refuses it with one line and exit status 2, writing nothing', async () => {
    const r = await runCli(['score', 'a.md', '-a', 'attrs.csv', '--no-model', '-o', 'scores.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`qeval: attrs.csv:1: ${message('the attributes CSV', 'organization', 2, 3)}\n`);
    expect(existsSync(path.join(dir, 'scores.csv'))).toBe(false);
  });
});
