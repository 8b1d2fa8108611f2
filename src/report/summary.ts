// The cross-organization summary in Markdown, HTML and JSON, and the printable book (summary + every report).
import type { CodeMatrix, StudyReports, StudySummary } from '../aggregate/types.js';
import { QUADRANTS } from '../model/types.js';
import { renderFrequencyCharts } from './charts.js';
import { codeLabel, makeCtx, quadrantLabel, recommendationText, type Ctx, type RenderOptions } from './context.js';
import * as H from './html.js';
import { jsonText, labelsOf } from './json.js';
import * as M from './markdown.js';
import { CHARACTERS, NETWORK_STYLES, renderNetworkMermaid, renderNetworkSvg } from './network.js';
import { methodHtml, methodMarkdown, organizationHtmlBody, organizationName, organizationToc } from './organization.js';
import { swotGridHtml, swotGridMarkdown } from './swot.js';
import type { MessageKey } from './i18n.js';

export interface SummaryOptions extends RenderOptions {
  /** Where an organization's report is, relative to the summary (e.g. `organizations/atrama.html`); null: no link. */
  reportHref?: (organization: string) => string | null;
}

/** The summary's sections, in order. */
export const SUMMARY_SECTIONS = [
  ['organizations', 'sum.organizations'],
  ['swot', 'sum.overallSwot'],
  ['matrix', 'sum.matrix'],
  ['charts', 'sum.charts'],
  ['network', 'sum.network'],
  ['recommendations', 'sum.recommendationsAcross'],
  ['method', 'sum.method'],
] as const satisfies readonly (readonly [string, MessageKey])[];

export function organizationNames(summary: StudySummary): Map<string, string> {
  return new Map(summary.organizations.map((o) => [o.id, o.name ?? o.id]));
}

/** Codes without children: their quotes say the most, so they carry the representative quotes. */
function leafRows(ctx: Ctx, matrix: CodeMatrix) {
  return matrix.rows.filter((row) => row.total > 0 && (ctx.codebook.byId.get(row.code)?.children.length ?? 0) === 0);
}

/** More organization columns than this, and the printed matrix gets landscape pages (see STYLE in html.ts). */
export const WIDE_MATRIX = 14;

function indent(depth: number): string {
  return '\u00a0\u00a0'.repeat(depth);
}

// ---------------------------------------------------------------- Markdown

/** Bar charts as text (one fenced block, bars on a shared scale), since Markdown has no inline SVG everywhere. */
function textCharts(ctx: Ctx, summary: StudySummary, names: ReadonlyMap<string, string>): string {
  const max = Math.max(1, ...summary.frequencies.flatMap((f) => f.counts.map((c) => c.segments)));
  const labelWidth = Math.max(0, ...summary.frequencies.flatMap((f) => f.counts.map((c) => [...codeLabel(ctx, c.code)].length)));
  const blocks = summary.frequencies.map((f) => {
    const rows = f.counts.map((c) => {
      const label = codeLabel(ctx, c.code);
      const bar = '█'.repeat(Math.round((c.segments / max) * 40));
      return `  ${label}${' '.repeat(labelWidth - [...label].length)}  ${bar}${bar ? ' ' : ''}${c.segments}`;
    });
    return [names.get(f.organization) ?? f.organization, ...rows].join('\n');
  });
  // Fences cannot be escaped inside a fenced block, so a backtick run in a label is broken up.
  return `\`\`\`text\n${blocks.join('\n\n').replace(/`{3,}/g, (m) => "'".repeat(m.length))}\n\`\`\`\n\n`;
}

export function renderSummaryMarkdown(summary: StudySummary, options: SummaryOptions): string {
  const ctx = makeCtx(options);
  const names = organizationNames(summary);
  const sub = 3;
  let out = M.heading(1, ctx.tr('sum.title'));
  if (summary.title) out += M.paragraph(ctx.tr('sum.subtitle', { study: summary.title }));

  out += M.heading(2, ctx.tr('sum.organizations'));
  out += M.table(
    [ctx.tr('label.organization'), ctx.tr('label.name'), ctx.tr('label.documents'), ctx.tr('label.segments'), ...QUADRANTS.map((q) => quadrantLabel(ctx, q)), ctx.tr('sum.recommendations'), ctx.tr('sum.gaps'), ctx.tr('sum.contradictions')],
    summary.organizations.map((o) => {
      const href = options.reportHref?.(o.id) ?? null;
      return [
        href ? `[${M.md(o.id)}](${encodeURI(href)})` : M.md(o.id),
        M.md(o.name ?? ''),
        String(o.documents),
        String(o.segments),
        ...o.quadrants.map(String),
        String(o.recommendations.length),
        M.md(o.gaps.map((g) => codeLabel(ctx, g)).join(', ')),
        String(o.contradictions),
      ];
    }),
    [false, false, true, true, true, true, true, true, true, false, true],
  );
  if (summary.missing.length > 0) {
    out += M.heading(sub, ctx.tr('sum.missing'));
    out += M.bullets(summary.missing.map(M.md));
  }

  out += M.heading(2, ctx.tr('sum.overallSwot'));
  out += M.paragraph(ctx.tr('swot.totals', { segments: summary.swot.segments, documents: summary.swot.documents }));
  out += swotGridMarkdown(ctx, summary.swot, sub, 'quadrant');

  out += M.heading(2, ctx.tr('sum.matrix'));
  out += M.paragraph(ctx.tr('sum.matrixIntro'));
  out += M.table(
    [ctx.tr('label.code'), ...summary.matrix.columns, ctx.tr('label.total')],
    summary.matrix.rows.map((row) => [`${indent(row.depth)}${M.md(codeLabel(ctx, row.code))}`, ...row.cells.map((c) => String(c.count)), String(row.total)]),
    [false, ...summary.matrix.columns.map(() => true), true],
  );
  out += M.heading(sub, ctx.tr('sum.representative'));
  for (const row of leafRows(ctx, summary.matrix)) {
    out += M.heading(sub + 1, `${codeLabel(ctx, row.code)} (${row.total})`);
    row.cells.forEach((cell, i) => {
      if (cell.quote === null) return;
      out += `**${M.md(names.get(summary.matrix.columns[i] ?? '') ?? '')}** (${cell.count})\n\n`;
      out += M.quote(ctx, cell.quote);
    });
  }

  out += M.heading(2, ctx.tr('sum.charts'));
  out += textCharts(ctx, summary, names);

  out += M.heading(2, ctx.tr('sum.network'));
  out += M.paragraph(ctx.tr('sum.networkIntro'));
  if (summary.network.edges.length === 0) out += M.paragraph(ctx.tr('sum.noNetwork'));
  else {
    out += `${renderNetworkMermaid(summary.network, { ...options, names })}\n`;
    out += M.table(
      [ctx.tr('label.organization'), ctx.tr('net.partner'), ctx.tr('label.segments'), ctx.tr('net.systematic'), ctx.tr('net.accidental'), ctx.tr('net.absent'), ctx.tr('net.character')],
      summary.network.edges.map((e) => [M.md(names.get(e.organization) ?? e.organization), M.md(codeLabel(ctx, e.partner)), String(e.weight), String(e.systematic), String(e.accidental), String(e.absent), M.md(ctx.tr(`char.${e.character}`))]),
      [false, false, true, true, true, true, false],
    );
  }

  out += M.heading(2, ctx.tr('sum.recommendationsAcross'));
  if (summary.recommendations.length === 0) out += M.paragraph(ctx.tr('rec.noRules'));
  else {
    out += M.table(
      [ctx.tr('sum.recommendations'), ctx.tr('sum.triggeredFor')],
      summary.recommendations.map((r) => [M.md(recommendationText(ctx, r.id, r.text)), M.md(r.organizations.map((o) => names.get(o) ?? o).join(', ') || ctx.tr('label.none'))]),
    );
  }

  out += M.heading(2, ctx.tr('sum.method'));
  out += methodMarkdown(ctx, summary.method, true);
  return `${out.trimEnd()}\n`;
}

// ---------------------------------------------------------------- HTML

function summaryToc(ctx: Ctx, prefix: string): string {
  const items = SUMMARY_SECTIONS.map(([key, msg]) => `<li><a href="#${H.anchor(prefix, key)}">${H.esc(ctx.tr(msg))}</a></li>`).join('\n');
  return `<nav class="toc" aria-label="${H.esc(ctx.tr('label.contents'))}">\n<ol>\n${items}\n</ol>\n</nav>\n`;
}

/** A section and its heading; `wrap` puts the heading in a `<div class="...">` that the caller closes. */
function open(ctx: Ctx, key: (typeof SUMMARY_SECTIONS)[number], level: number, prefix: string, wrap?: string): string {
  const id = H.anchor(prefix, key[0]);
  return `<section aria-labelledby="${id}">\n${wrap ? `<div class="${wrap}">\n` : ''}${H.h(level, ctx.tr(key[1]), id)}`;
}

function summaryHtmlBody(ctx: Ctx, summary: StudySummary, options: SummaryOptions, level: number, prefix: string): string {
  const names = organizationNames(summary);
  const sub = level + 1;
  const [sOrg, sSwot, sMatrix, sCharts, sNet, sRec, sMethod] = SUMMARY_SECTIONS;
  let out = '';

  out += open(ctx, sOrg, level, prefix);
  out += H.table(
    [
      { header: ctx.tr('label.organization') },
      { header: ctx.tr('label.name') },
      { header: ctx.tr('label.documents'), numeric: true },
      { header: ctx.tr('label.segments'), numeric: true },
      ...QUADRANTS.map((q) => ({ header: quadrantLabel(ctx, q), numeric: true })),
      { header: ctx.tr('sum.recommendations'), numeric: true },
      { header: ctx.tr('sum.gaps') },
      { header: ctx.tr('sum.contradictions'), numeric: true },
    ],
    summary.organizations.map((o) => {
      const href = options.reportHref?.(o.id) ?? null;
      return [
        href ? `<a href="${H.esc(encodeURI(href))}">${H.esc(o.id)}</a>` : H.esc(o.id),
        H.esc(o.name ?? ''),
        String(o.documents),
        String(o.segments),
        ...o.quadrants.map(String),
        String(o.recommendations.length),
        o.gaps.length > 0 ? `<span class="gap">${H.esc(o.gaps.map((g) => codeLabel(ctx, g)).join(', '))}</span>` : '',
        String(o.contradictions),
      ];
    }),
    { rowHeader: true, className: 'overview' },
  );
  if (summary.missing.length > 0) {
    out += H.h(sub, ctx.tr('sum.missing'));
    out += `<ul>\n${summary.missing.map((m) => `<li>${H.esc(m)}</li>`).join('\n')}\n</ul>\n`;
  }
  out += '</section>\n';

  out += open(ctx, sSwot, level, prefix);
  out += H.p(ctx.tr('swot.totals', { segments: summary.swot.segments, documents: summary.swot.documents }));
  out += swotGridHtml(ctx, summary.swot, sub, 'quadrant', H.anchor(prefix, 'swot'));
  out += '</section>\n';

  // Many organizations: the heading, intro and matrix print on a landscape page of their own (see STYLE).
  const wide = summary.matrix.columns.length > WIDE_MATRIX;
  out += open(ctx, sMatrix, level, prefix, wide ? 'wide' : undefined);
  out += H.p(ctx.tr('sum.matrixIntro'));
  const head = `<tr><th scope="col">${H.esc(ctx.tr('label.code'))}</th>${summary.matrix.columns.map((c) => `<th scope="col" class="num"><abbr title="${H.esc(names.get(c) ?? c)}">${H.esc(c)}</abbr></th>`).join('')}<th scope="col" class="num">${H.esc(ctx.tr('label.total'))}</th></tr>`;
  const rows = summary.matrix.rows
    .map((row) => {
      const cells = row.cells.map((c) => `<td class="num${c.count === 0 ? ' zero' : ''}">${c.count}</td>`).join('');
      return `<tr class="d${Math.min(row.depth, 2)}"><th scope="row">${H.esc(codeLabel(ctx, row.code))}</th>${cells}<td class="num">${row.total}</td></tr>`;
    })
    .join('\n');
  out += `<div class="table-scroll"><table class="matrix"><thead>${head}</thead>\n<tbody>\n${rows}\n</tbody></table></div>\n`;
  if (wide) out += '</div>\n';
  out += H.h(sub, ctx.tr('sum.representative'));
  for (const row of leafRows(ctx, summary.matrix)) {
    out += H.h(sub + 1, codeLabel(ctx, row.code), undefined, ` <span class="count">(${row.total})</span>`);
    const cells = row.cells.flatMap((cell, i) => (cell.quote === null ? [] : [[H.esc(names.get(summary.matrix.columns[i] ?? '') ?? ''), String(cell.count), H.quote(ctx, cell.quote).trimEnd()]]));
    out += H.table([{ header: ctx.tr('label.organization') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.quote') }], cells, { rowHeader: true });
  }
  out += '</section>\n';

  out += open(ctx, sCharts, level, prefix);
  out += `<div class="charts">\n${renderFrequencyCharts(summary.frequencies, { ...options, names }, H.anchor(prefix, 'chart'))}</div>\n`;
  out += '</section>\n';

  out += open(ctx, sNet, level, prefix);
  out += H.p(ctx.tr('sum.networkIntro'));
  if (summary.network.edges.length === 0) out += H.p(ctx.tr('sum.noNetwork'));
  else {
    out += renderNetworkSvg(summary.network, { ...options, names }, H.anchor(prefix, 'network'));
    out += `<p class="legend">${CHARACTERS.map((c) => `<span style="color:${NETWORK_STYLES[c].color}">■</span> ${H.esc(ctx.tr(`char.${c}`))}`).join(' · ')}</p>\n`;
    out += H.h(sub, ctx.tr('sum.networkEdges'));
    out += H.table(
      [{ header: ctx.tr('label.organization') }, { header: ctx.tr('net.partner') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('net.systematic'), numeric: true }, { header: ctx.tr('net.accidental'), numeric: true }, { header: ctx.tr('net.absent'), numeric: true }, { header: ctx.tr('net.character') }],
      summary.network.edges.map((e) => [H.esc(names.get(e.organization) ?? e.organization), H.esc(codeLabel(ctx, e.partner)), String(e.weight), String(e.systematic), String(e.accidental), String(e.absent), H.esc(ctx.tr(`char.${e.character}`))]),
      { rowHeader: true },
    );
  }
  out += '</section>\n';

  out += open(ctx, sRec, level, prefix);
  if (summary.recommendations.length === 0) out += H.p(ctx.tr('rec.noRules'));
  else {
    out += H.table(
      [{ header: ctx.tr('sum.recommendations') }, { header: ctx.tr('sum.triggeredFor') }],
      summary.recommendations.map((r) => [H.esc(recommendationText(ctx, r.id, r.text)), H.esc(r.organizations.map((o) => names.get(o) ?? o).join(', ') || ctx.tr('label.none'))]),
      { rowHeader: true },
    );
  }
  out += '</section>\n';

  out += open(ctx, sMethod, level, prefix);
  out += methodHtml(ctx, summary.method, true);
  out += '</section>\n';
  return out;
}

export function renderSummaryHtml(summary: StudySummary, options: SummaryOptions): string {
  const ctx = makeCtx(options);
  const title = ctx.tr('sum.title');
  let body = `<header>\n${H.h(1, title)}${summary.title ? H.p(ctx.tr('sum.subtitle', { study: summary.title }), 'subtitle') : ''}</header>\n`;
  body += summaryToc(ctx, 'sum');
  body += `<main>\n${summaryHtmlBody(ctx, summary, options, 2, 'sum')}</main>\n`;
  return H.page(options.lang, summary.title ? `${title}: ${summary.title}` : title, body);
}

/**
 * The whole study in one printable page: the summary, then each organization report starting on a
 * new page. Links point inside the page.
 */
export function renderBookHtml(reports: StudyReports, options: RenderOptions): string {
  const ctx = makeCtx(options);
  const title = reports.summary.title ?? ctx.tr('sum.book');
  const prefixOf = (id: string) => H.anchor('org', id);
  let body = `<header>\n${H.h(1, title)}${H.p(ctx.tr('sum.book'), 'subtitle')}</header>\n`;
  const items = [
    `<li><a href="#${H.anchor('summary')}">${H.esc(ctx.tr('sum.title'))}</a></li>`,
    ...reports.organizations.map((r) => `<li><a href="#${prefixOf(r.organization)}">${H.esc(organizationName(r))}</a></li>`),
  ];
  body += `<nav class="toc" aria-label="${H.esc(ctx.tr('label.contents'))}">\n<ol>\n${items.join('\n')}\n</ol>\n</nav>\n<main>\n`;
  body += `<article aria-labelledby="summary">\n${H.h(2, ctx.tr('sum.title'), 'summary')}`;
  body += summaryHtmlBody(ctx, reports.summary, { ...options, reportHref: (id) => `#${prefixOf(id)}` }, 3, 'sum');
  body += '</article>\n';
  for (const r of reports.organizations) {
    const prefix = prefixOf(r.organization);
    body += `<article class="organization" aria-labelledby="${prefix}">\n${H.h(2, ctx.tr('org.title', { name: organizationName(r) }), prefix)}`;
    body += organizationToc(ctx, prefix);
    body += organizationHtmlBody(ctx, r, 3, prefix);
    body += '</article>\n';
  }
  body += '</main>\n';
  return H.page(options.lang, title, body);
}

// ---------------------------------------------------------------- JSON

export function renderSummaryJson(summary: StudySummary, options: RenderOptions): string {
  const ctx = makeCtx(options);
  const recommendations = summary.recommendations.map((r) => ({ ...r, text: recommendationText(ctx, r.id, r.text) }));
  return jsonText(ctx, { ...summary, recommendations }, labelsOf(ctx));
}
