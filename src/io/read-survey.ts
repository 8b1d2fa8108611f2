// The survey reader: a CSV of respondents -> one SourceDocument per row, open answers as turns.
import { QevalError } from '../model/errors.js';
import type { SourceDocument } from '../model/types.js';
import { parseCsv, type CsvTable } from './csv.js';
import { decodeBytes } from './decode.js';
import type { ReadOptions } from './read-documents.js';

const ID_COLUMNS = ['respondent', 'respondent_id', 'id', 'document'];

/**
 * A survey CSV: one document per row (`<file>#<row id>`), whose text is the row's open answers, each
 * as a `[column] answer` turn; the other columns become attributes.
 */
export function readSurvey(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  const table = parseCsv(text, id);
  const idColumn = ID_COLUMNS.find((c) => table.header.includes(c));
  const open = table.header.filter((h) => h !== idColumn && isOpenAnswerColumn(table, h));
  if (open.length === 0) throw new QevalError('SURVEY_NO_TEXT', 'no open-answer columns found (columns of sentences); qeval codes text', { file: id, line: 1, column: 1 });
  return table.rows.map((row, i) => {
    // Without a respondent/id column, rows are numbered (1 = the first row under the header).
    const rowId = (idColumn ? (row[idColumn] ?? '').trim() : '') || String(i + 1);
    const body = open.filter((h) => (row[h] ?? '').trim() !== '').map((h) => `[${h}] ${(row[h] ?? '').trim().replace(/\s*\n\s*/g, ' ')}`).join('\n\n');
    const attributes: Record<string, string> = { kind: 'survey' };
    for (const h of table.header) if (!open.includes(h) && h !== idColumn && (row[h] ?? '').trim() !== '') attributes[h] = (row[h] ?? '').trim();
    attributes.respondent = rowId;
    return { id: `${id}#${rowId}`, text: `${body}\n`, attributes, encoding, bodyStart: 0 };
  });
}

function isOpenAnswerColumn(table: CsvTable, column: string): boolean {
  const values = table.rows.map((r) => (r[column] ?? '').trim()).filter((v) => v !== '');
  if (values.length === 0) return false;
  const wordy = values.filter((v) => v.split(/\s+/).length >= 4).length;
  return wordy / values.length >= 0.5;
}
