// The bundled sample study, run end to end as `npm start` does: every report, both languages, every code.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCodebook } from '../../src/codebook/load.js';

const out = mkdtempSync(path.join(tmpdir(), 'qeval-sample-'));
let run: { status: number | null; stdout: string; stderr: string };
const organizations = readFileSync('samples/organizations.csv', 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);

beforeAll(() => {
  const r = spawnSync(process.execPath, ['bin/qeval.js', 'run', 'samples/qeval.yaml', '-o', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
}, 120_000);

describe('sample study', { timeout: 120_000 }, () => {
  it('has 12 organizations, at least 16 English and 4 Lithuanian interviews, 6 documents and a survey', () => {
    expect(organizations).toHaveLength(12);
    const interviews = readdirSync('samples/interviews').filter((f) => f.endsWith('.md'));
    const lt = readdirSync('samples/interviews/lt').filter((f) => f.endsWith('.md'));
    expect(interviews.length).toBeGreaterThanOrEqual(16);
    expect(lt.length).toBeGreaterThanOrEqual(4);
    for (const f of interviews) {
      const words = readFileSync(`samples/interviews/${f}`, 'utf8').split(/\s+/).length;
      expect(words, f).toBeGreaterThanOrEqual(1500);
      expect(words, f).toBeLessThanOrEqual(4000);
    }
    expect(readdirSync('samples/documents').filter((f) => f.endsWith('.md')).length).toBeGreaterThanOrEqual(6);
    expect(existsSync('samples/survey.csv')).toBe(true);
  });

  it('runs, prints the SWOT grid on stdout and the main report to open on stderr (not every path)', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Strengths \(n = \d+/);
    expect(run.stdout).toMatch(/Threats \(n = \d+/);
    expect(run.stderr).toMatch(new RegExp(`open first: .*${path.basename(out)}/en/report\\.html\n`));
    expect(run.stderr).not.toContain(`${path.basename(out)}/en/summary.html`);
    expect(existsSync(path.join(out, 'en', 'report.docx'))).toBe(true);
  });

  it('opens every organization report with key findings, each claim citing a quote', () => {
    const absence = new Set(['swot.none', 'net.gap', 'net.noAgreement', 'net.none', 'att.none', 'svc.missing', 'svc.profileOnly', 'bar.none', 'low.omitted']);
    for (const org of organizations) {
      const report = JSON.parse(readFileSync(path.join(out, 'en', 'organizations', `${org}.json`), 'utf8')) as { findings: { key: string; quotes: unknown[] }[] };
      expect(report.findings.length, org).toBeGreaterThan(8);
      for (const f of report.findings) expect(f.quotes.length > 0, `${org}: ${f.key}`).toBe(!absence.has(f.key));
      const md = readFileSync(path.join(out, 'en', 'organizations', `${org}.md`), 'utf8');
      expect(md.split('\n').find((l) => l.startsWith('## ')), org).toBe('## Key findings');
    }
  });

  it('recommends differently where evidence differs, never against a profile, with the central recommendation for some', () => {
    const profiles = new Map(readFileSync('samples/organizations.csv', 'utf8').trim().split(/\r?\n/).slice(1).map((l) => [l.split(',')[0], l]));
    const sets = new Set<string>();
    const fired = new Map<string, string[]>();
    for (const org of organizations) {
      const report = JSON.parse(readFileSync(path.join(out, 'en', 'organizations', `${org}.json`), 'utf8')) as { recommendations: { id: string; triggered: boolean }[] };
      const ids = report.recommendations.filter((r) => r.triggered).map((r) => r.id);
      fired.set(org as string, ids);
      sets.add(ids.join(','));
    }
    expect(sets.size).toBeGreaterThanOrEqual(8);
    expect([...fired.values()].filter((ids) => ids.includes('formalize-collaboration')).length).toBeGreaterThan(0);
    expect(fired.get('ministerija')).not.toContain('multi-year-funding');
    expect(fired.get('policija')).not.toContain('staff-supervision');
    expect(fired.get('policija')).not.toContain('police-protocol');
    for (const [org, ids] of fired) {
      if (/counsel/i.test(profiles.get(org) ?? '')) expect(ids, org).not.toContain('psychosocial-level');
    }
  });

  it('writes no sentence with an empty list in the main report (e.g. a networking line with no collaboration counted)', () => {
    for (const lang of ['en', 'lt']) {
      const md = readFileSync(path.join(out, lang, 'report.md'), 'utf8');
      expect(md, lang).not.toMatch(/: {1,2}\((of|iš) \d/);
      expect(md, lang).not.toMatch(/:\s+;/);
    }
  });

  it('writes 12 organization reports and the summary in MD, HTML and JSON, in English and Lithuanian', () => {
    for (const lang of ['en', 'lt']) {
      for (const org of organizations) for (const ext of ['md', 'html', 'json']) expect(existsSync(path.join(out, lang, 'organizations', `${org}.${ext}`)), `${lang}/${org}.${ext}`).toBe(true);
      for (const ext of ['md', 'html', 'json']) expect(existsSync(path.join(out, lang, `summary.${ext}`))).toBe(true);
    }
    expect(readFileSync(path.join(out, 'lt', 'summary.html'), 'utf8')).toContain('<html lang="lt">');
  });

  it('codes Lithuanian interviews with the Lithuanian codebook and the rest with the English one', () => {
    const segments = JSON.parse(readFileSync(path.join(out, 'segments.json'), 'utf8')) as { document: string; coder: string }[];
    const coders = (prefix: string) => new Set(segments.filter((s) => s.document.startsWith(prefix)).map((s) => s.coder));
    const version = (file: string) => parseCodebook(readFileSync(file, 'utf8'), file).spec.version;
    expect(coders('interviews/lt/')).toEqual(new Set([`qeval swot-rehabilitation-lt@${version('codebooks/swot.lt.yaml')}`]));
    expect(coders('interviews/0')).toEqual(new Set([`qeval swot-rehabilitation@${version('codebooks/swot.yaml')}`]));
    expect(coders('survey.csv#')).toEqual(new Set([`qeval swot-rehabilitation@${version('codebooks/swot.yaml')}`]));
  });

  it('exercises every code of the bundled codebooks', () => {
    const segments = JSON.parse(readFileSync(path.join(out, 'segments.json'), 'utf8')) as { document: string; code: string }[];
    for (const [file, lt] of [['codebooks/swot.yaml', false], ['codebooks/swot.lt.yaml', true]] as const) {
      const book = parseCodebook(readFileSync(file, 'utf8'), file);
      const used = new Set(segments.filter((s) => s.document.startsWith('interviews/lt/') === lt).map((s) => s.code));
      const unused = book.codes.filter((c) => ![...used].some((u) => u === c.id || u.startsWith(`${c.id}.`))).map((c) => c.id);
      expect(unused, file).toEqual([]);
    }
  });
});
