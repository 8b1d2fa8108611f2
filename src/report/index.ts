// The report library: aggregates to document trees, rendered to Markdown, HTML, Word, JSON, CSV, DOT and the terminal.
export { LANGS, MESSAGES, isLang, t, translator, type Lang, type MessageKey } from './i18n.js';
export type { RenderOptions } from './context.js';
export { csvCell, csvRow, dotString, escapeHtml, escapeMarkdown, escapeMarkdownInline, mermaidLabel } from './escape.js';
export { renderSwotDocx, renderSwotGrid, renderSwotHtml, renderSwotJson, renderSwotMarkdown, swotDoc, type GridOptions } from './swot.js';
export { ORGANIZATION_SECTIONS, organizationDoc, renderOrganizationHtml, renderOrganizationJson, renderOrganizationMarkdown } from './organization.js';
export { SUMMARY_SECTIONS, bookDoc, evidenceDoc, renderBookHtml, renderEvidenceHtml, renderSummaryHtml, renderSummaryJson, renderSummaryMarkdown, type SummaryOptions } from './summary.js';
export { headingsOf, type Block, type Cell, type Doc, type Inline } from './doc.js';
export { docHtml } from './render-html.js';
export { docMarkdown } from './render-md.js';
export { docDocx } from './render-docx.js';
export { findingSentence } from './findings.js';
export { renderMatrixCsv, renderMatrixQuotesCsv } from './matrix-csv.js';
export { renderNetworkDot } from './network.js';
export { DEFAULT_FORMATS, MAIN_REPORT, REPORT_FORMATS, fileNames, reportDocxFiles, reportFiles, swotDocxFiles, swotFiles, type OutputFile, type ReportFormat } from './files.js';
