// The survey reader: a CSV of respondents -> one SourceDocument per row, whose answer cells are its content.
import { QevalError } from '../model/errors.js';
import type { SourceDocument, TextRegion } from '../model/types.js';
import { detectDelimiter, parseCsvRecords, scanCsv, type CsvRecord } from './csv.js';
import { decodeBytes } from './decode.js';
import type { ReadOptions } from './read-documents.js';

/**
 * Columns that name the respondent, compared without case, spaces, `_` and `-`, in order of
 * preference: `Respondent`, `respondent_id`, `ResponseId` (Qualtrics), `Respondent ID`
 * (SurveyMonkey), `participant`, `id`, `document`, and their Lithuanian names: `respondentas`,
 * `respondento_id`, `dalyvis`, `dalyvio_id`.
 */
const ID_COLUMNS = ['respondent', 'respondentid', 'responseid', 'participant', 'participantid', 'id', 'document', 'respondentas', 'respondentoid', 'dalyvis', 'dalyvioid'];
// Qualtrics writes a row of `{"ImportId":"QID1_TEXT"}` cells under the question texts.
const IMPORT_ID = /^\{\s*"ImportId"\s*:/;
// SurveyMonkey writes a row of answer kinds under the question texts.
const ANSWER_KINDS = new Set(['response', 'open-ended response', 'other (please specify)', 'comment', '']);

/** A column of the survey: its name in the header, a name unique in the file, and the label its answers are cited under. */
interface Column {
  index: number;
  /** The header cell, made unique (`Q1`, `Q1 (2)`; `column 7` for an empty one). */
  name: string;
  /** The question text when the export has a question row, else the name. */
  label: string;
  /** Qualtrics import id, when the export has that row (`QID1_TEXT`). */
  importId?: string;
}

/** How a survey's columns are laid out: the columns, the index of the first row of answers, and the respondent column. */
interface SurveyLayout {
  columns: Column[];
  /** Index into the records of the first row of answers (after the header and any rows that describe the columns). */
  first: number;
  idColumn: Column | undefined;
}

/**
 * The layout of a survey from its first records (the header, then at most two rows that describe
 * the columns: question texts, Qualtrics import ids, SurveyMonkey's answer kinds); records 0-3 are
 * all it looks at.
 */
function surveyLayout(records: readonly string[][]): SurveyLayout {
  const header = records[0] as string[];
  const columns: Column[] = uniqueNames(header).map((name, index) => ({ index, name, label: name }));
  let first = 1;
  // Rows under the header that describe the columns rather than answer them.
  for (let guard = 0; guard < 2 && first < records.length; guard++) {
    const row = records[first] as string[];
    if (isImportIdRow(row)) {
      columns.forEach((c) => {
        const m = /"ImportId"\s*:\s*"([^"]*)"/.exec(row[c.index] ?? '');
        if (m?.[1]) c.importId = m[1];
      });
    } else if (isAnswerKindRow(row)) {
      // The header holds the questions already; this row only says "Response" under each.
    } else if (isQuestionRow(header, row, records[first + 1])) {
      columns.forEach((c) => {
        const q = oneLine(row[c.index] ?? '');
        if (q !== '') c.label = q;
      });
    } else {
      break;
    }
    first++;
  }
  return { columns, first, idColumn: findIdColumn(columns) };
}

/** A survey column as open-answer columns named by the user are matched against it (see surveyColumns). */
export interface SurveyColumn {
  /** The header cell, made unique (`Q1`, `Q1 (2)`; `column 7` for an empty one). */
  name: string;
  /** The question text when the export has a question row, else the name. */
  label: string;
  /** Qualtrics import id, when the export has that row (`QID1_TEXT`). */
  importId?: string;
  /** The column names the respondent (it gives the rows' ids and is never an answer). */
  respondent: boolean;
}

/**
 * The columns of a survey CSV as its header rows give them (the column names, a question-text row,
 * an import-id row), reading no further than the first rows: what open-answer columns named with
 * `--open-columns` are checked against before a run. Throws QevalError as decoding and parsing do
 * (UNDECODABLE, BINARY_INPUT, CSV_SYNTAX, CSV_EMPTY ...), naming `id`.
 */
export function surveyColumns(bytes: Buffer, id: string, encoding?: string): SurveyColumn[] {
  const { text } = decodeBytes(bytes, id, encoding);
  const delimiter = detectDelimiter(text);
  // The header and the rows that may describe the columns: the records before the fifth.
  const cut = scanCsv(text, delimiter, 5)[4]?.start ?? text.length;
  const { records } = parseCsvRecords(text.slice(0, cut), id, delimiter);
  const { columns, idColumn } = surveyLayout(records);
  return columns.map((c) => ({ name: c.name, label: c.label, ...(c.importId ? { importId: c.importId } : {}), respondent: c === idColumn }));
}

/**
 * Whether `name`, as a user wrote it, names the column: its header, its question text or its
 * Qualtrics import id, compared as the respondent column is found (without case, spaces, `_`, `-`
 * and `.`): `strengths` names `Strengths`, `Q 7` names `q7`.
 */
export function namesColumn(name: string, column: Pick<SurveyColumn, 'name' | 'label' | 'importId'>): boolean {
  const want = squash(name);
  return want !== '' && (want === squash(column.name) || want === squash(column.label) || (column.importId !== undefined && want === squash(column.importId)));
}

/** Open-answer column names as they decide a result: compared as namesColumn compares them, without repeats, sorted (for fingerprints). */
export function openColumnsKey(names: readonly string[]): string[] {
  return [...new Set(names.map(squash).filter((n) => n !== ''))].sort();
}

/**
 * A survey CSV: one document per respondent row (`<file>#<respondent>`). Its `text` is the whole
 * decoded file and its `regions` are the row's open-answer cells, so segments cite the file's own
 * line and offsets, and the column (its question text, else its name) as the speaker. Header rows
 * (the column names, a question-text row, an import-id row) are never content. The open-answer
 * columns are those `options.openColumns` names (see namesColumn) when the file has any of them,
 * else the columns whose answers are sentences (isOpenAnswerColumn). Other columns become
 * attributes. The delimiter (`,` `;` tab) is detected. Throws QevalError (CSV_SYNTAX, CSV_WIDTH,
 * CSV_EMPTY, SURVEY_NO_ROWS (a header alone), SURVEY_NO_TEXT, UNDECODABLE ...) naming the file and line.
 */
export function readSurvey(_file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  const { records, lines, delimiter } = parseCsvRecords(text, id);
  const places = scanCsv(text, delimiter);
  const header = records[0] as string[];
  const { columns, first, idColumn } = surveyLayout(records);
  const rows = records.slice(first).map((cells, k) => ({ cells, line: lines[first + k] as number, place: places[first + k] as CsvRecord }));
  for (const r of rows) {
    if (r.cells.length > header.length) {
      throw new QevalError('CSV_WIDTH', `this row has ${r.cells.length} cells but the header has ${header.length}; check the delimiter ("${delimiter === '\t' ? 'tab' : delimiter}" was detected) and quote cells that contain it`, { file: id, line: r.line, column: 1 });
    }
  }
  // A header alone is no survey yet: scoring it would give nothing and say nothing.
  if (rows.length === 0) throw new QevalError('SURVEY_NO_ROWS', 'the survey has a header but no rows of answers', { file: id, line: 1, column: 1 });
  const valuesOf = (c: Column) => rows.map((r) => r.cells[c.index] ?? '');
  const wanted = options.openColumns ?? [];
  const named = columns.filter((c) => c !== idColumn && wanted.some((n) => namesColumn(n, c)));
  // A survey with none of the columns named (one of several surveys) falls back to the columns of sentences.
  const open = named.length > 0 ? named : columns.filter((c) => c !== idColumn && isOpenAnswerColumn(valuesOf(c), c));
  if (open.length === 0) throw noOpenColumns(id, columns, idColumn, wanted, valuesOf);
  // A respondent's row is a document of its own: two rows of one respondent would be one document given twice.
  const lineOf = new Map<string, number>();
  return rows.map((r, i) => {
    // Without a respondent/id column, rows are numbered (1 = the first row of answers).
    const rowId = (idColumn ? (r.cells[idColumn.index] ?? '').trim() : '') || String(i + 1);
    const before = lineOf.get(rowId);
    if (before !== undefined) {
      throw new QevalError('SURVEY_RESPONDENT_TWICE', `respondent "${rowId}" is on line ${before} and on this line: each row of answers needs a respondent id of its own`, { file: id, line: r.line, column: (idColumn?.index ?? 0) + 1 });
    }
    lineOf.set(rowId, r.line);
    const regions: TextRegion[] = [];
    for (const c of open) {
      const field = r.place.fields[c.index];
      if (!field || text.slice(field.start, field.end).trim() === '') continue;
      regions.push({ start: field.start, end: field.end, label: c.label });
    }
    const attributes: Record<string, string> = { kind: 'survey' };
    for (const c of columns) {
      const value = (r.cells[c.index] ?? '').trim();
      if (!open.includes(c) && c !== idColumn && value !== '') attributes[c.name] = value;
    }
    attributes.respondent = rowId;
    return { id: `${id}#${rowId}`, text, attributes, encoding, bodyStart: regions[0]?.start ?? r.place.start, regions };
  });
}

/**
 * The SURVEY_NO_TEXT error of a survey without open-answer columns: its columns, why none was
 * taken (none named in `wanted` is here, none has answers of sentences), and the fix: name them
 * with --open-columns, with the column holding the most answers in words as the example.
 */
function noOpenColumns(id: string, columns: readonly Column[], idColumn: Column | undefined, wanted: readonly string[], valuesOf: (c: Column) => string[]): QevalError {
  const others = columns.filter((c) => c !== idColumn);
  const shown = others.slice(0, 8).map((c) => `"${c.name}"`).join(', ') + (others.length > 8 ? ', ...' : '');
  const why = wanted.length > 0 ? `none is one of the columns named (${wanted.join(', ')}), and none has answers in sentences` : 'none has answers in sentences';
  // The example: the column with the most words in its answers (short answers are still words).
  let example: Column | undefined;
  let most = 0;
  for (const c of others) {
    const words = valuesOf(c).reduce((n, v) => n + (v.match(/\p{L}+/gu)?.length ?? 0), 0);
    if (words > most && !/[,"]/.test(c.name)) [example, most] = [c, words];
  }
  const fix = example
    ? `name the columns to code with --open-columns (e.g. --open-columns "${example.name}"), or in the study file with survey: {open: [${example.name}]}`
    : 'name the columns to code with --open-columns, or in the study file with survey: {open: [...]}';
  return new QevalError('SURVEY_NO_TEXT', `no open-answer columns among its ${columns.length} columns${others.length > 0 ? ` (${shown})` : ''}: ${why} (most filled cells four words or more); ${fix}`, { file: id, line: 1, column: 1 });
}

/** Header names made unique: a repeated name gets ` (2)`, ` (3)` ...; an empty one is `column <n>`. */
function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = oneLine(raw) || `column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function oneLine(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]+/gu, '');

function findIdColumn(columns: readonly Column[]): Column | undefined {
  for (const want of ID_COLUMNS) {
    const found = columns.find((c) => squash(c.name) === want || squash(c.label) === want);
    if (found) return found;
  }
  return undefined;
}

function isImportIdRow(row: readonly string[]): boolean {
  const filled = row.filter((c) => c.trim() !== '');
  return filled.length > 0 && filled.filter((c) => IMPORT_ID.test(c.trim())).length >= filled.length / 2;
}

/**
 * The row under the header holds question texts (Qualtrics) when an import-id row follows it, or
 * when cells repeat their column's name in words (`StartDate` over `Start Date`, `ResponseId` over
 * `Response ID`).
 */
function isQuestionRow(header: readonly string[], row: readonly string[], next: readonly string[] | undefined): boolean {
  if (next && isImportIdRow(next)) return true;
  return header.filter((h, i) => h.trim() !== '' && squash(h) === squash(row[i] ?? '')).length >= 2;
}

/** SurveyMonkey's second header row: `Response`, `Open-Ended Response` ... under the questions. */
function isAnswerKindRow(row: readonly string[]): boolean {
  return row.some((c) => /^(open-ended )?response$/i.test(c.trim())) && row.every((c) => ANSWER_KINDS.has(c.trim().toLowerCase()));
}

/** A column of answers in words: most filled cells have four words or more (or Qualtrics says it is a text entry). */
function isOpenAnswerColumn(values: readonly string[], column: Column): boolean {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length === 0) return false;
  const words = (v: string) => v.split(/\s+/u).length;
  // Qualtrics marks text entry with `_TEXT`; an "Other, please specify" box holds names ("Caritas"),
  // not sentences, so one such answer of three words or more makes the column open text.
  if (column.importId && /_TEXT$/i.test(column.importId)) return filled.some((v) => words(v) >= 3);
  const wordy = filled.filter((v) => words(v) >= 4).length;
  return wordy / filled.length >= 0.5;
}
