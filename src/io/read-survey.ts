// The survey reader: a CSV of respondents -> one SourceDocument per row, whose answer cells are its content.
import { QevalError } from '../model/errors.js';
import type { SourceDocument, TextRegion } from '../model/types.js';
import { parseCsvRecords, scanCsv, type CsvRecord } from './csv.js';
import { decodeBytes } from './decode.js';
import type { ReadOptions } from './read-documents.js';

/**
 * Columns that name the respondent, compared without case, spaces, `_` and `-`, in order of
 * preference: `Respondent`, `respondent_id`, `ResponseId` (Qualtrics), `Respondent ID`
 * (SurveyMonkey), `participant`, `id`, `document`.
 */
const ID_COLUMNS = ['respondent', 'respondentid', 'responseid', 'participant', 'participantid', 'id', 'document'];
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

/**
 * A survey CSV: one document per respondent row (`<file>#<respondent>`). Its `text` is the whole
 * decoded file and its `regions` are the row's open-answer cells, so segments cite the file's own
 * line and offsets, and the column (its question text, else its name) as the speaker. Header rows
 * (the column names, a question-text row, an import-id row) are never content. Other columns
 * become attributes. The delimiter (`,` `;` tab) is detected. Throws QevalError (CSV_SYNTAX,
 * CSV_EMPTY, SURVEY_NO_TEXT, UNDECODABLE ...) naming the file and line.
 */
export function readSurvey(_file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  const { records, lines, delimiter } = parseCsvRecords(text, id);
  const places = scanCsv(text, delimiter);
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
  const rows = records.slice(first).map((cells, k) => ({ cells, line: lines[first + k] as number, place: places[first + k] as CsvRecord }));
  for (const r of rows) {
    if (r.cells.length > header.length) {
      throw new QevalError('CSV_WIDTH', `this row has ${r.cells.length} cells but the header has ${header.length}; check the delimiter ("${delimiter === '\t' ? 'tab' : delimiter}" was detected) and quote cells that contain it`, { file: id, line: r.line, column: 1 });
    }
  }
  const idColumn = findIdColumn(columns);
  const open = columns.filter((c) => c !== idColumn && isOpenAnswerColumn(rows.map((r) => r.cells[c.index] ?? ''), c));
  if (open.length === 0) {
    throw new QevalError('SURVEY_NO_TEXT', `no open-answer columns found (columns whose answers are sentences) among ${columns.length} columns; qeval codes text`, { file: id, line: 1, column: 1 });
  }
  return rows.map((r, i) => {
    // Without a respondent/id column, rows are numbered (1 = the first row of answers).
    const rowId = (idColumn ? (r.cells[idColumn.index] ?? '').trim() : '') || String(i + 1);
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
