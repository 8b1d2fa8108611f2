// `qeval swot` and `qeval report` end to end: inputs as segments files or documents, formats, colour, errors.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { segmentFormatters } from '../../src/render/segments.js';
import { documents, organizations, segments } from './fixtures/study.js';
import { makeStudy } from './fixtures/make-study.js';
import { runCli } from './harness.js';

const CODEBOOK = path.resolve('test/report/fixtures/codebook.en.yaml');
const CODEBOOK_LT = path.resolve('test/report/fixtures/codebook.lt.yaml');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'qeval-cli-'));
  writeFileSync(path.join(dir, 'segments.json'), segmentFormatters.json(segments));
  writeFileSync(path.join(dir, 'segments.csv'), segmentFormatters.csv(segments, {}));
  const keys = ['organization', 'kind', 'role', 'language', 'title', 'date'];
  const q = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(path.join(dir, 'attributes.csv'), `document,${keys.join(',')}\n${documents.map((d) => [d.id, ...keys.map((k) => d.attributes[k] ?? '')].map(q).join(',')).join('\n')}\n`);
  const orgKeys = ['name', 'org_type', 'city', 'founded', 'services'];
  writeFileSync(path.join(dir, 'organizations.csv'), `organization,${orgKeys.join(',')}\n${organizations.map((o) => [o.id, ...orgKeys.map((k) => o.attributes[k] ?? '')].map(q).join(',')).join('\n')}\n`);
});

const base = () => ['-c', CODEBOOK, '-c', CODEBOOK_LT, '-a', 'attributes.csv'];
/** The warning for the fixture's document coded without segments: a segments file cannot show it, so it is not counted. */
const EMPTY_ROW = 'qeval: warning: attributes.csv: 1 row names no document of the segments read (e.g. "interviews/beta-empty.md"): left out, not counted as analysed; a segments file names only documents with coded segments, so a document coded without any is counted only when its text is read\n';

describe('qeval swot', () => {
  test('a segments file gives the terminal grid on stdout, without colour when stdout is not a terminal', async () => {
    const r = await runCli(['swot', 'segments.json', ...base()], dir);
    expect(r.status).toBe(0);
    // The attributes CSV's row for a document without segments names no document the segments show.
    expect(r.stderr).toBe(EMPTY_ROW);
    expect(r.stdout).toContain('SWOT summary: Overall');
    expect(r.stdout).toContain('Strengths (n = 4; documents: 2)');
    expect(r.stdout).toContain('┌');
    expect(r.stdout).not.toContain('\u001b[');
  });

  test('colour on a terminal, none with NO_COLOR', async () => {
    expect((await runCli(['swot', 'segments.json', ...base()], dir, { tty: true })).stdout).toContain('\u001b[');
    expect((await runCli(['swot', 'segments.json', ...base()], dir, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  test('--by organization adds one grid per organization, named from --organizations', async () => {
    const r = await runCli(['swot', 'segments.csv', ...base(), '--by', 'organization', '--organizations', 'organizations.csv'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SWOT summary: organization: Alpha Crisis Centre');
    expect(r.stdout).toContain('SWOT summary: organization: Beta County Police, Anti-Trafficking Unit');
    expect(r.stdout).toContain('SWOT summary: organization: not set');
  });

  test('--format json is plain JSON on stdout; --top limits quotes', async () => {
    const r = await runCli(['swot', 'segments.json', ...base(), '--format', 'json', '--top', '1'], dir);
    const data = JSON.parse(r.stdout) as { kind: string; overall: { quadrants: { quadrant: string; count: number; quotes: unknown[] }[] } };
    expect(data.kind).toBe('swot');
    expect(data.overall.quadrants.map((q) => [q.quadrant, q.count, q.quotes.length])).toEqual([['strength', 4, 1], ['weakness', 3, 1], ['opportunity', 1, 1], ['threat', 2, 1]]);
  });

  test('-o picks the format from the extension and writes nothing to stdout; --lang lt', async () => {
    const r = await runCli(['swot', 'segments.json', ...base(), '--lang', 'lt', '-o', 'out/swot.html'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(path.join(dir, 'out/swot.html'), 'utf8');
    expect(html).toContain('<html lang="lt">');
    expect(html).toContain('SSGG suvestinė');
  });

  test('evidence given more than once (a document, and its segments file twice) counts once, with one warning', async () => {
    const study = makeStudy();
    const cb = ['-c', CODEBOOK, '-c', CODEBOOK_LT];
    expect((await runCli(['code', 'interviews/a.md', ...cb, '-f', 'json', '-o', 'one.json'], study)).status).toBe(0);
    const n = (JSON.parse(readFileSync(path.join(study, 'one.json'), 'utf8')) as unknown[]).length;
    expect(n).toBeGreaterThan(0);
    const once = await runCli(['swot', 'interviews/a.md', ...cb, '--format', 'json'], study);
    const thrice = await runCli(['swot', 'interviews/a.md', 'one.json', 'one.json', ...cb, '--format', 'json'], study);
    expect(thrice.status).toBe(0);
    expect(thrice.stdout).toBe(once.stdout);
    expect(thrice.stderr.match(/duplicate segment/g)).toHaveLength(1);
    expect(thrice.stderr).toContain(`qeval: warning: dropped ${2 * n} duplicate segments (same document, code, start, end and coder)`);
    expect(once.stderr).not.toContain('duplicate');
  });

  test('documents are coded on the fly', async () => {
    const study = makeStudy();
    const r = await runCli(['swot', 'interviews', '-c', CODEBOOK, '-c', CODEBOOK_LT, '--format', 'md'], study);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# SWOT summary');
    expect(r.stdout).toMatch(/\| Trust \| 2 \| 2 \|/);
  });

  test('bad options are usage errors (exit 2), one line each', async () => {
    for (const [args, message] of [
      [['--top', '0'], 'qeval: --top must be a whole number from 1 to 50, not "0"\n'],
      [['--lang', 'de'], 'qeval: unknown report language "de"; use en, lt\n'],
    ] as const) {
      const r = await runCli(['swot', 'segments.json', ...base(), ...args], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(message);
    }
    const missing = await runCli(['swot', 'nope.json', ...base()], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('qeval: nope.json: no such file or directory\n');
  });
});

describe('qeval report', () => {
  test('writes the summary, a report per organization, the book, matrix CSVs and the network', async () => {
    const r = await runCli(['report', 'segments.json', ...base(), '--organizations', 'organizations.csv', '--by', 'organization', '-o', 'reports'], dir);
    expect(r.status).toBe(0);
    const files = readdirSync(path.join(dir, 'reports'), { recursive: true }).map(String).sort();
    expect(files).toEqual([
      // The list of files this run wrote, so that the next run into the folder can remove what it no longer writes.
      '.qeval-files',
      'evidence.html', 'evidence.md',
      'matrix-quotes.csv', 'matrix.csv', 'network.dot', 'organizations',
      'organizations/alpha.html', 'organizations/alpha.json', 'organizations/alpha.md',
      'organizations/beta.html', 'organizations/beta.json', 'organizations/beta.md',
      'report.html', 'report.md', 'summary.html', 'summary.json', 'summary.md',
    ]);
    // Like qeval run: the document outside every organization, the summary and the file to open first; every file only with --verbose.
    expect(r.stderr).toBe(
      EMPTY_ROW +
      'qeval: warning: 1 document has no "organization" attribute (documents/orphan.md): it counts in the overall figures, but in no "organization" group; documents read from segments files have only the attributes the attributes CSV (-a) gives them: add "organization" there, or report on the documents themselves\n' +
        '2 organization reports and the summary; wrote 16 files to reports\nopen first: reports/report.html\n',
    );
    const verbose = await runCli(['report', 'segments.json', ...base(), '--organizations', 'organizations.csv', '-o', 'reports', '--verbose'], dir);
    expect(verbose.stderr.split('\n')).toContain('reports/summary.md');
    expect(verbose.stderr).toMatch(/reports\/summary\.md\n(.*\n)*2 organization reports and the summary; wrote 16 files to reports\nopen first: reports\/report\.html\n$/);
    const quiet = await runCli(['report', 'segments.json', ...base(), '--organizations', 'organizations.csv', '-o', 'reports', '-q'], dir);
    expect(quiet.status).toBe(0);
    // Quiet keeps warnings.
    expect(quiet.stderr.slice(EMPTY_ROW.length)).toMatch(/^qeval: warning: 1 document has no "organization" attribute \(documents\/orphan\.md\): it counts in the overall figures[^\n]*\n$/);
    const dot = readFileSync(path.join(dir, 'reports/network.dot'), 'utf8');
    expect(dot).toContain('"org:alpha" -> "partner:networking.partner.police"');
  });

  test('--lang en,lt writes one folder per language; --format limits the formats', async () => {
    const r = await runCli(['report', 'segments.json', ...base(), '-o', 'both', '--lang', 'en,lt', '--format', 'md'], dir);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'both/en/summary.md'))).toBe(true);
    expect(readFileSync(path.join(dir, 'both/lt/summary.md'), 'utf8')).toContain('# Organizacijų suvestinė');
    expect(existsSync(path.join(dir, 'both/en/summary.html'))).toBe(false);
    expect(existsSync(path.join(dir, 'both/en/report.html'))).toBe(false);
    expect(existsSync(path.join(dir, 'both/en/report.docx'))).toBe(false);
  });

  test('--format docx writes the main report and its evidence as Word files', async () => {
    const r = await runCli(['report', 'segments.json', ...base(), '-o', 'word', '--format', 'docx'], dir);
    expect(r.status).toBe(0);
    const docx = readFileSync(path.join(dir, 'word/report.docx'));
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(existsSync(path.join(dir, 'word/evidence.docx'))).toBe(true);
    expect(existsSync(path.join(dir, 'word/report.html'))).toBe(false);
  });

  test('needs -o DIR, and documents with the grouping attribute', async () => {
    let r = await runCli(['report', 'segments.json', ...base()], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: qeval report writes several files: name an output folder with -o DIR\n');
    r = await runCli(['report', 'segments.json', '-c', CODEBOOK, '-o', 'x'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: warning: segments files carry no document attributes; pass --attributes CSV');
    expect(r.stderr).toContain('qeval: no document has the attribute "organization"');
    r = await runCli(['report', 'segments.json', ...base(), '-o', 'x', '--format', 'pdf'], dir);
    expect(r.stderr).toBe('qeval: unknown report format "pdf"; use a comma-separated list of md, html, json, docx\n');
  });
});
