// `qeval terms --by` through the CLI entry point: stems distinctive of each code or attribute value, and its errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliWithoutLanguageNotes } from '../report/harness.js';

// The fixtures carry no language attribute: the notes that it was detected are tested elsewhere.
const run = (argv: string[], cwd: string) => runCliWithoutLanguageNotes(argv, cwd);

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-terms-'));
  writeFileSync(path.join(dir, 'a.md'), '---\norganization: atrama\n---\nThe shelter is warm. The shelter helps. Our shelter is new. We meet people.\n');
  writeFileSync(path.join(dir, 'b.md'), '---\norganization: policija\n---\nThe police investigate. The police question witnesses. The police help. We meet people.\n');
  return dir;
}

describe('qeval terms --by', { timeout: 60_000 }, () => {
  it('lists the stems distinctive of each attribute value, as a table or CSV', async () => {
    const dir = folder();
    const csv = await run(['terms', 'a.md', 'b.md', '--lang', 'en', '--by', 'organization', '--min-ll', '3', '-f', 'csv'], dir);
    expect(csv.status).toBe(0);
    const rows = csv.stdout.trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['organization', 'stem', 'count', 'count_elsewhere', 'words', 'words_elsewhere', 'log_likelihood', 'log_ratio', 'forms']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([['atrama', 'shelter', '3', '0'], ['policija', 'polic', '3', '0']]);
    const table = await run(['terms', 'a.md', 'b.md', '--lang', 'en', '--by', 'organization'], dir);
    expect(table.stdout).toMatch(/^organization\s+stem\s+count/);
  });
  it('says which attributes there are when the one asked for is unknown', async () => {
    const r = await run(['terms', 'a.md', '--lang', 'en', '--by', 'region'], folder());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: no document has the attribute "region" (the documents have "language", "organization"); check the spelling, or give it in front matter or with --attributes (--by code compares codes instead)\n');
  });
});

describe('qeval terms --lang among documents in other languages', { timeout: 60_000 }, () => {
  it('counts only the documents in that language (attribute, else detected) and names the others in one warning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-terms-lang-'));
    writeFileSync(path.join(dir, 'en.md'), '---\nlanguage: en\n---\nThe shelter is warm and the police help the women every day.\n');
    writeFileSync(path.join(dir, 'lt.md'), '---\nlanguage: lt\n---\nPolicija labai padeda, bet trūksta pinigų ir darbuotojų.\n');
    const lt = await runCliWithoutLanguageNotes(['terms', 'en.md', 'lt.md', '--lang', 'lt', '-f', 'csv'], dir);
    expect(lt.status).toBe(0);
    const stems = lt.stdout.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
    expect(stems).toContain('policij');
    // No English word counted as a Lithuanian stem.
    expect(stems).not.toContain('the');
    expect(stems).not.toContain('shelt');
    expect(lt.stderr).toBe('qeval: warning: left out 1 document in en, not lt (their language attribute, or the language detected): en.md; run terms once per language with its --lang\n');
    const en = await runCliWithoutLanguageNotes(['terms', 'en.md', 'lt.md', '--lang', 'en', '-f', 'csv'], dir);
    expect(en.stdout).not.toContain('trūkst');
    expect(en.stdout).toContain('shelter');
  });
});
