// Documents without the --by attribute among others that have it: report and swot say how many and why, not silently.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../report/harness.js';

describe('documents outside every group', { timeout: 120_000 }, () => {
  it('report and swot on a segments file warn that the survey rows have no organization (their own columns are not in it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-ungrouped-'));
    cpSync('samples', path.join(dir, 'samples'), { recursive: true });
    const inputs = ['samples/interviews', 'samples/survey.csv', '--root', 'samples', '-a', 'samples/attributes.csv', '--no-model'];
    expect((await runCli(['code', ...inputs, '-o', 'seg.csv', '-q'], dir)).status).toBe(0);
    const warning = /^qeval: warning: 12 documents have no "organization" attribute \(survey\.csv#S01, survey\.csv#S02, survey\.csv#S03 and 9 more\): .*add "organization" there, or report on the documents themselves$/m;
    const fromSegments = await runCli(['report', 'seg.csv', '-a', 'samples/attributes.csv', '--format', 'md', '-o', 'rep', '-q'], dir);
    expect(fromSegments.status).toBe(0);
    expect(fromSegments.stderr).toMatch(warning);
    const swot = await runCli(['swot', 'seg.csv', '-a', 'samples/attributes.csv', '--by', 'organization', '-o', 'swot.md', '-q'], dir);
    expect(swot.stderr).toMatch(warning);
    // Coded from the documents, every survey row has its organization column: nothing to say.
    const fromDocuments = await runCli(['report', ...inputs, '--format', 'md', '-o', 'rep2', '-q'], dir);
    expect(fromDocuments.status).toBe(0);
    expect(fromDocuments.stderr).not.toMatch(/have no "organization"/);
  });
});
