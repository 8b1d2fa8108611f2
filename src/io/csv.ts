// CSV in: RFC 4180 parsing through papaparse (writing lives in render/csv.ts).
import Papa from 'papaparse';
import { QevalError } from '../model/errors.js';

export interface CsvTable {
  header: string[];
  rows: Record<string, string>[];
  /** 1-based line of each row in the file (for messages). */
  lines: number[];
}

export function parseCsv(text: string, file: string): CsvTable {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter: ',' });
  const [header, ...body] = result.data;
  if (!header) throw new QevalError('CSV_EMPTY', 'the CSV file is empty; it needs a header row', { file, line: 1, column: 1 });
  // 1-based file line of each record, counting line breaks inside quoted cells.
  const lines: number[] = [];
  let line = 1 + countBreaks(header);
  const recordLines = body.map((cells) => {
    line += 1;
    const at = line;
    line += countBreaks(cells);
    return at;
  });
  const err = result.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (err) {
    const at = err.row !== undefined && err.row > 0 ? (recordLines[err.row - 1] ?? err.row + 1) : 1;
    throw new QevalError('CSV_SYNTAX', `CSV error: ${err.message}`, { file, line: at, column: 1 });
  }
  const names = header.map((h) => h.trim());
  const rows = body.map((cells, i) => {
    if (cells.length > names.length) {
      throw new QevalError('CSV_WIDTH', `this row has ${cells.length} cells but the header has ${names.length}; quote cells that contain commas`, { file, line: recordLines[i], column: 1 });
    }
    lines.push(recordLines[i] as number);
    // Missing trailing cells are empty, as spreadsheets write them.
    return Object.fromEntries(names.map((n, k) => [n, cells[k] ?? '']));
  });
  return { header: names, rows, lines };
}

function countBreaks(cells: readonly string[]): number {
  return cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
}

export { csvCell, toCsv } from '../render/csv.js';
