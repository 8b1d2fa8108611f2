// The report library: renderers from aggregates to strings (terminal, Markdown, HTML, JSON, CSV, DOT, SVG).
export { LANGS, MESSAGES, isLang, t, translator, type Lang, type MessageKey } from './i18n.js';
export type { RenderOptions } from './context.js';
export { csvCell, csvRow, dotString, escapeHtml, escapeMarkdown, escapeMarkdownInline, mermaidLabel } from './escape.js';
export { renderSwotGrid, renderSwotHtml, renderSwotJson, renderSwotMarkdown, type GridOptions } from './swot.js';
export { ORGANIZATION_SECTIONS, renderOrganizationHtml, renderOrganizationJson, renderOrganizationMarkdown } from './organization.js';
export { SUMMARY_SECTIONS, renderBookHtml, renderSummaryHtml, renderSummaryJson, renderSummaryMarkdown, type SummaryOptions } from './summary.js';
export { renderMatrixCsv, renderMatrixQuotesCsv } from './matrix-csv.js';
export { renderNetworkDot, renderNetworkMermaid, renderNetworkSvg } from './network.js';
export { renderFrequencyCharts } from './charts.js';
export { REPORT_FORMATS, fileNames, reportFiles, swotFiles, type OutputFile, type ReportFormat } from './files.js';
