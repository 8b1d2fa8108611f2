// Reads a reliability matrix CSV (rows coders, columns units, cells values or empty), as statistics packages lay it out.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { ReliabilityMatrix } from '../aggregate/agreement.js';
import { QevalError } from '../model/errors.js';
import { detectDelimiter } from './csv.js';
import { decodeBytes } from './decode.js';
import { noteInputFile } from './write.js';

/** Cells that mean "no value" besides an empty cell: the markers Krippendorff's examples and R/SPSS exports use. */
const MISSING = new Set(['', '*', '.', 'na', 'nan', 'n/a', '-']);

/**
 * Parses a reliability matrix: the first row names the units (its first cell, e.g. `coder`, is ignored),
 * every further row is one coder, its first cell the coder's name, then one value per unit. A value is any
 * text (nominal), trimmed; empty, `*`, `.`, `-`, `NA`, `NaN` and `N/A` are missing. Throws QevalError
 * (file:line:column) MATRIX_EMPTY, MATRIX_WIDTH for a row with more cells than the header, MATRIX_CODER for
 * a row without a name or a coder named twice, MATRIX_UNIT for a duplicate unit name, CSV_SYNTAX.
 */
export function parseReliabilityMatrix(text: string, file: string): ReliabilityMatrix {
  // Comma, semicolon or tab, detected as for every CSV qeval reads (Lithuanian spreadsheets save with ";").
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter: detectDelimiter(text) });
  const err = parsed.errors[0];
  if (err) throw new QevalError('CSV_SYNTAX', `CSV error: ${err.message}`, { file, line: (err.row ?? 0) + 1, column: 1 });
  const [header, ...rows] = parsed.data;
  if (!header || header.length < 2 || rows.length === 0) {
    throw new QevalError('MATRIX_EMPTY', 'a reliability matrix needs a header row naming the units and one row per coder (coder name, then a value per unit)', { file, line: 1, column: 1 });
  }
  const units = header.slice(1).map((u, i) => u.trim() || String(i + 1));
  const seenUnits = new Set<string>();
  units.forEach((u, i) => {
    if (seenUnits.has(u)) throw new QevalError('MATRIX_UNIT', `unit "${u}" is named twice in the header`, { file, line: 1, column: columnOf(header, i + 1) });
    seenUnits.add(u);
  });
  const coders: string[] = [];
  const values: (string | null)[][] = [];
  // Lines of records, counting line breaks inside quoted cells.
  let line = 1 + header.join('').split('\n').length - 1;
  for (const cells of rows) {
    line += 1;
    const at = line;
    line += cells.join('').split('\n').length - 1;
    const name = (cells[0] ?? '').trim();
    if (name === '') throw new QevalError('MATRIX_CODER', 'a row without a coder name in its first cell', { file, line: at, column: 1 });
    if (coders.includes(name)) throw new QevalError('MATRIX_CODER', `coder "${name}" has two rows; give each coder one row`, { file, line: at, column: 1 });
    if (cells.length > header.length) throw new QevalError('MATRIX_WIDTH', `this row has ${cells.length - 1} values but the header names ${units.length} units`, { file, line: at, column: columnOf(cells, header.length) });
    coders.push(name);
    values.push(units.map((_, u) => {
      const v = (cells[u + 1] ?? '').trim();
      return MISSING.has(v.toLowerCase()) ? null : v;
    }));
  }
  return { coders, units, values };
}

/** 1-based column (in code points) where cell `index` of an unquoted row starts: good enough to point at it. */
function columnOf(cells: readonly string[], index: number): number {
  return cells.slice(0, index).reduce((n, c) => n + [...c].length + 1, 1);
}

/** Reads and parses a reliability matrix file (any encoding qeval detects). */
export async function readReliabilityMatrix(file: string, display: string): Promise<ReliabilityMatrix> {
  const bytes = await readFile(file).catch(() => {
    throw new QevalError('NOT_FOUND', 'no such file', { file: display });
  });
  noteInputFile(file);
  return parseReliabilityMatrix(decodeBytes(bytes, display).text, display);
}
