// The code-by-organization matrix as CSV (RFC 4180, CRLF, formula-neutralized): counts wide, quotes long.
import type { CodeMatrix } from '../aggregate/types.js';
import { codeLabel, makeCtx, type RenderOptions } from './context.js';
import { csvRow } from './escape.js';

/** `code,label,<organization...>,total`: one row per code, rolled-up counts. */
export function renderMatrixCsv(matrix: CodeMatrix, options: RenderOptions): string {
  const ctx = makeCtx(options);
  let out = csvRow(['code', 'label', ...matrix.columns, 'total']);
  for (const row of matrix.rows) out += csvRow([row.code, codeLabel(ctx, row.code), ...row.cells.map((c) => c.count), row.total]);
  return out;
}

/** `code,label,organization,count,document,line,speaker,quote`: one row per non-empty cell with its representative quote. */
export function renderMatrixQuotesCsv(matrix: CodeMatrix, options: RenderOptions): string {
  const ctx = makeCtx(options);
  let out = csvRow(['code', 'label', 'organization', 'count', 'document', 'line', 'speaker', 'quote']);
  for (const row of matrix.rows) {
    row.cells.forEach((cell, i) => {
      if (cell.count === 0) return;
      const q = cell.quote;
      out += csvRow([row.code, codeLabel(ctx, row.code), matrix.columns[i], cell.count, q?.document, q?.line, q?.speaker, q?.text]);
    });
  }
  return out;
}
