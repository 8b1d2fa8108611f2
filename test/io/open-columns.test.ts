// Open-answer columns named by the user (--open-columns, a study's survey.open): which survey columns are coded, the check before a run, the cache fingerprint.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { planBatch } from '../../src/cli/batch.js';
import type { CliIO } from '../../src/cli/io.js';
import { collectColumns } from '../../src/cli/options.js';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { analysisFingerprint, type AnalysisSettings } from '../../src/io/analysis.js';
import { checkOpenColumns } from '../../src/io/read-documents.js';
import { namesColumn, readSurvey, surveyColumns } from '../../src/io/read-survey.js';
import { rejected, thrown } from '../thrown.js';
import { parseStudy } from '../../src/study/parse.js';

const BOOK = `codebook: t-lt
version: 1.0.0
language: lt
unit: sentence
codes:
  - { id: lack, label: Trūkumai, definition: d, rules: [{ any: ["trūksta", "nėra"] }] }
  - { id: police, label: Policija, definition: d, rules: [{ any: ["policij*"] }] }
`;
const book = compileCodebook(parseCodebook(BOOK, 't.yaml'));

/** A Lithuanian survey whose open column holds answers of two or three words. */
const LT = readFileSync('test/io/surveys/short-answers-lt.csv', 'utf8');

/** A Qualtrics export: question texts and import ids under the header; Q1 has short answers. */
const QUALTRICS = [
  'ResponseId,Q1,Q2',
  'Response ID,Kas trukdo darbui?,Organizacija',
  '{"ImportId":"_recordId"},{"ImportId":"QID1"},{"ImportId":"QID2"}',
  'R_1,Trūksta pinigų,Atrama',
  'R_2,Policija nebendradarbiauja,Caritas',
  '',
].join('\n');

const read = (csv: string, openColumns?: string[], id = 's.csv') => readSurvey(id, id, Buffer.from(csv), { cwd: '.', openColumns });

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-open-columns-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('readSurvey with open-answer columns named', () => {
  it('does not code a column of two- and three-word answers by itself: the survey has no open-answer column', () => {
    const e = thrown(() => read(LT));
    expect(e.code).toBe('SURVEY_NO_TEXT');
    // The message says what to do: name the column, with the column of words as the example.
    expect(e.message).toContain('--open-columns (e.g. --open-columns "problemos")');
    expect(e.message).toContain('survey: {open: [problemos]}');
  });

  it('codes exactly the columns named (case aside), the others become attributes', () => {
    const docs = read(LT, ['Problemos']);
    expect(docs.map((d) => d.regions!.map((r) => r.label))).toEqual([['problemos'], ['problemos'], ['problemos']]);
    expect(docs[1]!.attributes).toEqual({ kind: 'survey', language: 'lt', organizacija: 'Caritas', respondent: 'R2' });
    const segments = docs.flatMap((d) => codeDocument(book, d));
    expect(segments.map((s) => [s.document, s.code, s.text, s.speaker])).toEqual([
      ['s.csv#R1', 'lack', 'Trūksta pinigų', 'problemos'],
      ['s.csv#R2', 'police', 'Policija nebendradarbiauja', 'problemos'],
      ['s.csv#R3', 'lack', 'Nėra psichologo', 'problemos'],
    ]);
  });

  it('does not use the heuristic for a survey that has a column named: a column of sentences not named is an attribute', () => {
    const csv = 'id,problems,comment\n1,No money,The police never call us back when we need them.\n';
    expect(read(csv)[0]!.regions!.map((r) => r.label)).toEqual(['comment']);
    const [doc] = read(csv, ['problems']);
    expect(doc!.regions!.map((r) => r.label)).toEqual(['problems']);
    expect(doc!.attributes.comment).toBe('The police never call us back when we need them.');
  });

  it('finds a column by its question text, its header or its import id, without case, spaces, _ or -', () => {
    for (const name of ['Kas trukdo darbui?', 'kas  trukdo darbui?', 'q1', 'Q_1', 'QID1']) {
      expect(read(QUALTRICS, [name]).map((d) => d.regions!.map((r) => r.label)), name).toEqual([['Kas trukdo darbui?'], ['Kas trukdo darbui?']]);
    }
    expect(read(QUALTRICS, ['Kas trukdo darbui?'])[0]!.attributes.Q2).toBe('Atrama');
    expect(namesColumn('Kas trukdo', { name: 'Q1', label: 'Kas trukdo darbui?' })).toBe(false);
  });

  it('falls back to the columns of sentences in a survey that has none of the columns named', () => {
    const csv = 'id,comment\nA,The police never call us back when we need them.\n';
    expect(read(csv, ['problemos']).map((d) => d.regions!.map((r) => r.label))).toEqual([['comment']]);
    const e = thrown(() => read(LT.replace('problemos', 'kita'), ['problemos']));
    expect(e.code).toBe('SURVEY_NO_TEXT');
    expect(e.message).toContain('none is one of the columns named (problemos)');
  });

  it('never codes the respondent column, even when it is named', () => {
    expect(read(LT, ['problemos', 'respondent']).map((d) => d.regions!.map((r) => r.label))).toEqual([['problemos'], ['problemos'], ['problemos']]);
    expect(read('id,answer\n1,Trūksta pinigų\n', ['id', 'answer'])[0]!.regions!.map((r) => r.label)).toEqual(['answer']);
  });
});

describe('surveyColumns', () => {
  it('reads the columns from the header rows alone: names, question texts, import ids and the respondent column', () => {
    // A damaged row further down does not matter to the header.
    const columns = surveyColumns(Buffer.from(`${QUALTRICS}R_3,a,b,c,d\n`), 'q.csv');
    expect(columns).toEqual([
      { name: 'ResponseId', label: 'Response ID', importId: '_recordId', respondent: true },
      { name: 'Q1', label: 'Kas trukdo darbui?', importId: 'QID1', respondent: false },
      { name: 'Q2', label: 'Organizacija', importId: 'QID2', respondent: false },
    ]);
    expect(surveyColumns(Buffer.from('a;b;b\n1;2;3\n'), 'x.csv').map((c) => c.name)).toEqual(['a', 'b', 'b (2)']);
  });
});

describe('checkOpenColumns', () => {
  it('names a column no survey has, one error line per column, with the survey, its columns and the closest name', async () => {
    const dir = folder({ 'lt.csv': LT });
    const e = await rejected(checkOpenColumns([path.join(dir, 'lt.csv')], ['problemz', 'problemos', 'Q9'], { cwd: dir }));
    expect(e.list().map((x) => [x.code, x.format()])).toEqual([
      ['SURVEY_COLUMN_NOT_FOUND', 'lt.csv:1: --open-columns names "problemz", which is not a column of this survey: its columns are "language", "organizacija", "problemos"; did you mean "problemos"? (a column is named by its header or its question text)'],
      ['SURVEY_COLUMN_NOT_FOUND', 'lt.csv:1: --open-columns names "Q9", which is not a column of this survey: its columns are "language", "organizacija", "problemos" (a column is named by its header or its question text)'],
    ]);
    expect(e.status).toBe(2);
  });

  it('is content when some survey has each column, and warns of the surveys that have none (they fall back)', async () => {
    const dir = folder({ 'lt.csv': LT, 'q.csv': QUALTRICS, 'en.csv': 'id,comment\nA,The police never call us back.\n' });
    const files = ['en.csv', 'lt.csv', 'q.csv'].map((f) => path.join(dir, f));
    const found = await checkOpenColumns(files, ['problemos', 'kas trukdo darbui?'], { cwd: dir });
    expect(found.map((d) => [d.id, d.place.file])).toEqual([['SURVEY_OPEN_COLUMNS_ABSENT', 'en.csv']]);
    const e = await rejected(checkOpenColumns(files, ['problemos', 'Q7'], { cwd: dir, namedBy: (i) => `survey.open[${i + 1}]` }));
    expect(e.format()).toMatch(/^en\.csv, lt\.csv, q\.csv: survey\.open\[2\] names "Q7", which none of these 3 surveys has: their columns are "comment", "language", "organizacija", "problemos", "Q1" \("Kas trukdo darbui\?"\), "Q2" \("Organizacija"\)/);
    expect(e.list()).toHaveLength(1);
  });

  it('refuses the respondent column, and only warns when no survey is read at all', async () => {
    const dir = folder({ 'lt.csv': LT, 'q.csv': QUALTRICS, 'a.md': 'Trūksta pinigų.\n' });
    const e = await rejected(checkOpenColumns([path.join(dir, 'lt.csv')], ['Respondent'], { cwd: dir }));
    expect([e.code, e.format()]).toEqual(['SURVEY_COLUMN_IS_RESPONDENT', 'lt.csv:1: --open-columns names "Respondent", the respondent column: it names each row\'s document and is never coded; name the columns of answers']);
    expect((await rejected(checkOpenColumns([path.join(dir, 'q.csv')], ['Response ID'], { cwd: dir }))).code).toBe('SURVEY_COLUMN_IS_RESPONDENT');
    expect((await checkOpenColumns([path.join(dir, 'a.md')], ['problemos'], { cwd: dir })).map((d) => d.id)).toEqual(['OPEN_COLUMNS_UNUSED']);
  });
});

describe('the cache fingerprint', () => {
  const settings = (openColumns?: string[]): AnalysisSettings => ({ cwd: '/x', root: '/x', codebooks: [], model: false, code: {}, scores: false, ...(openColumns ? { openColumns } : {}) });

  it('changes with the columns named, not with how their names are written', async () => {
    const none = await analysisFingerprint(settings(), []);
    const problemos = await analysisFingerprint(settings(['problemos']), []);
    expect(problemos).not.toBe(none);
    expect(await analysisFingerprint(settings(['pastabos']), [])).not.toBe(problemos);
    expect(await analysisFingerprint(settings(['problemos', 'pastabos']), [])).not.toBe(problemos);
    expect(await analysisFingerprint(settings([' Problemos']), [])).toBe(problemos);
    expect(await analysisFingerprint(settings(['pastabos', 'problemos']), [])).toBe(await analysisFingerprint(settings(['problemos', 'pastabos']), []));
  });

  it('is changed by a column given on the command line (--open-columns reaches the settings every thread reads with)', async () => {
    const dir = folder({ 'lt.csv': LT.replace('organizacija', 'pastabos'), 'book.yaml': BOOK });
    const io: CliIO = { stdout: { write: () => true, isTTY: false }, stderr: { write: () => true, isTTY: false }, stdin: Readable.from([]), cwd: dir, env: {} };
    const plan = async (value?: string) => planBatch(io, ['lt.csv'], { codebook: ['book.yaml'], model: false, cache: '.cache', ...(value ? { openColumns: collectColumns(value, undefined) } : {}) }, { scores: false });
    const problemos = await plan('problemos');
    expect(problemos.settings.openColumns).toEqual(['problemos']);
    const fingerprint = problemos.settings.cache!.fingerprint;
    expect((await plan()).settings.cache!.fingerprint).not.toBe(fingerprint);
    expect((await plan('pastabos')).settings.cache!.fingerprint).not.toBe(fingerprint);
    expect((await plan('PROBLEMOS')).settings.cache!.fingerprint).toBe(fingerprint);
  });
});

describe('--open-columns values', () => {
  it('are comma-separated names, trimmed; a name with a comma is quoted; the option repeats', () => {
    expect(collectColumns('strengths, weaknesses,Q7', undefined)).toEqual(['strengths', 'weaknesses', 'Q7']);
    expect(collectColumns('a,"Why, if so?", "He said ""no"""', ['x'])).toEqual(['x', 'a', 'Why, if so?', 'He said "no"']);
    expect(thrown(() => collectColumns(' , ', undefined)).code).toBe('BAD_OPTION');
    expect(thrown(() => collectColumns('"open', undefined)).message).toContain('a quote is not closed');
  });
});

describe('the study key survey.open', () => {
  it('gives the open-answer columns; none by default', () => {
    expect(parseStudy('title: T\nsources: [s.csv]\nsurvey:\n  open: [problemos, "Kas trukdo darbui?"]\n', 'qeval.yaml').openColumns).toEqual(['problemos', 'Kas trukdo darbui?']);
    expect(parseStudy('title: T\nsources: [s.csv]\n', 'qeval.yaml').openColumns).toEqual([]);
  });

  it.each([
    ['survey:\n  open: problemos\n', 'qeval.yaml:4:9: survey.open: "open" must be an array'],
    ['survey:\n  open: []\n', 'qeval.yaml:4:9: survey.open: "open" needs at least 1 item, not 0'],
    ['survey:\n  open: [a, ""]\n', 'qeval.yaml:4:13: survey.open[2]: value must not be empty'],
    ['survey:\n  opne: [a]\n', 'qeval.yaml:4:3: unknown key "opne"; did you mean "open"?'],
  ])('%j is refused at its line: %s', (text, expected) => {
    expect(thrown(() => parseStudy(`title: T\nsources: [s.csv]\n${text}`, 'qeval.yaml')).format()).toBe(expected);
  });
});
