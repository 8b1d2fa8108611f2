// Lithuanian letters typed composed (NFC, "š") or decomposed (NFD, s + combining caron, as macOS writes file names) name the same document and the same group.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readDocuments } from '../../src/io/read-documents.js';
import { runCliWithoutLanguageNotes as runCli } from '../report/harness.js';

describe('Unicode normal forms in ids and attribute values', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-nfc-'));
  mkdirSync(path.join(dir, 'docs'));
  const nfd = 'ataskaita-šviesa.md'.normalize('NFD');
  const nfc = 'ataskaita-šviesa.md'.normalize('NFC');
  expect(nfd).not.toBe(nfc);
  // A file named in NFD, its attributes row in NFC; another whose front matter gives the organization in NFD.
  writeFileSync(path.join(dir, 'docs', nfd), 'We trust the police. Funding is late.\n');
  writeFileSync(path.join(dir, 'docs', 'b.md'), `---\norganization: ${'Namų šviesa'.normalize('NFD')}\nlanguage: en\n---\nThe police call us. Funding ends.\n`);
  writeFileSync(path.join(dir, 'attrs.csv'), `document,organization,language\n${nfc},${'Namų šviesa'.normalize('NFC')},en\n`);

  test('score --by joins them in one group, and the attributes row is not reported unmatched', async () => {
    const r = await runCli(['score', 'docs', '--root', 'docs', '-a', 'attrs.csv', '--by', 'organization', '--no-model', '-f', 'ndjson', '-q'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { group: string; by: string; documents: number });
    expect(rows.map((x) => [x.by, x.group, x.documents])).toEqual([['organization', 'Namų šviesa'.normalize('NFC'), 2]]);
  });

  test('readDocuments (the library) merges the row too', async () => {
    const docs = await readDocuments(['docs'], { cwd: dir, root: 'docs', attributes: 'attrs.csv' });
    expect(docs.map((d) => d.attributes.organization)).toEqual(['Namų šviesa'.normalize('NFC'), 'Namų šviesa'.normalize('NFC')]);
  });
});
