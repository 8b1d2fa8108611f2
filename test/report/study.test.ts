// The study file: parsed and checked with file:line:column errors, and `qeval run` end to end.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isQevalError, type QevalError } from '../../src/model/errors.js';
import { parseStudy } from '../../src/study/parse.js';
import { makeStudy } from './fixtures/make-study.js';
import { runCli } from './harness.js';

function errorsOf(text: string): string[] {
  try {
    parseStudy(text, 'qeval.yaml');
  } catch (e) {
    if (isQevalError(e)) return (e as QevalError).list().map((x) => x.format());
    throw e;
  }
  return [];
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('parseStudy', () => {
  test('the sample study file is valid and fills defaults', () => {
    const study = parseStudy(readFileSync('samples/qeval.yaml', 'utf8'), 'samples/qeval.yaml');
    expect(study).toMatchObject({
      sources: ['interviews/**/*.md', 'documents/*.md', 'survey.csv'],
      attributes: 'attributes.csv',
      organizations: 'organizations.csv',
      codebooks: [['en', '../codebooks/swot.yaml'], ['lt', '../codebooks/swot.lt.yaml']],
      unit: 'sentence',
      lang: ['en', 'lt'],
      output: '../out',
    });
    const minimal = parseStudy('title: T\nsources: [a.md]\n', 'x.yaml');
    expect(minimal).toMatchObject({ by: 'organization', lang: ['en'], formats: ['md', 'html', 'json'], top: 3, output: 'out', root: '.', codebook: null });
  });

  test.each([
    ['sources: [a.md]\n', ['qeval.yaml:1:1: missing required key "title"']],
    ['title: T\nsources: []\n', ['qeval.yaml:2:10: "sources" needs at least 1 item, not 0']],
    ['title: T\nsources: [a.md]\nlang: [en, de]\n', ['qeval.yaml:3:12: lang[2]: value must be one of en, lt']],
    ['title: T\nsources: [a.md]\noutputs: x\n', ['qeval.yaml:3:1: unknown key "outputs"; did you mean "output"?']],
    ['title: T\nsources: [a.md]\nunit: word\n', ['qeval.yaml:3:7: "unit" must be one of sentence, paragraph, turn']],
    ['title: T\nsources: [a.md]\ntop: 0\n', ['qeval.yaml:3:6: "top" must be >= 1']],
    ['title: T\nsources: [a.md]\ncodebooks:\n  English: x.yaml\n', ['qeval.yaml:4:3: codebooks: "English" is not a language code; key each codebook by the ISO 639 code of its documents\' language attribute (en, lt ...)']],
    ['title: [\n', ['qeval.yaml:2:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['- a\n', ['qeval.yaml:1:1: a study file is a YAML map with at least "title" and "sources"; see README, "Study file"']],
  ])('%j -> %j', (text, expected) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBe(expected[0]);
  });
});

describe('qeval run', () => {
  test('writes segments, SWOT, reports per organization per language and the summary; prints the grid and the main report', async () => {
    const dir = makeStudy();
    const r = await runCli(['run'], dir);
    expect(r.stderr).not.toContain('qeval:');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SWOT summary: Overall');
    expect(r.stdout).not.toContain('\u001b[');
    const files = listFiles(path.join(dir, 'out'));
    for (const lang of ['en', 'lt']) {
      for (const f of ['summary.md', 'summary.html', 'summary.json', 'swot.md', 'swot.html', 'swot.json', 'report.html', 'matrix.csv', 'matrix-quotes.csv', 'network.dot', 'organizations/alpha.md', 'organizations/alpha.html', 'organizations/alpha.json', 'organizations/beta.md', 'organizations/beta.html', 'organizations/beta.json']) {
        expect(files).toContain(`${lang}/${f}`);
      }
    }
    expect(files).toContain('segments.csv');
    expect(files).toContain('segments.json');
    // Only the file to open first, unless --verbose.
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('out/'))).toHaveLength(0);
    expect(r.stderr).toContain('open first: out/en/report.html\n');
    const verbose = await runCli(['run', '--verbose', '--no-grid'], dir);
    expect(verbose.stderr.trim().split('\n').filter((l) => l.startsWith('out/'))).toHaveLength(files.filter((f) => f !== '.qeval-files').length);
    expect(verbose.stdout).toBe('');
    const segments = JSON.parse(readFileSync(path.join(dir, 'out', 'segments.json'), 'utf8')) as { document: string; code: string }[];
    // The Lithuanian interview is coded with the Lithuanian codebook.
    expect(segments.filter((s) => s.document === 'interviews/b.md').map((s) => s.code)).toEqual(expect.arrayContaining(['barriers.fear', 'strength.trust', 'networking.partner.police', 'services.necessary']));
    const alpha = readFileSync(path.join(dir, 'out', 'en', 'organizations', 'alpha.md'), 'utf8');
    expect(alpha).toContain('# Alpha Crisis Centre: evaluation report');
    expect(alpha).toContain('Organization report of the study “Tiny study”');
    const ltAlpha = readFileSync(path.join(dir, 'out', 'lt', 'organizations', 'alpha.md'), 'utf8');
    expect(ltAlpha).toContain('Pasitikėjimas');
  });

  test('two runs write byte-identical files, also when run from another folder (with its model: test/learn/study-models)', async () => {
    const dir = makeStudy();
    expect((await runCli(['run', 'qeval.yaml', '-o', 'one'], dir)).status).toBe(0);
    // From the parent folder: the paths the reports name (models, sources) are the study's, not the shell's.
    const base = path.basename(dir);
    expect((await runCli(['run', `${base}/qeval.yaml`, '-o', `${base}/two`, '--no-grid'], path.dirname(dir))).status).toBe(0);
    const one = listFiles(path.join(dir, 'one'));
    expect(one).toEqual(listFiles(path.join(dir, 'two')));
    for (const f of one) expect(readFileSync(path.join(dir, 'two', f)), f).toEqual(readFileSync(path.join(dir, 'one', f)));
  });

  test('errors point into the study file and exit 2', async () => {
    const dir = makeStudy();
    writeFileSync(path.join(dir, 'bad.yaml'), 'title: T\nsources:\n  - interviews/*.md\n  - missing/*.txt\n');
    let r = await runCli(['run', 'bad.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: bad.yaml:4:5: sources[2] "missing/*.txt": no file matches this pattern (paths are relative to the study file\'s folder)\n');

    writeFileSync(path.join(dir, 'wrong-lang.yaml'), readFileSync(path.join(dir, 'qeval.yaml'), 'utf8').replace('  lt: ', '  de: '));
    r = await runCli(['run', 'wrong-lang.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: wrong-lang\.yaml:\d+:7: codebooks\.de names a codebook whose language is "lt"/);

    r = await runCli(['run', 'nothing.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: nothing.yaml: no study file here');

    // A `by` no document has (a misspelling) would write no organization report: refused at the key, naming the attributes there are.
    writeFileSync(path.join(dir, 'typo-by.yaml'), `${readFileSync(path.join(dir, 'qeval.yaml'), 'utf8').replace(/^by:.*\n/m, '')}by: organisation\n`);
    r = await runCli(['run', 'typo-by.yaml', '-o', 'out-typo', '--no-model'], dir);
    expect(r.stderr).toMatch(/^qeval: typo-by\.yaml:\d+:5: by: no document has the attribute "organisation" \(the documents have [^)]*"organization"[^)]*\); check the spelling/);
    expect(r.status).toBe(2);
    expect(readdirSync(dir)).not.toContain('out-typo');

    // A `by` that names something else than organizations (kind), with an organizations CSV none of whose ids it matches: refused at the key.
    writeFileSync(path.join(dir, 'kind-by.yaml'), `${readFileSync(path.join(dir, 'qeval.yaml'), 'utf8').replace(/^by:.*\n/m, '')}by: kind\n`);
    r = await runCli(['run', 'kind-by.yaml', '-o', 'out-kind', '--no-model'], dir);
    expect(r.stderr).toMatch(/^qeval: kind-by\.yaml:\d+:5: by: none of the values of "kind" \([^)]*interview[^)]*\) is an organization of organizations\.csv/);
    expect(r.status).toBe(2);
    expect(readdirSync(dir)).not.toContain('out-kind');

    // An encoding no decoder knows: one line at the key, before any source is read (it was one failure per file, the others' reports written).
    writeFileSync(path.join(dir, 'bad-encoding.yaml'), `${readFileSync(path.join(dir, 'qeval.yaml'), 'utf8')}encoding: klingon\n`);
    r = await runCli(['run', 'bad-encoding.yaml', '-o', 'out-enc'], dir);
    expect(r.stderr).toMatch(/^qeval: bad-encoding\.yaml:\d+:11: encoding: unknown encoding "klingon"; use e\.g\. utf-8, utf-16le, windows-1257, iso-8859-13\n$/);
    expect(r.status).toBe(2);
    expect(readdirSync(dir)).not.toContain('out-enc');
    for (const command of ['code', 'score', 'swot', 'report']) {
      const flagged = await runCli([command, 'interviews', '--encoding', 'klingon', '-o', `enc-${command}`], dir);
      expect(flagged.stderr, command).toBe('qeval: --encoding: unknown encoding "klingon"; use e.g. utf-8, utf-16le, windows-1257, iso-8859-13\n');
      expect(flagged.status, command).toBe(2);
      expect(readdirSync(dir).filter((f) => f.startsWith('enc-')), command).toEqual([]);
    }

    // A folder or a device where a file belongs is said as such, not as "not found"; a CSV given as the codebook is "not a codebook".
    writeFileSync(path.join(dir, 'folder-attr.yaml'), readFileSync(path.join(dir, 'qeval.yaml'), 'utf8').replace('attributes: attributes.csv', 'attributes: interviews'));
    r = await runCli(['run', 'folder-attr.yaml'], dir);
    expect(r.stderr).toBe('qeval: folder-attr.yaml:4:13: attributes CSV "interviews" is a folder; name the file in it\n');
    writeFileSync(path.join(dir, 'csv-codebook.yaml'), 'title: T\nsources: [interviews/*.md]\ncodebook: attributes.csv\n');
    r = await runCli(['run', 'csv-codebook.yaml', '-o', 'out-csv'], dir);
    expect(r.stderr).toBe('qeval: attributes.csv:1:1: not a codebook: a codebook is a YAML map with "codebook", "version", "language" and "codes" (see codebooks/swot.yaml)\n');
    expect(r.status).toBe(2);

    writeFileSync(path.join(dir, 'no-attr.yaml'), readFileSync(path.join(dir, 'qeval.yaml'), 'utf8').replace('attributes: attributes.csv', 'attributes: nope.csv'));
    r = await runCli(['run', 'no-attr.yaml'], dir);
    expect(r.stderr).toBe('qeval: no-attr.yaml:4:13: attributes CSV "nope.csv" not found (paths are relative to the study file\'s folder)\n');
  });
});
