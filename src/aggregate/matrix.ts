// The code-by-organization matrix (rolled-up counts and a representative quote per cell) and per-organization frequencies.
import type { Evidence } from './evidence.js';
import { quotesFor } from './quotes.js';
import type { CodeMatrix, FrequencySeries } from './types.js';

/** Rows: every code in codebook order; columns: the given scopes (organizations) in the given order. */
export function codeMatrix(ev: Evidence, columns: readonly { id: string; evidence: Evidence }[]): CodeMatrix {
  return {
    columns: columns.map((c) => c.id),
    rows: ev.codebook.codes.map((code) => {
      const cells = columns.map(({ evidence }) => {
        const count = evidence.count(code.id);
        return { count, quote: count > 0 ? (quotesFor(evidence, code.id, 1)[0] ?? null) : null };
      });
      return { code: code.id, depth: code.depth, total: cells.reduce((n, c) => n + c.count, 0), cells };
    }),
  };
}

/** Counts of the top-level codes for each scope, for the bar charts. */
export function frequencies(columns: readonly { id: string; evidence: Evidence }[]): FrequencySeries[] {
  return columns.map(({ id, evidence }) => ({
    organization: id,
    counts: evidence.codebook.codes
      .filter((c) => c.depth === 0)
      .map((c) => ({ code: c.id, segments: evidence.count(c.id), documents: evidence.documentCount(c.id) })),
  }));
}
