// One pipeline for every coding command: findings gathered over a whole run, the same segments from `run` and `report`, the same bytes whatever --jobs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModels } from '../../src/io/load-model.js';
import { segmentFormatters } from '../../src/render/segments.js';
import { gatherEvidence } from '../../src/study/evidence.js';
import { runCli } from '../report/harness.js';

const bin = path.resolve('bin/qeval.js');
const spawn = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qeval-pipeline-'));

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Seven English files and one too short to tell, none with a language attribute. */
function unlabelledFolder(): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'docs'));
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) {
    writeFileSync(path.join(dir, 'docs', `${name}.txt`), 'The police and the crisis centre work well together, and the shelter helps the women find work.\n');
  }
  writeFileSync(path.join(dir, 'docs', 'short.txt'), 'Ok.\n');
  return dir;
}

const languageLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('qeval: warning: no language attribute'));

describe('language findings over a whole run', () => {
  const expected = [
    'qeval: warning: no language attribute: detected English (en) in 7 files: docs/a.txt, docs/b.txt, docs/c.txt, docs/d.txt, docs/e.txt and 2 more; give "language" in front matter or the attributes CSV to be sure',
    'qeval: warning: no language attribute, and too little text to tell the language of 1 file: docs/short.txt; they are coded with the first codebook\'s language; give "language" in front matter or the attributes CSV',
  ];

  test.each(['1', '2'])('qeval code --jobs %s names the language detected once for all files, not once per file', async (jobs) => {
    const dir = unlabelledFolder();
    const r = await runCli(['code', 'docs', '--no-model', '--jobs', jobs, '-q'], dir);
    expect(r.status).toBe(0);
    expect(languageLines(r.stderr)).toEqual(expected);
  });

  test('the same with worker threads (the compiled CLI)', { timeout: 120_000 }, () => {
    const dir = unlabelledFolder();
    const r = spawn(['code', 'docs', '--no-model', '--jobs', '2', '-q'], dir);
    expect(r.status).toBe(0);
    expect(languageLines(r.stderr)).toEqual(expected);
  });

  test('qeval swot words them the same way', async () => {
    const dir = unlabelledFolder();
    const r = await runCli(['swot', 'docs', '--no-model', '--format', 'json'], dir);
    expect(r.status).toBe(0);
    expect(languageLines(r.stderr)).toEqual(expected);
  });
});

describe('diagnostics as data', () => {
  test('the library gives findings with a stable id, a severity and a place, and names no command-line flag; the CLI adds the hints', async () => {
    const dir = unlabelledFolder();
    writeFileSync(path.join(dir, 'docs', 'coding.csv'), 'document,code\ndocs/a.txt,strength\n');
    writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization\ndocs/a.txt,alpha\ndocs/gone.txt,beta\n');
    const codebooks = [await loadCodebookFile(path.resolve('codebooks/swot.yaml'), 'swot.yaml')];
    const evidence = await gatherEvidence({ inputs: ['docs'], cwd: dir, codebooks, models: [], attributes: 'attributes.csv' });
    const found = evidence.diagnostics.map((d) => [d.id, d.severity, d.place.file]);
    expect(found).toEqual([
      ['NOT_A_SURVEY', 'warning', 'docs/coding.csv'],
      ['LANGUAGE_DETECTED', 'warning', undefined],
      ['LANGUAGE_UNKNOWN', 'warning', undefined],
      ['ATTRIBUTES_UNMATCHED', 'warning', 'attributes.csv'],
    ]);
    expect(evidence.diagnostics[1]!.data).toEqual({ language: 'en', files: ['docs/a.txt', 'docs/b.txt', 'docs/c.txt', 'docs/d.txt', 'docs/e.txt', 'docs/f.txt', 'docs/g.txt'] });
    for (const d of evidence.diagnostics) expect(d.message).not.toMatch(/(^|[\s(])--?[a-z]/);
    const cli = await runCli(['swot', 'docs', '-c', path.resolve('codebooks/swot.yaml'), '-a', 'attributes.csv', '--no-model'], dir);
    expect(cli.stderr).toContain('qeval: warning: docs/coding.csv: not read as a survey (it has a "document" column: an attributes, coding or segments CSV); name the file itself to code it as one\n');
    expect(cli.stderr).toContain('qeval: warning: attributes.csv: 1 row names no document read (e.g. "docs/gone.txt"); document ids are paths relative to --root\n');
  });
});

/** A study of three interviews, two organizations, with an attributes CSV. */
function study(): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'interviews'));
  const text = (org: string, n: number) => `---\nlanguage: en\n---\nInterviewer: How do you work with others?\n\nR1: The police call us when they find a victim, and we meet them every month under our agreement. There is not enough funding and the staff is overloaded. The municipality could give us a flat for the women. Some officers still blame the women. (${org} ${n})\n`;
  writeFileSync(path.join(dir, 'interviews', 'a1.md'), text('alpha', 1));
  writeFileSync(path.join(dir, 'interviews', 'a2.md'), text('alpha', 2));
  writeFileSync(path.join(dir, 'interviews', 'b1.md'), text('beta', 1));
  writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization\ninterviews/a1.md,alpha\ninterviews/a2.md,alpha\ninterviews/b1.md,beta\n');
  writeFileSync(path.join(dir, 'qeval.yaml'), 'title: T\nsources: [interviews]\nattributes: attributes.csv\nlang: [en]\nformats: [json]\noutput: out\n');
  return dir;
}

describe('run and report share one coding path', () => {
  test('qeval run and qeval report on the same inputs give the same segments and the same summary', async () => {
    const dir = study();
    const run = await runCli(['run', '--no-grid'], dir);
    expect(run.status).toBe(0);
    const report = await runCli(['report', 'interviews', '-a', 'attributes.csv', '--format', 'json', '--title', 'T', '-o', 'report'], dir);
    expect(report.status).toBe(0);
    const swot = await runCli(['swot', 'interviews', '-a', 'attributes.csv', '--by', 'organization', '--format', 'json'], dir);
    expect(swot.status).toBe(0);
    const runSegments = JSON.parse(readFileSync(path.join(dir, 'out', 'segments.json'), 'utf8')) as unknown[];
    expect(runSegments.length).toBeGreaterThan(3);
    const summary = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
    expect(summary(path.join(dir, 'out', 'en', 'summary.json'))).toEqual(summary(path.join(dir, 'report', 'summary.json')));
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'en', 'swot.json'), 'utf8'))).toEqual(JSON.parse(swot.stdout));
    // The evidence report and swot gather is, segment for segment, what run wrote.
    const codebooks = await Promise.all(['swot.yaml', 'swot.lt.yaml'].map((f) => loadCodebookFile(path.resolve('codebooks', f), path.relative(dir, path.resolve('codebooks', f)))));
    const evidence = await gatherEvidence({ inputs: ['interviews'], cwd: dir, codebooks, models: await loadModels(dir, codebooks, undefined), attributes: 'attributes.csv' });
    expect(segmentFormatters.json(evidence.segments)).toBe(readFileSync(path.join(dir, 'out', 'segments.json'), 'utf8'));
  });
});

describe('report from a segments file', () => {
  test('tells the documents, their attributes and the model as run does: rows naming no coded document are left out, a survey file\'s row applies to its respondents', { timeout: 120_000 }, async () => {
    const dir = study();
    writeFileSync(path.join(dir, 'survey.csv'), 'respondent,organization,strengths\nS01,alpha,"The police call us every week and we trust them."\nS02,beta,"Our staff understand the women and keep everything confidential."\n');
    // A file-level row (language for every respondent) and a row for a document the run did not code.
    writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization,language\ninterviews/a1.md,alpha,en\ninterviews/a2.md,alpha,en\ninterviews/b1.md,beta,en\nsurvey.csv,,en\ninterviews/never-coded.md,gamma,en\n');
    writeFileSync(path.join(dir, 'qeval.yaml'), 'title: T\nsources: [interviews, survey.csv]\nattributes: attributes.csv\nlang: [en]\nformats: [json, md]\noutput: out\n');
    const run = await runCli(['run', '--no-grid'], dir);
    expect(run.status).toBe(0);
    const report = await runCli(['report', 'out/segments.json', '-a', 'attributes.csv', '--format', 'json,md', '--title', 'T', '-o', 'report'], dir);
    expect(report.status).toBe(0);
    expect(report.stderr).toContain('attributes.csv: 1 row names no document of the segments read (e.g. "interviews/never-coded.md"): left out, not counted as analysed');
    const summary = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { method: { documents: number; models: unknown[]; methods: { value: string }[] }; documents?: unknown };
    const fromRun = summary('out/en/summary.json');
    const fromSegments = summary('report/summary.json');
    // The run coded 5 documents (3 interviews, 2 respondents); the row for a document never coded is none of them.
    expect(fromSegments.method.documents).toBe(fromRun.method.documents);
    expect(fromRun.method.documents).toBe(5);
    expect(fromRun.method.methods.some((m) => m.value === 'model' || m.value === 'rule+model')).toBe(true);
    // The segments do not name the model's file, but they say a model coded them: the report does not say "rules alone".
    const md = readFileSync(path.join(dir, 'report/report.md'), 'utf8');
    expect(md).toContain('by their rules and a trained model (the segments do not record its file)');
    expect(md).not.toContain('rules alone');
    // The survey file's row gives each respondent its language, as when the survey is read.
    const codebooks = [await loadCodebookFile(path.resolve('codebooks/swot.yaml'), 'swot.yaml')];
    const evidence = await gatherEvidence({ inputs: ['out/segments.json'], cwd: dir, codebooks, models: [], attributes: 'attributes.csv' });
    expect(evidence.documents.map((d) => [d.id, d.attributes.language])).toEqual([
      ['interviews/a1.md', 'en'],
      ['interviews/a2.md', 'en'],
      ['interviews/b1.md', 'en'],
      ['survey.csv#S01', 'en'],
      ['survey.csv#S02', 'en'],
    ]);
    // Given the model, the report names it as run does.
    const named = await runCli(['report', 'out/segments.json', '-a', 'attributes.csv', '--model', path.resolve('models/swot.en.json'), '--format', 'md', '--title', 'T', '-o', 'named'], dir);
    expect(named.status).toBe(0);
    expect(readFileSync(path.join(dir, 'named/report.md'), 'utf8')).toContain('trained models (swot.en.json)');
  });
});

describe('the same bytes whatever --jobs', { timeout: 240_000 }, () => {
  test('qeval run, report and swot with --jobs 2 (worker threads) write what --jobs 1 writes', () => {
    const dir = study();
    for (const jobs of ['1', '2']) {
      expect(spawn(['run', '--no-grid', '--jobs', jobs, '-o', `run-${jobs}`], dir).status).toBe(0);
      expect(spawn(['report', 'interviews', '-a', 'attributes.csv', '--jobs', jobs, '-o', `report-${jobs}`], dir).status).toBe(0);
      expect(spawn(['swot', 'interviews', '-a', 'attributes.csv', '--by', 'organization', '--format', 'md', '--jobs', jobs, '-o', `swot-${jobs}.md`], dir).status).toBe(0);
    }
    for (const kind of ['run', 'report']) {
      const files = listFiles(path.join(dir, `${kind}-1`));
      expect(files.length).toBeGreaterThan(2);
      expect(listFiles(path.join(dir, `${kind}-2`))).toEqual(files);
      for (const f of files) expect(readFileSync(path.join(dir, `${kind}-2`, f)).equals(readFileSync(path.join(dir, `${kind}-1`, f))), `${kind}/${f}`).toBe(true);
    }
    expect(readFileSync(path.join(dir, 'swot-2.md'), 'utf8')).toBe(readFileSync(path.join(dir, 'swot-1.md'), 'utf8'));
  });
});
