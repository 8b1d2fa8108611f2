// Which files a report run writes, and their contents: the one place that maps aggregates to output paths.
import type { StudyReports, SwotView } from '../aggregate/types.js';
import { makeCtx, type RenderOptions } from './context.js';
import { docMarkdown } from './render-md.js';
import { renderMatrixCsv, renderMatrixQuotesCsv } from './matrix-csv.js';
import { renderNetworkDot } from './network.js';
import { renderOrganizationHtml, renderOrganizationJson, renderOrganizationMarkdown } from './organization.js';
import { bookDoc, evidenceDoc, organizationNames, renderBookHtml, renderEvidenceHtml, renderSummaryHtml, renderSummaryJson, renderSummaryMarkdown } from './summary.js';
import { renderSwotHtml, renderSwotJson, renderSwotMarkdown, swotDoc, wordBackEnd } from './swot.js';
import { wordDoc, type WordDoc } from './word-doc.js';

export type ReportFormat = 'md' | 'html' | 'json' | 'docx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json', 'docx'];
/** Formats written when none are named (Word files are asked for). */
export const DEFAULT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

/** The main report, the file to open first, in order of preference among the formats written. */
export const MAIN_REPORT: Readonly<Partial<Record<ReportFormat, string>>> = { html: 'report.html', docx: 'report.docx', md: 'report.md' };

export interface OutputFile {
  /** Relative to the output directory, `/`-separated. */
  path: string;
  data: string | Uint8Array;
}

/**
 * A file name for an organization id: letters (without their diacritics: `Šilas` -> `Silas`), digits,
 * `.`, `_`, `-` kept, anything else `_`, so an id can never climb out of the output directory. Ids that clash after cleaning get `-2`, `-3` ...
 */
export function fileNames(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    // Letters with diacritics lose them (Šilas -> Silas, Žilas -> Zilas), so names stay told apart; other characters become _.
    let base = id.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
    if (base.length > 120) base = base.slice(0, 120);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    names.set(id, name);
  }
  return names;
}

const ORG_DIR = 'organizations';

/**
 * Summary, one report per organization (main report and its evidence appendix), the main report
 * (`report.*`: summary and every organization's concise report) and its evidence (`evidence.*`),
 * the matrix CSVs and the DOT network. Word files come from reportDocxFiles (they are built asynchronously).
 */
export function reportFiles(reports: StudyReports, options: RenderOptions, formats: readonly ReportFormat[] = DEFAULT_FORMATS): OutputFile[] {
  const files: OutputFile[] = [];
  const names = fileNames(reports.organizations.map((r) => r.organization));
  const has = (f: ReportFormat) => formats.includes(f);
  for (const format of ['md', 'html', 'json'] as const) {
    if (!has(format)) continue;
    const href = format === 'json' ? undefined : (id: string) => (names.has(id) ? `${ORG_DIR}/${names.get(id)}.${format}` : null);
    const summary =
      format === 'md'
        ? renderSummaryMarkdown(reports.summary, { ...options, reportHref: href })
        : format === 'html'
          ? renderSummaryHtml(reports.summary, { ...options, reportHref: href })
          : renderSummaryJson(reports.summary, options);
    files.push({ path: `summary.${format}`, data: summary });
  }
  for (const report of reports.organizations) {
    const base = `${ORG_DIR}/${names.get(report.organization) ?? report.organization}`;
    if (has('md')) files.push({ path: `${base}.md`, data: renderOrganizationMarkdown(report, options) });
    if (has('html')) files.push({ path: `${base}.html`, data: renderOrganizationHtml(report, options) });
    if (has('json')) files.push({ path: `${base}.json`, data: renderOrganizationJson(report, options) });
  }
  if (has('html')) files.push({ path: 'report.html', data: renderBookHtml(reports, options) }, { path: 'evidence.html', data: renderEvidenceHtml(reports, options) });
  if (has('md')) {
    const ctx = makeCtx(options);
    files.push({ path: 'report.md', data: docMarkdown(ctx, bookDoc(ctx, reports)) }, { path: 'evidence.md', data: docMarkdown(ctx, evidenceDoc(ctx, reports)) });
  }
  files.push({ path: 'matrix.csv', data: renderMatrixCsv(reports.summary.matrix, options) });
  files.push({ path: 'matrix-quotes.csv', data: renderMatrixQuotesCsv(reports.summary.matrix, options) });
  files.push({ path: 'network.dot', data: renderNetworkDot(reports.summary.network, { ...options, names: organizationNames(reports.summary) }) });
  return files;
}

/** A Word file still to render: its path (as in OutputFile) and its document made ready for Word (see wordDoc). */
export interface WordFile {
  path: string;
  doc: WordDoc;
}

/** Renders Word files in this thread, in order (see WordRenderer for worker threads). */
async function renderWordFiles(files: readonly WordFile[]): Promise<OutputFile[]> {
  const out: OutputFile[] = [];
  for (const f of files) out.push({ path: f.path, data: await (await wordBackEnd()).wordDocx(f.doc) });
  return out;
}

/** `report.docx` and `evidence.docx` as documents for Word, when `docx` is among the formats; reportDocxFiles renders them. */
export function reportWordFiles(reports: StudyReports, options: RenderOptions, formats: readonly ReportFormat[]): WordFile[] {
  if (!formats.includes('docx')) return [];
  const ctx = makeCtx(options);
  return [
    { path: 'report.docx', doc: wordDoc(ctx, bookDoc(ctx, reports)) },
    { path: 'evidence.docx', doc: wordDoc(ctx, evidenceDoc(ctx, reports)) },
  ];
}

/** `report.docx` and `evidence.docx` (the same documents as report.html and evidence.html), when `docx` is among the formats. */
export async function reportDocxFiles(reports: StudyReports, options: RenderOptions, formats: readonly ReportFormat[]): Promise<OutputFile[]> {
  return renderWordFiles(reportWordFiles(reports, options, formats));
}

/** swot.md, swot.html, swot.json for a SWOT view. */
export function swotFiles(view: SwotView, options: RenderOptions & { names?: ReadonlyMap<string, string> }, formats: readonly ReportFormat[] = DEFAULT_FORMATS): OutputFile[] {
  const files: OutputFile[] = [];
  if (formats.includes('md')) files.push({ path: 'swot.md', data: renderSwotMarkdown(view, options) });
  if (formats.includes('html')) files.push({ path: 'swot.html', data: renderSwotHtml(view, options) });
  if (formats.includes('json')) files.push({ path: 'swot.json', data: renderSwotJson(view, options) });
  return files;
}

/** swot.docx as a document for Word, when `docx` is among the formats; swotDocxFiles renders it. */
export function swotWordFiles(view: SwotView, options: RenderOptions & { names?: ReadonlyMap<string, string> }, formats: readonly ReportFormat[]): WordFile[] {
  if (!formats.includes('docx')) return [];
  const ctx = makeCtx(options);
  return [{ path: 'swot.docx', doc: wordDoc(ctx, swotDoc(ctx, view, options.names)) }];
}

/** swot.docx for a SWOT view (the same document as swot.html), when `docx` is among the formats. */
export async function swotDocxFiles(view: SwotView, options: RenderOptions & { names?: ReadonlyMap<string, string> }, formats: readonly ReportFormat[]): Promise<OutputFile[]> {
  return renderWordFiles(swotWordFiles(view, options, formats));
}
