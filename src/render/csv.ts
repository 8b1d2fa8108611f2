// CSV writing (RFC 4180, CRLF) with the spreadsheet formula-injection guard, shared by every writer.

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. A text cell that a spreadsheet would read as a formula gets a leading
 * apostrophe, so `=HYPERLINK(...)` in a transcript stays text in Excel; numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF terminator. */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV document: header and rows; `bom` adds a UTF-8 byte-order mark for Excel. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[], bom = false): string {
  return `${bom ? '\ufeff' : ''}${csvRow(header)}${rows.map(csvRow).join('')}`;
}
