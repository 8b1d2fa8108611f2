// CSV writing (RFC 4180, CRLF) with the spreadsheet formula-injection guard, shared by every writer.

/**
 * Cells that get the guard apostrophe: those a spreadsheet would read as a formula (`=`, `+`, `-`,
 * `@`, tab, CR first), and those that already look guarded (apostrophes before such a character),
 * so that removing one apostrophe on reading always gives back the cell as it was.
 */
const GUARDED = /^'*[=+\-@\t\r]/;

/**
 * One RFC 4180 field. A text cell that a spreadsheet would read as a formula gets a leading
 * apostrophe, so `=HYPERLINK(...)` in a transcript stays text in Excel; numbers stay numbers.
 * Every such cell is guarded, a lone `-` (the id of a document read from standard input) too, as
 * the contract (DESIGN.md) says; reading it back gives `-`.
 * `unguardCell` undoes it exactly.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value !== 'number' && GUARDED.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Undoes the guard of `csvCell` (`'=x` was `=x`, `''=x` was `'=x`); other cells are returned as they are. */
export function unguardCell(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/**
 * A list in one cell, items separated by "; ". A `;` or `\` inside an item is escaped with `\`,
 * so `splitListCell` gives back exactly the items (a matched regex may hold "; ").
 */
export function joinListCell(items: readonly string[]): string {
  return items.map((i) => i.replace(/[\\;]/g, (c) => `\\${c}`)).join('; ');
}

/** The items of a cell written by `joinListCell`; an empty cell is no items. */
export function splitListCell(cell: string): string[] {
  if (cell === '') return [];
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i] as string;
    if (c === '\\' && i + 1 < cell.length) item += cell[++i];
    else if (c === ';' && cell[i + 1] === ' ') {
      items.push(item);
      item = '';
      i++;
    } else item += c;
  }
  items.push(item);
  return items;
}

/** One CSV record with its CRLF terminator. */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV document: header and rows; `bom` adds a UTF-8 byte-order mark for Excel. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[], bom = false): string {
  return `${bom ? '\ufeff' : ''}${csvRow(header)}${rows.map(csvRow).join('')}`;
}
