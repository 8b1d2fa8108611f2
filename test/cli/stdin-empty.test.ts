// An empty standard input is an error (exit 2, one line naming "-"), as an empty file is, not an empty result.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { runCli } from '../report/harness.js';

const run = (args: string[]) => runCli(args, tmpdir());

describe('empty standard input', { timeout: 60_000 }, () => {
  for (const command of ['swot', 'report', 'terms']) {
    it(`${command} - refuses it`, async () => {
      const args = command === 'report' ? [command, '-', '-o', 'qeval-empty-stdin-report'] : command === 'terms' ? [command, '-', '--lang', 'en'] : [command, '-', '--no-model'];
      const r = await run(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^qeval: -: standard input is empty/);
    });
  }
  it('code - reports it as an unreadable input', async () => {
    const r = await run(['code', '-', '--no-model']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^qeval: -: standard input is empty/);
  });
});
