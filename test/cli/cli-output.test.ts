// What code, score and swot write where: the format the -o extension names, --by attributes no document has, the score table's columns.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scoreFormatters } from '../../src/render/scores.js';
import { emptyMeasures, scoreScheme, type ScoreRow } from '../../src/aggregate/scores.js';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { runCli, runCliWithoutLanguageNotes } from '../report/harness.js';

const run = (args: string[], cwd: string) => runCliWithoutLanguageNotes(args, cwd);

const BOOK = `codebook: mini
version: 1.0.0
language: en
unit: sentence
codes:
  - { id: strength, label: Strength, definition: d, rules: [{ any: [trust, trusted] }] }
  - { id: weakness, label: Weakness, definition: d, rules: [{ any: [problem, problems] }] }
  - { id: opportunity, label: Opportunity, definition: d, rules: [{ any: [chance] }] }
  - { id: threat, label: Threat, definition: d, rules: [{ any: [danger] }] }
  - id: barriers
    label: Barriers
    definition: d
    codes:
      - { id: barriers.referral, label: Referral, definition: d, rules: [{ any: [referred] }] }
indices:
  - { id: net, label: Net balance, of: count, weights: { strength: 1, weakness: -1 }, over: [strength, weakness] }
  - { id: barrier-density, label: Barriers per 1000 words, weights: { barriers: 1 } }
  - { id: other-one, label: Other, weights: { strength: 1 } }
  - { id: other-two, label: Other, weights: { weakness: 1 } }
  - { id: other-three, label: Other, weights: { opportunity: 1 } }
  - { id: other-four, label: Other, weights: { threat: 1 } }
flags:
  - { id: no-referral-evidence-at-all, label: No referral, when: [{ code: barriers.referral, max: 0 }] }
  - { id: weak-and-threatened-organization, label: Weak, when: [{ index: net, max: 0 }] }
`;

function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-out-'));
  writeFileSync(path.join(dir, 'book.yaml'), BOOK);
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'docs/a.md'), '---\norganization: north\nlanguage: en\n---\nWe trust the police. The police have problems. Nobody was referred.\n');
  writeFileSync(path.join(dir, 'docs/b.md'), '---\norganization: south\nlanguage: en\n---\nPeople trusted us. There is a chance of danger.\n');
  return dir;
}

const rest = ['docs', '-c', 'book.yaml', '--no-model'];

describe('-o names the format (code, score, swot)', () => {
  for (const [command, file, check] of [
    ['code', 'x2.json', (s: string) => expect(Array.isArray(JSON.parse(s))).toBe(true)],
    ['code', 'x2.ndjson', (s: string) => s.trim().split('\n').forEach((l) => expect(JSON.parse(l)).toHaveProperty('code'))],
    ['code', 'x2.csv', (s: string) => expect(s.startsWith('document,code,')).toBe(true)],
    ['score', 'x.json', (s: string) => expect(JSON.parse(s)[0]).toHaveProperty('rank_by', 'net')],
    ['score', 'x.ndjson', (s: string) => expect(JSON.parse(s.split('\n')[0]!)).toHaveProperty('rank')],
    ['score', 'x.txt', (s: string) => expect(s).toContain('│ rank')],
    ['swot', 's.json', (s: string) => expect(JSON.parse(s)).toHaveProperty('overall')],
    ['swot', 's.md', (s: string) => expect(s).toMatch(/^<!-- qeval report -->\n#/)],
  ] as const) {
    it(`qeval ${command} -o ${file} without -f writes what the extension names`, async () => {
      const dir = corpus();
      const r = await run([command, ...rest, '-o', file], dir);
      expect(r.status, r.stderr).toBe(0);
      check(readFileSync(path.join(dir, file), 'utf8'));
    });
  }

  it('segments written by qeval code -o x.json are read back by qeval swot', async () => {
    const dir = corpus();
    expect((await run(['code', ...rest, '-o', 'x2.json'], dir)).status).toBe(0);
    const r = await run(['swot', 'x2.json', '-c', 'book.yaml', '-f', 'json'], dir);
    expect(r.status, r.stderr).toBe(0);
  });

  for (const [command, file, message] of [
    ['score', 'x.xlsx', 'qeval: x.xlsx: qeval score writes csv, ndjson, json or table; name the file .csv (it opens in Excel with --excel)\n'],
    ['code', 'x.xlsx', 'qeval: x.xlsx: qeval code writes csv, ndjson, json or table; name the file .csv (it opens in Excel with --excel)\n'],
    ['swot', 'swot.pdf', 'qeval: swot.pdf: qeval swot writes grid, md, html, json or docx; name the file .html and print it to PDF from a browser, or .docx\n'],
    ['score', 'x.md', 'qeval: x.md: qeval score writes csv, ndjson, json or table; name the file .csv (it opens in Excel with --excel)\n'],
  ] as const) {
    it(`qeval ${command} -o ${file} (a format it does not write) is refused in one line, exit 2, nothing written`, async () => {
      const dir = corpus();
      const r = await run([command, ...rest, '-o', file], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(message);
      expect(r.stdout).toBe('');
      expect(existsSync(path.join(dir, file))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['book.yaml', 'docs']);
    });
  }

  it('an -o extension that contradicts -f is refused', async () => {
    const dir = corpus();
    const r = await run(['code', ...rest, '-f', 'csv', '-o', 'x.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qeval: x.json: -f csv contradicts the .json extension; name the file .csv or leave out -f\n');
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
  });

  it('-o -, no -o and a file without an extension keep the default format; -f agreeing with the extension is fine', async () => {
    const dir = corpus();
    expect((await run(['score', ...rest, '-o', '-'], dir)).stdout).toMatch(/^rank:net,document,/);
    expect((await run(['score', ...rest], dir)).stdout).toMatch(/^rank:net,document,/);
    expect((await run(['score', ...rest, '-o', 'scores'], dir)).status).toBe(0);
    expect(readFileSync(path.join(dir, 'scores'), 'utf8')).toMatch(/^rank:net,document,/);
    expect((await run(['score', ...rest, '-f', 'json', '-o', 'y.JSON'], dir)).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'y.JSON'), 'utf8'))).toHaveLength(2);
  });
});

describe('--by an attribute no document has', () => {
  it('score refuses it with the sentence swot warns with, naming the attributes there are: a one-row ranking would be a wrong answer', async () => {
    const dir = corpus();
    const sentence = 'no document has the attribute "organisation" (the documents have "language", "organization"); check the spelling, or give it in front matter or with --attributes';
    const r = await run(['score', ...rest, '-q', '--by', 'organisation'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`qeval: --by organisation: ${sentence}\n`);
    const s = await run(['swot', ...rest, '--by', 'organisation'], dir);
    expect(s.stderr).toBe(`qeval: warning: ${sentence}\n`);
  });

  it('score does not warn when some documents have the attribute', async () => {
    const dir = corpus();
    const r = await run(['score', ...rest, '-q', '--by', 'organization'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('report refuses with the same sentence (there is nothing to report on)', async () => {
    const dir = corpus();
    const r = await run(['report', 'docs', '-c', 'book.yaml', '--no-model', '--by', 'organisation', '-o', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qeval: no document has the attribute "organisation" (the documents have "language", "organization"); check the spelling');
  });
});

describe('qeval score -f table', () => {
  async function table(sort: string | undefined, width: number, key = 'interviews/lt/18-alytus-misija-koordinatore.md') {
    const dir = corpus();
    const codebook = await loadCodebookFile(path.join(dir, 'book.yaml'), 'book.yaml');
    const scheme = scoreScheme([codebook]);
    const measures = { ...emptyMeasures(), words: 1000, counts: { barriers: 7, 'barriers.referral': 7, strength: 1, weakness: 3 } };
    const rows: ScoreRow[] = [{ key, title: '', language: 'en', measures, rank: 1 }];
    const text = scoreFormatters.table(rows, { scheme, flagLabels: new Map(), sort: sort ?? scheme.indices[0]!.id, ascending: false, width });
    return text.split('\n').filter((l) => l !== '');
  }

  it('shows the column it ranks by next to the rank, on 80 columns too', async () => {
    for (const width of [80, 120, 200]) {
      const lines = await table('barrier-density', width);
      const head = lines[1]!.split('│').map((c) => c.trim()).filter((c) => c !== '');
      expect(head.slice(0, 4)).toEqual(['rank', 'document', 'barrier-density', 'words']);
      expect(lines[3]).toContain('7 ');
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
    }
  });

  it('shows ids with wide characters whole, measured as a terminal shows them (no "…")', async () => {
    const key = 'odd/😀-ąžuolas-文件-ataskaita-2024-galutinė-versija.txt';
    for (const width of [60, 80]) {
      const lines = await table('barrier-density', width, key);
      expect(lines.join('\n')).not.toContain('…');
      expect(lines.slice(3, -1).map((l) => l.split('│')[2]!.trim()).join('')).toBe(key);
    }
  });

  it('fits a narrow terminal: words give way to the document and flags, no line is wider than the terminal', async () => {
    const key = 'interviews/lt/18-alytus-misija-koordinatore.md';
    for (const width of [60, 70]) {
      const lines = await table('barrier-density', width, key);
      const head = lines[1]!.split('│').map((c) => c.trim()).filter((c) => c !== '');
      expect(head.slice(0, 3)).toEqual(['rank', 'document', 'barrier-density']);
      if (width === 60) expect(head).not.toContain('words');
      expect(head[head.length - 1]).toBe('flags');
      for (const line of lines) expect([...line].length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(lines.slice(3, -1).map((l) => l.split('│')[2]!.trim()).join('')).toBe(key);
    }
  });

  it('never cuts a number or an index name: words in the millions and long index ids are shown whole', async () => {
    const dir = corpus();
    const codebook = await loadCodebookFile(path.join(dir, 'book.yaml'), 'book.yaml');
    const scheme = scoreScheme([codebook]);
    const measures = { ...emptyMeasures(), words: 2_211_372, counts: { barriers: 7, 'barriers.referral': 7, strength: 1, weakness: 3 } };
    const rows: ScoreRow[] = [{ key: 'huge.txt', title: '', language: 'en', measures, rank: 1 }];
    for (const width of [120, 200, 1000]) {
      const text = scoreFormatters.table(rows, { scheme, flagLabels: new Map(), sort: 'net', ascending: false, width });
      expect(text).not.toContain('…');
      expect(text).toContain(' 2211372 ');
      const head = text.split('\n')[1]!.split('│').map((c) => c.trim()).filter((c) => c !== '');
      for (const h of head.slice(4, -1)) expect(scheme.indices.map((ix) => ix.id)).toContain(h);
    }
  });

  it('names the group of documents without the --by attribute for it, apart from a group written "(none)"', async () => {
    const dir = corpus();
    const codebook = await loadCodebookFile(path.join(dir, 'book.yaml'), 'book.yaml');
    const scheme = scoreScheme([codebook]);
    const rows: ScoreRow[] = ['', '(none)'].map((key, i) => ({ key, title: '', language: '', measures: { ...emptyMeasures(), words: 100 }, rank: i + 1 }));
    const text = scoreFormatters.table(rows, { scheme, flagLabels: new Map(), sort: 'net', ascending: false, width: 120, by: 'region' });
    expect(text).toContain('(no region)');
    expect(text.match(/\(none\)/g)).toHaveLength(1);
  });

  it('shows document ids whole (broken across lines if need be), before giving flags room', async () => {
    const key = 'interviews/lt/18-alytus-misija-koordinatore-with-a-long-name.md';
    const lines = await table('net', 80, key);
    const cells = lines.slice(3, -1).map((l) => l.split('│')[2]!.trim()).join('');
    expect(cells).toContain(key);
    // The document column is wider than the flags column.
    const widths = lines[0]!.split('┬').map((c) => [...c].length);
    expect(widths[1]!).toBeGreaterThan(widths[widths.length - 1]!);
  });
});

describe('README on indices and flags', () => {
  it('states each bundled flag\'s condition as the codebook means it (qeval codebook show)', async () => {
    const { describeFlag } = await import('../../src/render/codebook.js');
    const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    for (const file of ['codebooks/swot.yaml', 'codebooks/swot.lt.yaml']) {
      const book = await loadCodebookFile(path.join(process.cwd(), file), file);
      for (const flag of book.spec.flags ?? []) expect(readme).toContain(`| \`${flag.id}\` | \`${describeFlag(flag)}\` |`);
    }
  });
});

describe('which segments score counts', () => {
  it('the segments qeval code writes, per top-level code with sub-codes (with the bundled model too)', async () => {
    const inputs = ['samples/interviews/01-atrama-director.md', 'samples/interviews/03-namu-sviesa-manager.md'];
    const coded = await run(['code', ...inputs, '-f', 'json', '-q'], process.cwd());
    const scored = await run(['score', ...inputs, '-f', 'json', '-q'], process.cwd());
    expect(coded.status).toBe(0);
    const segments = JSON.parse(coded.stdout) as { document: string; code: string }[];
    for (const row of JSON.parse(scored.stdout) as { document: string; segments: number; counts: Record<string, number> }[]) {
      const mine = segments.filter((s) => s.document === row.document);
      expect(row.segments).toBe(mine.length);
      for (const [code, n] of Object.entries(row.counts)) expect(n, code).toBe(mine.filter((s) => s.code === code || s.code.startsWith(`${code}.`)).length);
    }
  });
});

describe('--help says what each command reads and writes', () => {
  it('every command that codes documents lists every kind of file the readers table reads', async () => {
    const { readers } = await import('../../src/io/read-documents.js');
    for (const command of ['code', 'score', 'swot', 'report', 'run', 'export', 'terms', 'text']) {
      const help = (await runCli([command, '--help'], process.cwd())).stdout.replace(/\s+/g, ' ');
      for (const ext of Object.keys(readers)) expect(help, `${command}: ${ext}`).toContain(ext === '.csv' ? 'survey .csv' : `${ext},`);
    }
  });

  it('report and run name the main report, its evidence appendix and the Word files among what they write', async () => {
    for (const command of ['report', 'run']) {
      const help = (await runCli([command, '--help'], process.cwd())).stdout;
      for (const name of ['report.', 'evidence.', 'summary.', 'organizations/<id>.', 'matrix.csv', 'network.dot', 'docx', 'failures.csv', '--verbose']) expect(help, `${command}: ${name}`).toContain(name);
      expect(help).toMatch(/report\.\S*\s+.*main report/);
    }
  });

  it('code, score, swot and export say where their output goes', async () => {
    for (const command of ['code', 'score', 'swot', 'export']) {
      const help = (await runCli([command, '--help'], process.cwd())).stdout;
      expect(help, command).toMatch(/Writes .*(stdout|-o FILE)/);
    }
  });
});

describe('qeval report on stderr', () => {
  it('names the main report of the formats written (report.md when only Markdown)', async () => {
    const dir = corpus();
    const r = await run(['report', 'docs', '-c', 'book.yaml', '--no-model', '-o', 'out', '--format', 'md,json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^2 organization reports and the summary; wrote \d+ files to out\nopen first: out\/report\.md\n$/);
  });
});

describe('a document read from standard input', () => {
  it('guards the id "-" in CSV as the contract guards every cell starting with a minus, and it reads back as "-"', async () => {
    const dir = corpus();
    const r = await runCli(['code', '-', '-c', 'book.yaml', '--no-model', '-q'], dir, { stdin: '---\nlanguage: en\n---\nWe trust the police.\n' });
    expect(r.status, r.stderr).toBe(0);
    const [, row] = r.stdout.split('\r\n');
    expect(row!.startsWith("'-,strength,")).toBe(true);
    writeFileSync(path.join(dir, 'seg.csv'), r.stdout);
    const { readSegmentsFile } = await import('../../src/io/read-segments.js');
    const segments = await readSegmentsFile(path.join(dir, 'seg.csv'), 'seg.csv');
    expect(segments.map((x) => x.document)).toEqual(['-']);
  });
});

describe('--jobs above the cores', () => {
  it('warns once that it is more than the machine\'s cores (memory grows per thread), and the output is the same', async () => {
    const { availableParallelism } = await import('node:os');
    const dir = corpus();
    const n = availableParallelism() + 1;
    const one = await run(['score', ...rest, '-q'], dir);
    const many = await run(['score', ...rest, '-q', '--jobs', String(n)], dir);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(`qeval: warning: --jobs ${n} is more than this machine's ${n - 1} core${n - 1 === 1 ? '' : 's'}: the extra threads do not make it faster, and each one holds its own codebooks, model vocabularies and the document it codes (only the models' weights are shared), so memory grows with every thread; use --jobs ${n - 1} or fewer\n`);
    const swot = await run(['swot', ...rest, '--jobs', String(n)], dir);
    expect(swot.stderr.match(/more than this machine's/g)).toHaveLength(1);
    const fine = await run(['score', ...rest, '-q', '--jobs', String(n - 1)], dir);
    expect(fine.stderr).toBe('');
  });
});

describe('-o names the format of the other single-file commands too (kwic, terms, agree, codebook export)', () => {
  it('picks csv, html or json from the extension, and refuses an extension the command does not write', async () => {
    const dir = corpus();
    expect((await run(['kwic', 'trust', 'docs', '-o', 'k.html'], dir)).status).toBe(0);
    expect(readFileSync(path.join(dir, 'k.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect((await run(['terms', 'docs', '--lang', 'en', '-o', 't.csv'], dir)).status).toBe(0);
    expect(readFileSync(path.join(dir, 't.csv'), 'utf8')).toMatch(/^stem,count,documents,forms\r\n/);
    expect((await run(['codebook', 'export', 'book.yaml', '-o', 'b.json'], dir)).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8'))).toHaveProperty('codebook', 'mini');
    const refused = await run(['terms', 'docs', '--lang', 'en', '-o', 't.xlsx'], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('qeval: t.xlsx: qeval terms writes table or csv; name the file .csv\n');
    expect(existsSync(path.join(dir, 't.xlsx'))).toBe(false);
    const agree = await run(['agree', 'a.csv', 'b.csv', '-o', 'agree.pdf'], dir);
    expect(agree.stderr).toBe('qeval: agree.pdf: qeval agree writes table, csv, json or md; name the file .csv\n');
  });
});

describe('qeval export and the -o extension', () => {
  it('refuses a .zip (name it .qdpx) and a .qdpx with -f qdc, writing nothing', async () => {
    const dir = corpus();
    const zip = await run(['export', 'docs', '-c', 'book.yaml', '--no-model', '-o', 'study.zip'], dir);
    expect(zip.status).toBe(2);
    expect(zip.stderr).toBe('qeval: study.zip: qeval export writes qdpx or qdc; name the file .qdpx\n');
    const qdc = await run(['export', '-c', 'book.yaml', '-f', 'qdc', '-o', 'book.qdpx'], dir);
    expect(qdc.stderr).toBe('qeval: book.qdpx: -f qdc contradicts the .qdpx extension; name the file .qdc or leave out -f\n');
    expect(readdirSync(dir).sort()).toEqual(['book.yaml', 'docs']);
  });
});
