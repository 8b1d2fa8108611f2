// `qeval codebook test --model`: a codebook's examples coded as `qeval code` codes them, the model beside the rules.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkExamples } from '../../src/codebook/check-examples.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModels } from '../../src/io/load-model.js';
import { runCli } from '../report/harness.js';

const root = path.resolve(__dirname, '../..');

describe('codebook test with the model', { timeout: 120_000 }, () => {
  it('codes the examples with rules and model: an example the model turns down fails, with the probability said', async () => {
    const book = await loadCodebookFile(path.join(root, 'codebooks/swot.yaml'));
    const models = await loadModels(root, [book], undefined);
    expect(models).toHaveLength(1);
    const rules = checkExamples(book);
    const both = checkExamples(book, models);
    expect(rules.failures).toEqual([]);
    expect(both.results).toHaveLength(rules.results.length);
    // Every failure with the model is the model's doing: the rules alone coded those examples right.
    expect(both.failures.length).toBeGreaterThan(0);
    for (const f of both.failures) expect(rules.results.find((r) => r.code === f.code && r.kind === f.kind && r.index === f.index)?.passed).toBe(true);
    // The model's segments carry their probability.
    expect(both.results.flatMap((r) => r.got).some((g) => g.rule === null && typeof g.probability === 'number')).toBe(true);
  });

  it('names the model and its unit in the summary, and refuses --model for a codebook that names none', async () => {
    const r = await runCli(['codebook', 'test', 'codebooks/swot.yaml', '--model'], root);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/codebooks\/swot\.yaml: 174 examples, \d+ counter-examples, \d+ failures \(rules and model models\/swot\.en\.json, sentence units\)\n$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-cbtest-'));
    writeFileSync(path.join(dir, 'b.yaml'), 'codebook: b\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    label: A\n    definition: d\n    examples: ["the police came"]\n    rules:\n      - any: [police]\n');
    const none = await runCli(['codebook', 'test', 'b.yaml', '--model'], dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('b.yaml: the codebook names no model (`model:`); give one with --model FILE');
  });

  it('with a model file and several codebooks, tests each with its own model and writes nothing before an error', async () => {
    const both = await runCli(['codebook', 'test', 'codebooks/swot.yaml', 'codebooks/swot.lt.yaml', '--model', 'models/swot.en.json'], root);
    expect(both.stdout).toMatch(/codebooks\/swot\.yaml: .*\(rules and model models\/swot\.en\.json, sentence units\)\n/);
    expect(both.stdout).toMatch(/codebooks\/swot\.lt\.yaml: .*\(rules and model models\/swot\.lt\.json, sentence units\)\n$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-cbtest-'));
    writeFileSync(path.join(dir, 'b.yaml'), 'codebook: b\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    label: A\n    definition: d\n    examples: ["the police came"]\n    rules:\n      - any: [police]\n');
    const partial = await runCli(['codebook', 'test', path.join(root, 'codebooks/swot.yaml'), 'b.yaml', '--model'], dir);
    expect(partial.status).toBe(2);
    expect(partial.stdout).toBe('');
    const foreign = await runCli(['codebook', 'test', 'codebooks/swot.lt.yaml', '--model', 'models/swot.en.json'], root);
    expect(foreign.status).toBe(2);
    expect(foreign.stdout).toBe('');
    expect(foreign.stderr).toContain('models/swot.en.json: the model was trained for codebook swot-rehabilitation (en), which is none of the codebooks given');
  });
});
