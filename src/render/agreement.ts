// Renders an intercoder agreement report: terminal table, CSV, JSON or Markdown.
import type { AgreementReport, AgreementRow } from '../aggregate/agreement.js';
import { block, md, table } from '../report/markdown.js';
import { toCsv } from './csv.js';
import { markMarkdown } from '../model/output-marks.js';

export const AGREE_FORMATS = ['table', 'csv', 'json', 'md'] as const;
export type AgreeFormat = (typeof AGREE_FORMATS)[number];

const DASH = '—';
const pct = (x: number | null) => (x === null ? DASH : (x * 100).toFixed(1));
const fixed = (x: number | null) => (x === null ? DASH : x.toFixed(3));
/** Rounded to 4 decimals and kept a number (so spreadsheets read it as one); empty when undefined. */
const num = (x: number | null) => (x === null ? '' : Math.round(x * 10000) / 10000);

/** What the units are, for the heading line. */
function describeBasis(r: AgreementReport): string {
  const who = `${r.coders.length} coders (${r.coders.join(', ')})`;
  if (r.basis === 'matrix') return `${who}, reliability matrix; per value and overall`;
  const unit = r.basis === 'character' ? 'characters' : `${r.basis}s`;
  return `${who}, ${r.documents} document${r.documents === 1 ? '' : 's'}, compared per ${r.basis === 'character' ? 'character' : r.basis} (units: ${unit})`;
}

/** The coders compared with the gold coder, in report order. */
const others = (r: AgreementReport) => r.coders.filter((c) => c !== r.gold);

/** One line of the summary the CLI prints on stderr. */
export function agreementSummary(r: AgreementReport): string {
  const o = r.rows.at(-1)!;
  return `${describeBasis(r)}: overall agreement ${pct(o.agreement)}%, alpha ${fixed(o.alpha)}${o.kappa === null ? '' : `, kappa ${fixed(o.kappa)}`}`;
}

function cells(r: AgreementReport, row: AgreementRow, show: (x: number | null) => string, showPct: (x: number | null) => string): string[] {
  const out = [row.code, String(row.units), row.coded.join('/'), showPct(row.agreement), show(row.kappa), show(row.alpha)];
  for (const coder of others(r)) {
    const g = row.gold.find((x) => x.coder === coder);
    if (r.gold) out.push(showPct(g?.precision ?? null), showPct(g?.recall ?? null), showPct(g?.f1 ?? null));
  }
  return out;
}

/**
 * The report. `table` and `md`: one line per code (units compared, units each coder coded, percent
 * agreement, Cohen's kappa with two coders, Krippendorff's alpha, and with a gold coder each other
 * coder's P%, R%, F1%), then `overall`; undefined measures show as —. `csv`: the same with every
 * measure as a number (empty when undefined) and the gold 2×2 counts. `json`: the report object.
 */
export function renderAgreement(r: AgreementReport, format: AgreeFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  const goldHead = r.gold ? others(r).flatMap((c) => [`P% ${c}`, `R% ${c}`, `F1% ${c}`]) : [];
  if (format === 'csv') {
    const header = ['code', 'units', ...r.coders.map((c) => `coded ${c}`), 'agreement', 'kappa', 'alpha'];
    if (r.gold) for (const c of others(r)) header.push(...['tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'kappa'].map((m) => `${m} ${c} vs ${r.gold}`));
    const rows = r.rows.map((row) => {
      const out: unknown[] = [row.code, row.units, ...row.coded, num(row.agreement), num(row.kappa), num(row.alpha)];
      for (const g of row.gold) out.push(g.tp, g.fp, g.fn, g.tn, num(g.precision), num(g.recall), num(g.f1), num(g.kappa));
      return out;
    });
    return toCsv(header, rows);
  }
  const head = ['code', 'units', `coded (${r.coders.join('/')})`, 'agree%', 'kappa', 'alpha', ...goldHead];
  const body = r.rows.map((row) => cells(r, row, fixed, pct));
  const note = r.gold ? `\nP/R/F1: each coder against the gold coder "${r.gold}".` : '';
  if (format === 'md') {
    const mdTable = table(head, body.map((c) => c.map(md)), head.map((_, i) => i > 0));
    return markMarkdown(`${block(`Intercoder agreement: ${describeBasis(r)}.`)}\n\n${mdTable}${note ? `${block(note.trimStart())}\n` : ''}`);
  }
  const widths = head.map((h, i) => Math.max([...h].length, ...body.map((c) => [...c[i]!].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((n, w) => n + w + 2, -2));
  const lines = [`Intercoder agreement: ${describeBasis(r)}`, line(head), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)];
  return `${lines.join('\n')}\n${note ? `${note.trimStart()}\n` : ''}`;
}
