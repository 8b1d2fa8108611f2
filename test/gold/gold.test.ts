// The gold development sets: every gold unit aligns with a segmenter unit, and quality does not regress.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { goldReport } from '../../src/tools/gold-report.js';

async function microF1(gold: string, codebook: string): Promise<number> {
  const report = await goldReport(path.resolve(gold), path.resolve(codebook));
  expect(report).not.toMatch(/^unaligned:/m);
  const micro = /^micro\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/m.exec(report);
  expect(micro).not.toBeNull();
  return Number(micro![6]);
}

describe('gold development sets', () => {
  it('English: all units align and micro F1 of top-level codes stays at or above 65%', async () => {
    expect(await microF1('test/gold/gold.yaml', 'codebooks/swot.yaml')).toBeGreaterThanOrEqual(65);
  });
  it('Lithuanian: all units align and micro F1 of top-level codes stays at or above 56%', async () => {
    expect(await microF1('test/gold-lt/gold.yaml', 'codebooks/swot.lt.yaml')).toBeGreaterThanOrEqual(56);
  });
});
