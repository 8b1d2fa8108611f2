// Renders a keyword-in-context concordance: terminal table, CSV, or a self-contained HTML page.
import type { KwicLine } from '../aggregate/kwic.js';
import { escapeHtml } from '../report/escape.js';
import { toCsv } from './csv.js';

export const KWIC_FORMATS = ['table', 'csv', 'html'] as const;
export type KwicFormat = (typeof KWIC_FORMATS)[number];

/** The last `width` characters of `s` (code points), an ellipsis where it was cut. */
function tail(s: string, width: number): string {
  const cps = [...s];
  return cps.length <= width ? s : `…${cps.slice(cps.length - width + 1).join('')}`;
}

function head(s: string, width: number): string {
  const cps = [...s];
  return cps.length <= width ? s : `${cps.slice(0, width - 1).join('')}…`;
}

/** The segment's text with each word that fired marked (HTML, escaped). */
function markMatched(text: string, matched: readonly string[]): string {
  const ranges: [number, number][] = [];
  const lower = text.toLowerCase();
  for (const m of matched) {
    const needle = m.toLowerCase();
    if (needle === '') continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) ranges.push([i, i + needle.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at) continue;
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

export interface KwicRenderOptions {
  /** What was looked for, for headings. */
  query: string;
  /** Terminal width (table). */
  width?: number;
}

/**
 * `table`: one line per occurrence: the left context right-aligned, the keyword in brackets, the right
 * context (both cut to fit the width), in code mode the code, then `document:line`. `csv`: document,
 * line, start, end (code points), speaker, left, keyword, right, and in code mode code, rule, matched and
 * the segment text. `html`: a self-contained page (no external requests), every text escaped, in code
 * mode each segment with the words that fired marked.
 */
export function renderKwic(lines: readonly KwicLine[], format: KwicFormat, options: KwicRenderOptions): string {
  const codeMode = lines.some((l) => l.code !== undefined);
  if (format === 'csv') {
    const header = ['document', 'line', 'start', 'end', 'speaker', 'left', 'keyword', 'right', ...(codeMode ? ['code', 'rule', 'matched', 'segment'] : [])];
    return toCsv(header, lines.map((l) => [l.document, l.line, l.start, l.end, l.speaker ?? '', l.left, l.keyword, l.right, ...(codeMode ? [l.code ?? '', l.rule ?? '', (l.matched ?? []).join('; '), l.segment ?? ''] : [])]));
  }
  if (format === 'html') {
    const rows = lines.map((l) => {
      const codeCells = codeMode ? `<td>${escapeHtml(l.code ?? '')}</td><td class="seg">${markMatched(l.segment ?? '', l.matched ?? [])}</td>` : '';
      return `<tr><td class="where">${escapeHtml(l.document)}:${l.line}</td><td>${escapeHtml(l.speaker ?? '')}</td><td class="left">${escapeHtml(l.left)}</td><td class="kw">${escapeHtml(l.keyword)}</td><td class="right">${escapeHtml(l.right)}</td>${codeCells}</tr>`;
    });
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keyword in context: ${escapeHtml(options.query)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{text-align:left;background:#f4f4f4}
td.left{text-align:right;color:#555}
td.kw{font-weight:700;white-space:nowrap;text-align:center}
td.right{color:#555}
td.where{white-space:nowrap;font-size:.85em;color:#666}
td.seg mark{background:#ffe58a}
</style>
</head>
<body>
<h1>Keyword in context: ${escapeHtml(options.query)}</h1>
<p>${lines.length} occurrence${lines.length === 1 ? '' : 's'}.</p>
<table>
<thead><tr><th>document:line</th><th>speaker</th><th>left</th><th>keyword</th><th>right</th>${codeMode ? '<th>code</th><th>segment (words that fired marked)</th>' : ''}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
  }
  const width = Math.max(80, options.width ?? 120);
  const keyWidth = Math.min(22, Math.max(1, ...lines.map((l) => [...l.keyword].length)) + 2);
  const side = Math.max(16, Math.min(45, Math.floor((width - keyWidth - 4) / 2)));
  const out = lines.map((l) => {
    const cells = [tail(l.left, side).padStart(side), head(`[${l.keyword}]`, keyWidth).padEnd(keyWidth), head(l.right, side).padEnd(side)];
    if (codeMode) cells.push(l.code ?? '');
    cells.push(`${l.document}:${l.line}`);
    return cells.join('  ').trimEnd();
  });
  return `${out.join('\n')}${out.length ? '\n' : ''}`;
}
