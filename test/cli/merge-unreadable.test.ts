// Shards of a run that could read no file merge into what that run gives unsharded: no output, each file named, exit status 2.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCliWithoutLanguageNotes as runCli } from '../report/harness.js';

describe('merging shards of a run that read no document', { timeout: 120_000 }, () => {
  test('for code and score: stderr and exit status as the unsharded run, and no file written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-merge-none-'));
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', 'a.txt'), '');
    writeFileSync(path.join(dir, 'in', 'b.pdf'), 'x');
    writeFileSync(path.join(dir, 'in', 'c.docx'), 'y');
    for (const command of ['code', 'score']) {
      const whole = await runCli([command, 'in', '--no-model', '-q', '-o', `${command}-whole.csv`], dir);
      expect(whole.status).toBe(2);
      expect(existsSync(path.join(dir, `${command}-whole.csv`))).toBe(false);
      for (const k of [1, 2]) await runCli([command, 'in', '--no-model', '-q', '--shard', `${k}/2`, '-o', `${command}-${k}.csv`], dir);
      // The shards themselves exist (an empty or failed shard still writes its file, for merge to check the set).
      expect(existsSync(path.join(dir, `${command}-1.csv`)) && existsSync(path.join(dir, `${command}-2.csv`))).toBe(true);
      const stamp = JSON.parse(readFileSync(path.join(dir, `.${command}-2.csv.qeval-shard`), 'utf8')) as { documents: number; failures: number };
      expect(stamp.documents).toBe(0);
      const merged = await runCli(['merge', `${command}-1.csv`, `${command}-2.csv`, '-o', `${command}-merged.csv`], dir);
      expect(merged.status).toBe(2);
      expect(merged.stderr).toBe(whole.stderr);
      expect(existsSync(path.join(dir, `${command}-merged.csv`))).toBe(false);
      expect(existsSync(path.join(dir, `${command}-merged.csv.failures.csv`))).toBe(false);
    }
  });
});
