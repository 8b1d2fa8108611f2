// The code-by-organization matrix as CSV (RFC 4180, CRLF, formula-neutralized): counts wide, quotes long.
import type { CodeMatrix } from '../aggregate/types.js';
import { codeLabel, makeCtx, type RenderOptions } from './context.js';
import { csvRow } from './escape.js';

/**
 * Both files start with a UTF-8 byte-order mark: they are written for Excel, which opens a CSV
 * without one in the legacy code page and garbles non-ASCII text (Lithuanian labels, names, quotes).
 * The BOM is not part of the first field; the rest is plain RFC 4180 with CRLF line ends.
 */
const BOM = '\ufeff';

/** `code,label,<organization...>,total`: one row per code, rolled-up counts (after the BOM). */
export function renderMatrixCsv(matrix: CodeMatrix, options: RenderOptions): string {
  const ctx = makeCtx(options);
  let out = BOM + csvRow(['code', 'label', ...matrix.columns, 'total']);
  for (const row of matrix.rows) out += csvRow([row.code, codeLabel(ctx, row.code), ...row.cells.map((c) => c.count), row.total]);
  return out;
}

/** `code,label,organization,count,document,line,speaker,quote`: one row per non-empty cell with its representative quote (after the BOM). */
export function renderMatrixQuotesCsv(matrix: CodeMatrix, options: RenderOptions): string {
  const ctx = makeCtx(options);
  let out = BOM + csvRow(['code', 'label', 'organization', 'count', 'document', 'line', 'speaker', 'quote']);
  for (const row of matrix.rows) {
    row.cells.forEach((cell, i) => {
      if (cell.count === 0) return;
      const q = cell.quote;
      out += csvRow([row.code, codeLabel(ctx, row.code), matrix.columns[i], cell.count, q?.document, q?.line, q?.speaker, q?.text]);
    });
  }
  return out;
}
