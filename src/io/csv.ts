// CSV in: RFC 4180 parsing through papaparse (writing lives in render/csv.ts).
import Papa from 'papaparse';
import { QevalError } from '../model/errors.js';

export interface CsvTable {
  header: string[];
  rows: Record<string, string>[];
  /** 1-based line of each row in the file (for messages). */
  lines: number[];
}

export interface CsvReadOptions {
  /**
   * For files qeval wrote and reads back (segments): every row has the header's number of cells
   * and the file ends with a line break, so a file cut short (a copy or a disk that filled up) is
   * refused, not read as fewer or shorter rows. Throws QevalError CSV_WIDTH or CSV_CUT naming the row.
   */
  strict?: boolean;
}

/** A CSV file as a header and records keyed by it; the delimiter (`,` `;` tab) is detected. */
export function parseCsv(text: string, file: string, options: CsvReadOptions = {}): CsvTable {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter: detectDelimiter(text) });
  return toTable(result, file, options.strict ? text : undefined);
}

/** A CSV text qeval wrote ends each record with a line break; one that does not was cut short. */
const endsWithLineBreak = (text: string) => /\n[\s]*$/.test(text);

function toTable(result: Papa.ParseResult<string[]>, file: string, strictText?: string): CsvTable {
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
  if (strictText !== undefined && !endsWithLineBreak(strictText)) {
    throw new QevalError('CSV_CUT', 'the file ends in the middle of this row (no line break after it): it was cut short; write it again', { file, line: recordLines[recordLines.length - 1] ?? 1 });
  }
  const rows = body.map((cells, i) => {
    if (strictText !== undefined && cells.length !== names.length) {
      throw new QevalError('CSV_WIDTH', `this row has ${cells.length} cells but the header has ${names.length}: the file is damaged or cut short; write it again`, { file, line: recordLines[i] });
    }
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

/** The delimiters a CSV file may use: comma, semicolon (spreadsheets in many European locales), tab. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;

/** One field of a record as it lies in the text: `start`/`end` (UTF-16) enclose its value without the quotes. */
export interface CsvField {
  start: number;
  end: number;
  quoted: boolean;
}

/** A record with its fields' places, the UTF-16 index where it starts and its 1-based line. */
export interface CsvRecord {
  fields: CsvField[];
  start: number;
  line: number;
}

/**
 * Where each record and field lies in `text` (RFC 4180: `"` quotes, `""` escapes a quote, line
 * breaks inside quotes belong to the field). Records whose fields are all blank are left out, as
 * the parser leaves them out. Reads at most `limit` records.
 */
export function scanCsv(text: string, delimiter: string, limit = Infinity): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length && out.length < limit) {
    const record: CsvRecord = { fields: [], start: i, line };
    for (;;) {
      let field: CsvField;
      if (text[i] === '"') {
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            j = text.length;
            break;
          }
          if (text[q + 1] === '"') j = q + 2;
          else {
            j = q;
            break;
          }
        }
        field = { start: i + 1, end: j, quoted: true };
        for (let k = i; k < j; k++) if (text[k] === '\n') line++;
        i = Math.min(text.length, j + 1);
        // Anything between the closing quote and the delimiter is malformed; the parser reports it.
        while (i < text.length && text[i] !== delimiter && text[i] !== '\n') i++;
      } else {
        let j = i;
        while (j < text.length && text[j] !== delimiter && text[j] !== '\n') j++;
        field = { start: i, end: j, quoted: false };
        i = j;
      }
      record.fields.push(field);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (record.fields.some((f) => text.slice(f.start, f.end).trim() !== '')) out.push(record);
  }
  return out;
}

/**
 * Which of `,` `;` and tab separates the fields: the one that splits the first records into the
 * same number (more than one) of fields most often; ties go to the earlier in that list. A file with
 * a single column is read with `,`.
 */
export function detectDelimiter(text: string): string {
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of CSV_DELIMITERS) {
    const widths = scanCsv(text, delimiter, 20).map((r) => r.fields.length);
    const head = widths[0] ?? 0;
    if (head < 2) continue;
    const score = widths.filter((w) => w === head).length / widths.length + head / 1000;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** A CSV file's records as cell values (header included), with their lines; the delimiter is detected unless given. */
export function parseCsvRecords(text: string, file: string, delimiter = detectDelimiter(text)): { records: string[][]; lines: number[]; delimiter: string } {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter });
  const err = result.errors.find((e) => e.code !== 'UndetectableDelimiter');
  const scanned = scanCsv(text, delimiter);
  if (err) {
    const at = err.row !== undefined ? (scanned[err.row]?.line ?? err.row + 1) : 1;
    throw new QevalError('CSV_SYNTAX', `CSV error: ${err.message}`, { file, line: at, column: 1 });
  }
  if (result.data.length === 0) throw new QevalError('CSV_EMPTY', 'the CSV file is empty; it needs a header row', { file, line: 1, column: 1 });
  return { records: result.data, lines: scanned.map((r) => r.line), delimiter };
}

/**
 * Throws QevalError CSV_DUPLICATE_COLUMN (line 1) when two header cells name the same column (a
 * column pasted twice): each row's second value would silently overwrite its first. `what` names the
 * table in the message (`the attributes CSV`).
 */
export function checkUniqueColumns(table: Pick<CsvTable, 'header'>, file: string, what: string): void {
  const first = new Map<string, number>();
  table.header.forEach((name, i) => {
    const before = first.get(name);
    if (before !== undefined) throw new QevalError('CSV_DUPLICATE_COLUMN', `${what} has the column "${name}" twice (columns ${before + 1} and ${i + 1}): a row's second value would replace its first; delete or rename one`, { file, line: 1 });
    first.set(name, i);
  });
}
