// Survey CSVs: delimiters, extra header rows, id columns, duplicate columns, cells with line breaks, citations into the file.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { sliceCodePoints } from '../../src/engine/positions.js';
import { detectDelimiter, scanCsv } from '../../src/io/csv.js';
import { readSurvey } from '../../src/io/read-survey.js';
import { isQevalError } from '../../src/model/errors.js';
import { segmentSource } from '../../src/text/segment.js';

const book = compileCodebook(parseCodebook(`codebook: t\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: police\n    label: P\n    definition: d\n    rules:\n      - any: [police]\n  - id: trust\n    label: T\n    definition: d\n    rules:\n      - any: [trust]\n  - id: funding\n    label: F\n    definition: d\n    rules:\n      - any: [funding, money]\n  - id: question\n    label: Q\n    definition: d\n    rules:\n      - any: [works, missing, helps]\n`, 't.yaml'));
const survey = (csv: string, id = 's.csv') => readSurvey(id, id, Buffer.from(csv), { cwd: '.' });
const codeAll = (csv: string) => survey(csv).flatMap((d) => codeDocument(book, d));

describe('delimiters', () => {
  it('detects comma, semicolon and tab, quotes and all', () => {
    expect(detectDelimiter('a,b;c\n1,2;3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n"x, y";2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n"x; y, z"\t2\n')).toBe('\t');
    expect(detectDelimiter('answer\nWe help, a lot.\n')).toBe(',');
  });
  it('detects the delimiter of attributes and other CSVs too', async () => {
    const { parseCsv } = await import('../../src/io/csv.js');
    expect(parseCsv('document;organization;language\na.md;atrama;lt\n', 'a.csv').rows).toEqual([{ document: 'a.md', organization: 'atrama', language: 'lt' }]);
    expect(parseCsv('document,note\na.md,"x; y; z"\n', 'a.csv').rows).toEqual([{ document: 'a.md', note: 'x; y; z' }]);
  });
  it('reads a tab-separated survey and keeps two columns with the same question apart', () => {
    const docs = survey(readFileSync('test/io/surveys/tab-duplicate-questions.tsv.csv', 'utf8'));
    expect(docs.map((d) => d.id)).toEqual(['s.csv#7', 's.csv#8']);
    expect(docs[0]!.regions!.map((r) => r.label)).toEqual(['What works well?', 'What works well? (2)']);
    const segments = docs.flatMap((d) => codeDocument(book, d));
    expect(segments.filter((s) => s.code === 'trust').map((s) => [s.document, s.speaker])).toEqual([['s.csv#7', 'What works well? (2)'], ['s.csv#8', 'What works well? (2)']]);
  });
});

describe('header rows and id columns', () => {
  it('skips SurveyMonkey\'s answer-kind row, finds "Respondent ID" and names an empty header cell', () => {
    const docs = survey(readFileSync('test/io/surveys/surveymonkey.csv', 'utf8'));
    expect(docs.map((d) => d.attributes.respondent)).toEqual(['114001', '114002']);
    expect(docs[0]!.attributes).toMatchObject({ 'Collector ID': '4471', 'column 5': 'yes' });
    const segments = docs.flatMap((d) => codeDocument(book, d));
    // Neither the question texts nor "Open-Ended Response" are respondents' words.
    expect(segments.filter((s) => s.code === 'question')).toEqual([]);
  });
  it('finds id columns case-insensitively: respondent, RESPONDENT_ID, responseid', () => {
    for (const name of ['respondent', 'RESPONDENT_ID', 'responseid', 'Response Id']) {
      expect(survey(`${name},answer\nX9,We trust the team a lot.\n`).map((d) => d.id)).toEqual(['s.csv#X9']);
    }
  });
  it('finds Lithuanian id columns: respondentas, Respondento ID, dalyvis', () => {
    for (const name of ['respondentas', 'Respondento ID', 'dalyvis', 'dalyvio_id']) {
      expect(survey(`${name},atsakymas\nR7,Mes labai pasitikime komanda ir policija.\n`).map((d) => [d.id, d.attributes[name]])).toEqual([['s.csv#R7', undefined]]);
    }
  });
  it('numbers rows without an id column from the first answer row', () => {
    expect(survey('answer\nWe trust the team a lot.\nThe police never call us.\n').map((d) => d.id)).toEqual(['s.csv#1', 's.csv#2']);
  });
  it("takes a Qualtrics text-entry column of one-word answers (\"Other, please specify\") as an attribute, not as answers", () => {
    const csv = 'ResponseId,Q1,Q2_4_TEXT\nResponse ID,What works with the police?,Other partner - Text\n{"ImportId":"_recordId"},{"ImportId":"QID1_TEXT"},{"ImportId":"QID2_4_TEXT"}\nR_1,We trust the police unit a lot.,Caritas\nR_2,The police never call us back.,\n';
    const docs = survey(csv);
    expect(docs.map((d) => d.regions!.map((r) => r.label))).toEqual([['What works with the police?'], ['What works with the police?']]);
    expect(docs[0]!.attributes['Q2_4_TEXT']).toBe('Caritas');
    // The same column with a sentence in it is open text.
    expect(survey(csv.replace('Caritas', 'The parish helps with food.'))[0]!.regions!.map((r) => r.label)).toEqual(['What works with the police?', 'Other partner - Text']);
  });
  it('codes a column called "Q" as a respondent\'s answers, not as an interviewer', () => {
    expect(codeAll('id,Q\n1,The police call us at night.\n').map((s) => [s.code, s.speaker])).toEqual([['police', 'Q']]);
  });
});

describe('answers', () => {
  it('keeps line breaks inside a cell: each listed item is a sentence of its own', () => {
    const [doc] = survey(readFileSync('test/io/surveys/surveymonkey.csv', 'utf8'));
    const missing = segmentSource(doc!).sentence.filter((u) => u.speaker === 'What is missing?').map((u) => doc!.text.slice(u.start, u.end));
    expect(missing).toEqual(['police follow-up', 'funding for a psychologist', 'a lawyer']);
  });
  it('cites each answer at its place in the file, also after a cell with quotes and line breaks', () => {
    const csv = 'id,story,more\n1,"She said ""no""\nand left, the police came.","We trust them, the money is late."\n2,The police are far away from us.,\n';
    const segments = codeAll(csv);
    expect(segments.map((s) => [s.document, s.code, s.line])).toEqual([['s.csv#1', 'police', 3], ['s.csv#1', 'trust', 3], ['s.csv#1', 'funding', 3], ['s.csv#2', 'police', 4]]);
    for (const s of segments) expect(sliceCodePoints(csv, s.start, s.end)).toBe(s.text);
  });
  it('scans fields with their places, quoted or not', () => {
    const text = 'a,"b ""x""\ny",c\n\n1,2,3';
    const records = scanCsv(text, ',');
    expect(records.map((r) => r.fields.map((f) => text.slice(f.start, f.end)))).toEqual([['a', 'b ""x""\ny', 'c'], ['1', '2', '3']]);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });
  it('reports a row wider than the header with its line and the delimiter found', () => {
    try {
      survey('id;answer\n1;We trust the team a lot.;extra\n');
      expect.unreachable();
    } catch (e) {
      expect(isQevalError(e) && e.code).toBe('CSV_WIDTH');
      expect(isQevalError(e) && e.place).toMatchObject({ file: 's.csv', line: 2 });
    }
  });
});

describe('human coding of survey rows', () => {
  it('finds a coded text within its own row, not in another row of the same file', async () => {
    const { readHumanCoding } = await import('../../src/io/read-coding.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const csv = 'id,answer\n1,The police never call us back.\n2,The police never call us back.\n';
    const docs = survey(csv);
    const dir = mkdtempSync(path.join(tmpdir(), 'qeval-survey-coding-'));
    writeFileSync(path.join(dir, 'c.csv'), 'document,code,text\ns.csv#2,police,The police never call us back.\n');
    const { codes } = await readHumanCoding(path.join(dir, 'c.csv'), 'c.csv', docs, new Set(['police']));
    expect(codes).toEqual([{ document: 's.csv#2', code: 'police', start: csv.lastIndexOf('The police'), end: csv.lastIndexOf('The police') + 30 }]);
  });
});

describe('a survey with a header and no answers', () => {
  it('is refused at its header, with or without the open-answer columns named', () => {
    for (const openColumns of [undefined, ['strengths']]) {
      let error: unknown;
      try {
        readSurvey('h.csv', 'h.csv', Buffer.from('respondent,strengths,weaknesses\r\n'), openColumns ? { openColumns } : {});
      } catch (e) {
        error = e;
      }
      expect(isQevalError(error) && { code: error.code, message: error.message, place: error.place }).toEqual({ code: 'SURVEY_NO_ROWS', message: 'the survey has a header but no rows of answers', place: { file: 'h.csv', line: 1, column: 1 } });
    }
  });
});
