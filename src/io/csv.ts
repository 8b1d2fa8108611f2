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
  const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const err = result.errors[0];
  if (err) {
    const row = (err.row ?? 0) + 1;
    throw new QevalError('CSV_SYNTAX', `CSV error in row ${row}: ${err.message}`, { file, line: row, column: 1 });
  }
  const [header, ...body] = result.data;
  if (!header) throw new QevalError('CSV_EMPTY', 'the CSV file is empty; it needs a header row', { file, line: 1, column: 1 });
  const names = header.map((h) => h.trim());
  const lines: number[] = [];
  let line = 2;
  const rows = body.map((cells, i) => {
    if (cells.length !== names.length) {
      throw new QevalError('CSV_WIDTH', `row ${i + 2} has ${cells.length} cells, the header has ${names.length}; quote cells that contain commas`, { file, line: i + 2, column: 1 });
    }
    lines.push(line);
    line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    return Object.fromEntries(names.map((n, k) => [n, cells[k] ?? '']));
  });
  return { header: names, rows, lines };
}

export { csvCell, toCsv } from '../render/csv.js';
