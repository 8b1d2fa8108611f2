// `qeval codebook import` through the CLI entry point: the codebook file, the notes on stderr, and errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { runCli } from '../report/harness.js';

const run = (argv: string[], cwd: string) => runCli(argv, cwd);

describe('qeval codebook import', { timeout: 60_000 }, () => {
  it('writes a codebook that validates and lists what it could not carry over with file:line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-dic-'));
    writeFileSync(path.join(dir, 'emo.dic'), '%\n1\tposemo\n2\tnegemo\n%\nhappy\t1\nbad*\t2\n:(\t2\n');
    const r = await run(['codebook', 'import', 'emo.dic', '--lang', 'lt', '-o', 'emo.yaml'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('qeval: warning: emo.dic:7:1: entry ":(" of "negemo" has no letters or digits (qeval matches words); left out\nemo.dic: 2 codes, 2 terms imported; 1 note above\n');
    const book = parseCodebook(readFileSync(path.join(dir, 'emo.yaml'), 'utf8'), 'emo.yaml');
    expect(book.spec).toMatchObject({ codebook: 'emo', language: 'lt', defaults: { negated: 'ignore', speakers: 'all', stem: false } });
    expect((await run(['codebook', 'validate', 'emo.yaml'], dir)).status).toBe(0);
    // A path that is not there: said of the path given, naming no option these commands do not take.
    for (const command of ['validate', 'show']) {
      const missing = await run(['codebook', command, 'nope.yaml'], dir);
      expect(missing.stderr).toBe('qeval: nope.yaml: codebook not found; check the path\n');
      expect(missing.status).toBe(2);
    }
  });
  it('asks for --format when the extension does not tell, and reports a malformed file with its line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-dic-'));
    writeFileSync(path.join(dir, 'words.txt'), 'happy 1\n');
    const r = await run(['codebook', 'import', 'words.txt'], dir);
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'qeval: words.txt: cannot tell the dictionary format from the file name; give --format liwc, yaml or wordstat\n' });
    const bad = await run(['codebook', 'import', 'words.txt', '--format', 'liwc'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^qeval: words\.txt:1:1: a LIWC dictionary starts with a line "%"/);
  });
});
