// HTML pieces the HTML back-end (render-html.ts) shares: the self-contained page (inline CSS, print rules), quote languages and ids.
import type { Quote } from '../aggregate/types.js';
import type { Ctx } from './context.js';
import { escapeHtml } from './escape.js';
import type { Lang } from './i18n.js';

export const esc = escapeHtml;

/**
 * One stylesheet for every page: readable on screen, printable (A4, page breaks before each
 * organization, links shown as text), colours with enough contrast, no external fonts.
 *
 * In print nothing may fall off the page, and a page cannot scroll: tables get a smaller font and
 * tighter cells, ids and paths may break anywhere, the column headers of the summary's overview
 * table and matrix are turned sideways (numbers need narrow columns, their headers do not fit
 * them), and the matrix is laid out at the page width (the code column, then equal columns that
 * shrink with the number of organizations). A matrix with more than WIDE_MATRIX organizations is
 * printed with its heading on landscape A4 pages of its own (`.wide`, the named page `wide`).
 */
export const STYLE = `
:root{--fg:#1b1b1b;--muted:#555;--line:#c8c8c8;--bg:#fff;--s:#e6f4ea;--s-b:#1e7b34;--w:#fdecea;--w-b:#b3261e;--o:#e8f0fe;--o-b:#1a56b0;--t:#fff4e5;--t-b:#a05a00}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
body{margin:0 auto;max-width:72rem;padding:1.5rem}
h1{font-size:1.8rem;margin:.2rem 0 .4rem}h2{font-size:1.4rem;margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.15rem;margin-top:1.6rem}h4{font-size:1rem;margin-top:1.2rem}h5{font-size:.95rem}
.subtitle{color:var(--muted);margin-top:0}
nav.toc ol{columns:2;padding-left:1.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#6b6b6b}
.table-scroll{overflow-x:auto;max-width:100%}
.matrix{font-size:.8rem}.matrix td.quote{max-width:18rem}
.matrix .d1 th{padding-left:1.2rem}.matrix .d2 th{padding-left:2.2rem}
figure.quote{margin:.5rem 0 .9rem;padding:.1rem 0 .1rem .9rem;border-left:4px solid var(--line)}
figure.quote blockquote{margin:0}figure.quote p{margin:.1rem 0}
figure.quote figcaption{color:var(--muted);font-size:.85rem}
.swot{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;margin:1rem 0}
.swot section{padding:.6rem .9rem;border-radius:4px;border-top:5px solid}
.swot .strength{background:var(--s);border-color:var(--s-b)}.swot .weakness{background:var(--w);border-color:var(--w-b)}
.swot .opportunity{background:var(--o);border-color:var(--o-b)}.swot .threat{background:var(--t);border-color:var(--t-b)}
.swot h3,.swot h4{margin-top:.2rem}.swot figure.quote{border-color:rgba(0,0,0,.25)}
.count{color:var(--muted);font-weight:normal;font-size:.9em}
.contradiction{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;border:1px dashed var(--line);padding:.5rem .8rem;margin:.6rem 0}
.contradiction h4,.contradiction h5{grid-column:1/-1;margin:.2rem 0}
.gap{color:var(--w-b);font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
svg text{font-family:inherit}
.legend{color:var(--muted);font-size:.85rem}
p.finding{margin:.35rem 0}
.refs{color:var(--muted);font-size:.85em;white-space:nowrap}.refs a{color:inherit}
figure.quote.cited{margin:.2rem 0 .35rem;font-size:.92rem}
figure.quote.cited blockquote,figure.quote.cited blockquote p,figure.quote.cited figcaption{display:inline}
figure.quote.cited figcaption{margin-left:.3rem;font-size:1em}
.qn{font-weight:600;color:var(--muted)}
figure.quote.low{border-left-style:dashed}
.low{color:#6b6b6b;font-style:italic}.muted{color:var(--muted)}
.swot ul{margin:.2rem 0;padding-left:1.1rem}.swot li{margin:.1rem 0}
table.netmatrix td{text-align:center;white-space:nowrap}
.char-systematic{background:#d4edda}.char-accidental{background:#ffe8cc}.char-mixed{background:#e9ddf5}.char-absent{background:#f8d7da}.char-unspecified{background:#eeeeee}
table.shares td{text-align:right}
.share-1{background:#f1f6fb}.share-2{background:#dbe8f5}.share-3{background:#bcd4ee}.share-4{background:#9cc0e6}
ol.notes{font-size:.8rem;color:var(--muted);padding-left:1.4rem}
sup.note{color:var(--muted)}
dl.method{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.method dt{font-weight:600}dl.method dd{margin:0}
@media (max-width:50rem){.swot,.contradiction{grid-template-columns:1fr}nav.toc ol{columns:1}}
@media print{
@page{size:A4;margin:14mm 15mm}
body{max-width:none;padding:0;font-size:10pt;line-height:1.4}
h2{font-size:15pt;margin-top:1.2rem}h3{font-size:12.5pt;margin-top:1rem}h4{font-size:11pt;margin-top:.8rem}
p{margin:.45rem 0}
nav.toc{display:none}
a{color:inherit;text-decoration:none}
article.organization{break-before:page;page-break-before:always}
section.page{margin-top:1.6rem;border-top:3px solid #999;padding-top:.2rem}
.grid.swot{grid-template-columns:1fr 1fr;break-inside:avoid;page-break-inside:avoid;font-size:9pt;gap:.4rem}
.grid.swot h3,.grid.swot h4,.grid.swot h5{font-size:10pt;margin:.1rem 0}
.grid.swot section{padding:.3rem .5rem}
figure.quote.cited{font-size:8pt;line-height:1.3;margin:.05rem 0 .15rem;padding-left:.5rem;border-left-width:2px}
p.finding{margin:.25rem 0}
section.executive{font-size:9pt;line-height:1.3}section.executive h3{margin-top:.6rem}section.executive h4{margin:.4rem 0 .2rem;font-size:10pt}
section.executive ul,section.executive ol{margin:.2rem 0;padding-left:1.2rem}section.executive p{margin:.25rem 0}
section.executive figure.quote.cited{font-size:8pt;margin:.1rem 0 .15rem}
table.netmatrix,table.shares{font-size:7.5pt}
table.recs{font-size:7.5pt}table.recs td{padding:.1rem .25rem}
table.netmatrix thead th.narrow,table.shares thead th.narrow,table.recs thead th.narrow{writing-mode:sideways-lr;vertical-align:bottom;text-align:left;padding:.3rem .15rem}
ol.notes{font-size:7.5pt}
h2,h3,h4{break-after:avoid;page-break-after:avoid}
figure,tr,.swot section,svg{break-inside:avoid;page-break-inside:avoid}
.swot section{border:1px solid #999;border-top-width:5px}
.table-scroll{overflow:visible;max-width:100%}
table{max-width:100%;font-size:8.5pt}
th,td{padding:.15rem .3rem;overflow-wrap:break-word}
cite,th[scope="row"]{overflow-wrap:anywhere}
table.overview{font-size:7.5pt}
table.matrix{table-layout:fixed;width:100%;font-size:7.5pt}
table.matrix thead th:first-child{width:30%}table.matrix thead th:last-child{width:3.2em}
td.num{overflow-wrap:normal;white-space:nowrap}
table.overview thead th.num,table.matrix thead th.num{writing-mode:sideways-lr;vertical-align:bottom;text-align:left;padding:.3rem .15rem}
.matrix .d1 th{padding-left:.8rem}.matrix .d2 th{padding-left:1.4rem}
.wide{page:wide}
.wide table.matrix{font-size:7pt}.wide table.matrix thead th:first-child{width:20%}
@page wide{size:A4 landscape;margin:12mm}
}
`.trim();

/**
 * A complete page. The Content-Security-Policy forbids every request (scripts, fonts, images, frames):
 * the page must work from its own bytes, and a browser would refuse anything else.
 */
export function page(lang: Lang, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="qeval">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>
${STYLE}
</style>
</head>
<body>
${body}</body>
</html>
`;
}

/** A BCP 47 language tag as documents give it (`lt`, `en-GB`); anything else is not a language we can declare. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The language tag of a quote whose document is in another language than the report (an English
 * quote in a Lithuanian report), as its document gives it (`en`, `lt-LT`); undefined when it is the
 * report's language or not a BCP 47 tag.
 */
export function quoteLanguage(ctx: Pick<Ctx, 'lang'>, q: Pick<Quote, 'language'>): string | undefined {
  const tag = q.language?.trim() ?? '';
  if (!LANGUAGE_TAG.test(tag)) return undefined;
  const primary = tag.split('-')[0]?.toLowerCase();
  return primary === ctx.lang ? undefined : tag;
}

/**
 * ` lang="lt"` for a quote whose document is in another language than the page (see quoteLanguage),
 * so screen readers and hyphenation use the right language; '' when it is the page's language or unknown.
 */
export function quoteLang(ctx: Pick<Ctx, 'lang'>, q: Pick<Quote, 'language'>): string {
  const tag = quoteLanguage(ctx, q);
  return tag === undefined ? '' : ` lang="${esc(tag)}"`;
}

/** An HTML id fragment from any text (ASCII letters, digits and dashes; `Šilas` -> `silas`). */
export function anchor(...parts: string[]): string {
  return parts
    .join('-')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
