// A study's `models:` key: false codes with rules alone; a map names one model per language, checked against it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStudy } from '../../src/study/run.js';
import { QevalError } from '../../src/model/errors.js';

const samples = path.resolve('samples');
const repo = path.resolve('.');

function studyFile(extra: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-study-'));
  const file = path.join(dir, 'qeval.yaml');
  writeFileSync(file, `title: T\nsources: [${path.join(samples, 'interviews/10-policija-investigator.md')}]\nroot: ${samples}\ncodebooks:\n  en: ${path.join(repo, 'codebooks/swot.yaml')}\nformats: [json]\n${extra}`);
  return file;
}

const methods = (files: { path: string; data: string | Uint8Array }[]) => {
  const segments = JSON.parse(String(files.find((f) => f.path === 'segments.json')!.data)) as { method: string }[];
  return new Set(segments.map((s) => s.method));
};

describe('study models', () => {
  it('uses the codebook\'s own model by default and none with models: false', async () => {
    const withModel = await runStudy(studyFile(''), repo);
    expect(methods(withModel.files).has('model')).toBe(true);
    const rules = await runStudy(studyFile('models: false\n'), repo);
    expect(methods(rules.files)).toEqual(new Set(['rule']));
  }, 60_000);

  it('names the models in the reports from the study\'s folder: the same bytes wherever qeval is run from', async () => {
    const file = studyFile('');
    const summary = (r: Awaited<ReturnType<typeof runStudy>>) => String(r.files.find((f) => f.path === 'en/summary.json')!.data);
    const here = await runStudy(file, repo);
    const elsewhere = await runStudy(path.relative(tmpdir(), file), tmpdir());
    const expected = path.relative(path.dirname(file), path.join(repo, 'models/swot.en.json')).split(path.sep).join('/');
    expect(summary(here)).toContain(`"file": "${expected}"`);
    expect(summary(elsewhere)).toBe(summary(here));
  }, 60_000);

  it('a model listed under another language is an error at its place in the study', async () => {
    const file = studyFile(`models:\n  lt: ${path.join(repo, 'models/swot.en.json')}\n`);
    const e = await runStudy(file, repo).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QevalError);
    expect((e as QevalError).code).toBe('STUDY_MODEL_LANGUAGE');
    expect((e as QevalError).place.line).toBe(8);
  }, 60_000);

  it('a unit the models were not trained on is an error at the study\'s unit key, in the study\'s words', async () => {
    const e = await runStudy(studyFile('unit: turn\n'), repo).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QevalError);
    expect((e as QevalError).code).toBe('STUDY_MODEL_UNIT');
    expect((e as QevalError).place.line).toBe(7);
    expect((e as QevalError).message).toMatch(/^unit: the model \S*models\/swot\.en\.json was trained on sentence units, not turn units; use unit: sentence, or models: false to code with the rules alone$/);
    // With models: false the rules code turns.
    const rules = await runStudy(studyFile('unit: turn\nmodels: false\n'), repo);
    expect(rules.segments).toBeGreaterThan(0);
  }, 60_000);

  it('models: true is refused by the schema', async () => {
    const e = await runStudy(studyFile('models: true\n'), repo).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QevalError);
    expect((e as QevalError).format()).toMatch(/qeval\.yaml:7:\d+: "models" must be false or an object$/);
  }, 60_000);
});
