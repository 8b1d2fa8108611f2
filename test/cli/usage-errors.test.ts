// Usage errors are one line (DESIGN: one line each on stderr), pointing to the help that describes the command's options.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';
import { tableWidth } from '../../src/cli/commands/score.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'qeval-usage-'));

describe('usage errors', () => {
  it("a misspelled option is one line with commander's suggestion and the command's own help", async () => {
    const r = await runCli(['score', '.', '--sortt', 'net-swot'], dir());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("qeval: unknown option '--sortt' (Did you mean --sort?) (see qeval score --help)\n");
  });
  it("a subcommand's usage error points to the subcommand's own help", async () => {
    const r = await runCli(['codebook', 'show', '--bogus'], dir());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("qeval: unknown option '--bogus' (see qeval codebook show --help)\n");
  });
  it('commander\'s full stop does not come before the pointer', async () => {
    const r = await runCli(['codebook', 'show', 'a.yaml', 'b.yaml'], dir());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("qeval: too many arguments for 'show'. Expected 1 argument but got 2 (see qeval codebook show --help)\n");
  });
  it('help for a command that does not exist is one line, not the whole help', async () => {
    const r = await runCli(['help', 'scroe'], dir());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("qeval: unknown command 'scroe' (see qeval --help)\n");
    const known = await runCli(['help', 'score'], dir());
    expect(known.status).toBe(0);
    expect(known.stdout).toContain('Usage: qeval score');
  });
  it('a misspelled command is one line pointing to qeval --help', async () => {
    const r = await runCli(['scroe'], dir());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("qeval: unknown command 'scroe' (Did you mean score?) (see qeval --help)\n");
  });
});

describe('the width a score table is drawn for', () => {
  it("is the terminal's when it goes to one, and room for every index in a file, a pipe or > redirection", () => {
    expect(tableWidth({ isTTY: true, columns: 90 }, undefined)).toBe(90);
    expect(tableWidth({ isTTY: true, columns: 90 }, '-')).toBe(90);
    expect(tableWidth({ isTTY: true, columns: 90 }, 'scores.txt')).toBe(Infinity);
    // stdout redirected to a file or a pipe is not a terminal, whatever columns it reports.
    expect(tableWidth({ isTTY: false, columns: 90 }, undefined)).toBe(Infinity);
    expect(tableWidth({}, undefined)).toBe(Infinity);
  });
});
