// The gold development set: every gold unit aligns with a segmenter unit, and quality does not regress.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { goldReport } from '../../src/tools/gold-report.js';

describe('gold development set', () => {
  it('aligns all units and keeps micro F1 of top-level codes at or above 0.65', async () => {
    const report = await goldReport(path.resolve('test/gold/gold.yaml'), path.resolve('codebooks/swot.yaml'));
    expect(report).not.toMatch(/^unaligned:/m);
    const micro = /^micro\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/m.exec(report);
    expect(micro).not.toBeNull();
    expect(Number(micro![6])).toBeGreaterThanOrEqual(65);
  });
});
