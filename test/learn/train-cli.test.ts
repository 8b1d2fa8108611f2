// `qeval train` and `qeval code --model` through the CLI (in-process): files, reports, errors, determinism.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CODEBOOK, humanCodes, transcript } from './fixtures.js';
import { toCsv } from '../../src/render/csv.js';
import { runCli } from '../report/harness.js';

const qeval = (args: string[], cwd: string) => runCli(args, cwd, { env: { NO_COLOR: '1' } });

/** A folder with the tiny codebook, eight transcripts and a person's coding of them as a plain CSV. */
function study(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-train-'));
  writeFileSync(path.join(dir, 'tiny.yaml'), CODEBOOK);
  const rows: unknown[][] = [];
  for (let i = 0; i < 8; i++) {
    const t = transcript(i);
    writeFileSync(path.join(dir, t.doc.id), t.doc.text);
    for (const h of humanCodes(t)) rows.push([h.document, h.code, h.start, h.end, 'Ana']);
  }
  writeFileSync(path.join(dir, 'coding.csv'), toCsv(['document', 'code', 'start', 'end', 'coder'], rows));
  writeFileSync(path.join(dir, 'new.md'), transcript(11).doc.text);
  return dir;
}

describe('qeval train', () => {
  it('writes a model and prints the cross-validation report as CSV; the same data gives the same bytes', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    const r = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm1.json', '--cv', '-f', 'csv', '--folds', '4', '--min-positives', '4'], dir);
    expect(r.stderr).toMatch(/trained 4 code classifiers on 144 units of 8 documents \(coder Ana; in one thread\)/);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('code,coder,support,tp,fp,fn,tn,precision,recall,f1,kappa');
    expect(r.stdout).toMatch(/\r\nstrength,model,48,/);
    expect(r.stdout).toMatch(/\r\nstrength,rules,48,/);
    const model = JSON.parse(readFileSync(path.join(dir, 'm1.json'), 'utf8'));
    expect(model).toMatchObject({ format: 'qeval-model', codebook: { name: 'tiny', version: '1.0.0', language: 'en' }, unit: 'sentence' });
    expect(model.crossValidation.summary.map((s: { coder: string }) => s.coder)).toEqual(['model', 'rules']);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm2.json', '--cv', '--folds', '4', '--min-positives', '4'], dir);
    expect(readFileSync(path.join(dir, 'm2.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'm1.json'), 'utf8'));
    // Without --cv: the same model, less the figures, and a hint on stderr.
    const plain = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm3.json', '--folds', '4', '--min-positives', '4'], dir);
    expect(plain.stderr).toMatch(/give --cv to measure it by cross-validation/);
    delete model.crossValidation;
    expect(JSON.parse(readFileSync(path.join(dir, 'm3.json'), 'utf8'))).toEqual(model);
  }, 60_000);

  it('codes new documents with --model: segments say how they were coded and why', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm.json', '--folds', '4', '--min-positives', '4'], dir);
    const r = await qeval(['code', 'new.md', '-c', 'tiny.yaml', '--model', 'm.json', '-f', 'json'], dir);
    expect(r.status).toBe(0);
    const segments = JSON.parse(r.stdout) as { text: string; code: string; method: string; probability?: number; features?: string[] }[];
    const believe = segments.find((s) => s.text === 'The women believe us now.')!;
    expect(believe).toMatchObject({ code: 'strength.trust', method: 'model' });
    expect(believe.probability).toBeGreaterThan(0);
    expect(believe.features!.length).toBeGreaterThan(0);
    const rulesOnly = JSON.parse((await qeval(['code', 'new.md', '-c', 'tiny.yaml', '--no-model', '-f', 'json'], dir)).stdout) as { method: string }[];
    expect(rulesOnly.every((s) => s.method === 'rule')).toBe(true);
  }, 60_000);

  it('refuses --cv with fewer than three coded documents, and says when folds are cut and figures rest on few documents', async () => {
    const dir = study();
    const lines = readFileSync(path.join(dir, 'coding.csv'), 'utf8').split(/\r?\n/);
    const only = (n: number) => [lines[0], ...lines.slice(1).filter((l) => Array.from({ length: n }, (_, i) => `doc-${i}.md,`).some((d) => l.startsWith(d)))].join('\n') + '\n';
    writeFileSync(path.join(dir, 'coding.csv'), only(3));
    writeFileSync(path.join(dir, 'coding2.csv'), only(2));
    const two = await qeval(['train', 'coding2.csv', 'doc-0.md', 'doc-1.md', '-c', 'tiny.yaml', '--cv', '--min-positives', '4'], dir);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/^qeval: coding2\.csv: only 2 coded documents; --cv .* needs at least three/m);
    const three = await qeval(['train', 'coding.csv', 'doc-0.md', 'doc-1.md', 'doc-2.md', '-c', 'tiny.yaml', '--cv', '-f', 'json', '--min-positives', '4'], dir);
    expect(three.status).toBe(0);
    expect(three.stderr).toMatch(/--folds 5 cut to 3: there are only 3 coded documents/);
    expect(three.stderr).toMatch(/only 3 coded documents: cross-validated figures from so few documents vary a lot/);
    // Each outer fold trains on two documents: its thresholds come from an inner 2-fold CV, not a default.
    const strength = (JSON.parse(three.stdout) as { model: { code: string; f1: number }[] }).model.find((r) => r.code === 'strength')!;
    expect(strength.f1).toBeGreaterThan(0.5);
  }, 60_000);

  it('refuses an -o it cannot write before training, not after', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    mkdirSync(path.join(dir, 'models'));
    const r = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'models', '--min-positives', '4'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: .*models: is a directory; -o names the output file$/m);
    // Refused before the documents are read (their warnings never come), not when the model is written.
    expect(r.stderr).not.toMatch(/trained|coded documents/);
    // A name another format's extension gives is refused too: a model is JSON.
    const csv = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'model.csv', '--min-positives', '4'], dir);
    expect(csv.stderr).toBe('qeval: -o model.csv: a model is written as JSON; name it with .json (e.g. model.json)\n');
    expect(csv.status).toBe(2);
  }, 60_000);

  it('refuses a model of another codebook version with one error line and exit 2', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm.json', '--folds', '4', '--min-positives', '4'], dir);
    writeFileSync(path.join(dir, 'tiny2.yaml'), CODEBOOK.replace('version: 1.0.0', 'version: 1.1.0'));
    const r = await qeval(['code', 'new.md', '-c', 'tiny2.yaml', '--model', 'm.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^qeval: m\.json: the model was trained for codebook tiny@1\.0\.0 \(en\), but the codebooks are tiny@1\.1\.0 \(en\); retrain/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('names the file and line of a code the codebook does not have, and writes no model', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'bad.csv'), 'document,code,start,end\ndoc-0.md,strength.trust,0,5\ndoc-0.md,strenght,0,5\n');
    const r = await qeval(['train', 'bad.csv', 'doc-0.md', 'doc-1.md', '-c', 'tiny.yaml', '-o', 'm.json'], dir);
    expect(r.status).toBe(2);
    // The documents carry no language: a warning names the detected one before the error.
    expect(r.stderr.replace(/^qeval: warning: .*\n/gm, '')).toBe('qeval: bad.csv:3:1: code "strenght" is not in the codebook; fix the coding or give the codebook it was coded with (-c)\n');
    expect(existsSync(path.join(dir, 'm.json'))).toBe(false);
  }, 60_000);

  it('asks for --coder when the coding has several coders', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'two.csv'), 'document,code,start,end,coder\ndoc-0.md,strength.trust,0,5,Ana\ndoc-0.md,strength.trust,0,5,Ben\n');
    const r = await qeval(['train', 'two.csv', 'doc-0.md', '-c', 'tiny.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2 coders \(Ana, Ben\); choose the one to learn from with --coder/);
  }, 60_000);
});

describe('qeval train: what it refuses, what it warns about', () => {
  const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);

  it('refuses a codebook of another language than the documents', async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'tiny-lt.yaml'), CODEBOOK.replace('language: en', 'language: lt'));
    writeFileSync(path.join(dir, 'attrs.csv'), `document,language\n${docs.map((d) => `${d},en`).join('\n')}\n`);
    const r = await qeval(['train', 'coding.csv', ...docs, '-a', 'attrs.csv', '-c', 'tiny-lt.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: tiny-lt\.yaml: the codebook's language is "lt", but 8 documents are in "en"/);
  });

  it('refuses empty spans, texts that occur twice and rows without a span, naming the line', async () => {
    const dir = study();
    const cases: [string, RegExp][] = [
      ['document,code,start,end\ndoc-0.md,strength.trust,5,5\n', /coding\.csv:2:1: span 5-5 is empty or reversed/],
      ['document,code,text\ndoc-0.md,strength.trust,Question\n', /coding\.csv:2:1: the text "Question" occurs more than once/],
      ['document,code,text\ndoc-0.md,strength.trust,\n', /coding\.csv:2:1: the row gives neither start and end nor a text/],
    ];
    for (const [csv, message] of cases) {
      writeFileSync(path.join(dir, 'coding.csv'), csv);
      const r = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('warns about coded spans that no coded unit overlaps (an interviewer\'s question)', async () => {
    const dir = study();
    const coding = readFileSync(path.join(dir, 'coding.csv'), 'utf8');
    writeFileSync(path.join(dir, 'coding.csv'), `${coding}doc-0.md,strength.trust,0,12,Ana\r\n`);
    const r = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '--folds', '4', '--min-positives', '4', '-o', 'm.json'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: coding\.csv: 1 coded span overlaps no coded unit .* e\.g\. doc-0\.md 0-12/);
  });

  it('writes kappa in the CSV report as a number, also when negative', async () => {
    const dir = study();
    const r = await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '--cv', '-f', 'csv', '--folds', '4', '--min-positives', '4'], dir);
    const rulesRow = r.stdout.split('\r\n').find((l) => l.startsWith('strength,rules,'))!;
    expect(rulesRow.split(',').at(-1)).toMatch(/^-?\d+(\.\d+)?$/);
  });
});

describe('qeval code with models: one per codebook', () => {
  it('refuses two models for one codebook', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm.json', '--folds', '4', '--min-positives', '4'], dir);
    const r = await qeval(['code', 'new.md', '-c', 'tiny.yaml', '--model', 'm.json', '--model', 'm.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: m\.json: two models for codebook tiny \(en\)/);
  });

  it('a model named for one language leaves the other codebook its own model', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm.json', '--folds', '4', '--min-positives', '4'], dir);
    const lt = path.resolve('samples/interviews/lt/17-vilties-tiltas-vadove.md');
    const r = await qeval(['code', lt, '--root', path.resolve('samples'), '-c', path.resolve('codebooks/swot.lt.yaml'), '-c', 'tiny.yaml', '--model', 'm.json', '-f', 'json'], dir);
    expect(r.status).toBe(0);
    const methods = new Set((JSON.parse(r.stdout) as { method: string }[]).map((s) => s.method));
    expect(methods.has('model')).toBe(true);
  }, 60_000);

  it('refuses a model with classifiers for codes the codebook does not have', async () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    await qeval(['train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', 'm.json', '--folds', '4', '--min-positives', '4'], dir);
    writeFileSync(path.join(dir, 'renamed.yaml'), CODEBOOK.replace('weakness.resources', 'weakness.funding'));
    const r = await qeval(['code', 'new.md', '-c', 'renamed.yaml', '--model', 'm.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: m\.json: the model has classifiers for codes the codebook does not have \(weakness\.resources\)/);
  });
});

describe('qeval train --jobs', () => {
  it('the real binary gives the same model bytes with worker threads as without', () => {
    const dir = study();
    const docs = Array.from({ length: 8 }, (_, i) => `doc-${i}.md`);
    const bin = path.resolve('bin/qeval.js');
    const train = (jobs: string, out: string, ...more: string[]) => spawnSync(process.execPath, [bin, 'train', 'coding.csv', ...docs, '-c', 'tiny.yaml', '-o', out, '--folds', '4', '--min-positives', '4', '--jobs', jobs, ...more], { cwd: dir, encoding: 'utf8' });
    expect(train('1', 'serial.json').stderr).toMatch(/in one thread/);
    expect(train('2', 'parallel.json').stderr).toMatch(/2 worker threads/);
    expect(readFileSync(path.join(dir, 'parallel.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'serial.json'), 'utf8'));
    // The nested cross-validation's figures too.
    expect(train('1', 'serial-cv.json', '--cv').status).toBe(0);
    expect(train('3', 'parallel-cv.json', '--cv').stderr).toMatch(/3 worker threads/);
    expect(readFileSync(path.join(dir, 'parallel-cv.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'serial-cv.json'), 'utf8'));
  }, 120_000);
});

describe('the bundled models', () => {
  it('warns when a --model given codes no document because the documents are in another language', async () => {
    const r = await qeval(['code', 'samples/interviews/01-atrama-director.md', '--model', 'models/swot.lt.json', '-f', 'json'], process.cwd());
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^qeval: warning: models\/swot\.lt\.json: the model is for documents in "lt" and coded none \(the documents are in en\)/m);
  }, 60_000);

  it('code the sample interviews by default: every segment is explained by a rule or by model features', async () => {
    const r = await qeval(['code', 'samples/interviews/10-policija-investigator.md', '-f', 'json'], process.cwd());
    expect(r.status).toBe(0);
    const segments = JSON.parse(r.stdout) as { method: string; rule: string | null; matched: string[]; probability?: number; features?: string[] }[];
    const methods = new Set(segments.map((s) => s.method));
    expect(methods.has('model') && methods.has('rule+model')).toBe(true);
    const byUnit = new Map<string, string[]>();
    for (const s of segments as unknown as { unit: string; code: string }[]) byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s.code]);
    for (const codes of byUnit.values()) for (const a of codes) expect(codes.some((b) => b.startsWith(`${a}.`)), `${a} beside one of its sub-codes`).toBe(false);
    for (const s of segments) {
      expect(['model', 'rule+model', 'rule']).toContain(s.method);
      if (s.method !== 'model') expect(s.rule).toBeTruthy();
      expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(s.features!.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
