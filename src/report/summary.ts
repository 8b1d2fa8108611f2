// The cross-organization summary as a document tree (executive summary, overview, SWOT grid, networking matrix, shares, recommendations), and the printable book.
import type { CollaborationCharacter, StudyReports, StudySummary } from '../aggregate/types.js';
import { isOwnType } from '../aggregate/evidence.js';
import { QUADRANTS } from '../model/types.js';
import { citation, codeLabel, makeCtx, quadrantLabel, recommendationText, type Ctx, type RenderOptions } from './context.js';
import { cell, heading, para, type Block, type Cell, type Doc, type Inline } from './doc.js';
import { Citations } from './findings.js';
import { anchor } from './html.js';
import { translateValue, type MessageKey } from './i18n.js';
import { jsonText, labelsOf } from './json.js';
import { methodBlocks, methodShort, organizationEvidenceBlocks, organizationMainBlocks, organizationName, swotGridBlock } from './organization.js';
import { docHtml } from './render-html.js';
import { docMarkdown } from './render-md.js';

export interface SummaryOptions extends RenderOptions {
  /** Where an organization's report is, relative to the summary (e.g. `organizations/atrama.html`); null: no link. */
  reportHref?: (organization: string) => string | null;
}

/** The summary's sections, in order. */
export const SUMMARY_SECTIONS = [
  ['executive', 'exec.title'],
  ['organizations', 'sum.overview'],
  ['swot', 'sum.overallSwot'],
  ['networking', 'net.matrix'],
  ['shares', 'sum.shares'],
  ['recommendations', 'sum.recommendationsAcross'],
  ['method', 'sum.method'],
] as const satisfies readonly (readonly [string, MessageKey])[];

export function organizationNames(summary: StudySummary): Map<string, string> {
  return new Map(summary.organizations.map((o) => [o.id, o.name ?? o.id]));
}

/** Symbols of the networking matrix: readable without colour and in black-and-white print. */
/** Names listed in a sentence: with commas, or with semicolons when a name holds a comma ("Ministry of Social Security and Labour, Social Integration Division; Namų Šviesa Shelter"). */
export function listOfNames(names: readonly string[]): string {
  return names.join(names.some((n) => n.includes(',')) ? '; ' : ', ');
}

export const CHARACTER_SYMBOLS: Record<CollaborationCharacter, string> = { systematic: '●', mixed: '◑', accidental: '○', absent: '✕', unspecified: '·' };
const CHARACTER_ORDER: readonly CollaborationCharacter[] = ['systematic', 'mixed', 'accidental', 'absent', 'unspecified'];
/** Organization types in the order the matrix groups them: service providers first, then the state. */
const TYPE_ORDER = ['ngo', 'international', 'municipality', 'police', 'ministry'];

function section(ctx: Ctx, key: (typeof SUMMARY_SECTIONS)[number], level: number, prefix: string, blocks: Block[], className?: string): Block {
  return { kind: 'section', id: anchor(prefix, key[0]), heading: ctx.tr(key[1]), level, blocks, className };
}

/** The one-page executive summary: scope, the leading sub-themes and where they are strongest, networking, the widest recommendations. */
function executiveBlocks(ctx: Ctx, s: StudySummary, names: ReadonlyMap<string, string>, level: number, prefix: string): Block[] {
  const ex = s.executive;
  const citations = new Citations(`${prefix}-exec`);
  const nameOf = (id: string) => names.get(id) ?? id;
  const areaName = (a: string) => (a === 'barriers' ? ctx.tr('find.area.barriers') : quadrantLabel(ctx, a as (typeof QUADRANTS)[number]));
  const out: Block[] = [para(ctx.tr('exec.scope', { documents: ex.documents, organizations: ex.organizations, segments: ex.segments }))];
  out.push(heading(level + 1, ctx.tr('exec.findings')));
  out.push({
    kind: 'list',
    items: ex.themes.map((t) => [
      ctx.tr('exec.theme', { area: areaName(t.area), code: codeLabel(ctx, t.code), organizations: t.organizations, total: ex.organizations, leaders: listOfNames(t.leaders.map(nameOf)) }),
      ...citations.refs(t.quote ? [t.quote] : []),
    ]),
  });
  if (ex.partners.length > 0) {
    out.push(heading(level + 1, ctx.tr('exec.networking')));
    out.push({
      kind: 'list',
      // A partner type with neither a collaboration of known character nor a gap has nothing to report.
      items: ex.partners.flatMap((p) => {
        const parts = CHARACTER_ORDER.filter((c) => p.counts[c] > 0).map((c) => `${ctx.tr(`char.${c}`)} ${p.counts[c]}`).join(', ');
        if (parts === '' && p.gaps === 0) return [];
        const key = parts === '' ? 'exec.partnerOnlyGaps' : p.gaps > 0 ? 'exec.partnerGaps' : 'exec.partner';
        return [[ctx.tr(key, { code: codeLabel(ctx, p.code), parts, organizations: p.organizations, gaps: p.gaps }), ...citations.refs(p.quote ? [p.quote] : [])]];
      }),
    });
  }
  out.push(heading(level + 1, ctx.tr('exec.recommendations')));
  const recs = ex.recommendations.flatMap((id) => s.recommendations.filter((r) => r.id === id && r.organizations.length > 1));
  out.push(
    recs.length === 0
      ? para(ctx.tr('exec.noRecommendations'))
      : { kind: 'list', ordered: true, items: recs.map((r) => [ctx.tr('exec.recommendation', { text: recommendationText(ctx, r.id, r.text), addressee: ctx.tr(`to.${r.to}`), count: r.organizations.length, total: ex.organizations })]) },
  );
  if (citations.count > 0) out.push(heading(level + 1, ctx.tr('find.cited')), ...citations.blocks());
  return out;
}

function overviewBlocks(ctx: Ctx, s: StudySummary, options: SummaryOptions): Block[] {
  const rows = s.organizations.map((o): Cell[] => {
    const href = options.reportHref?.(o.id) ?? null;
    return [
      { content: [href ? { text: o.name ?? o.id, href } : o.name ?? o.id] },
      cell(o.type ? translateValue(ctx.lang, o.type) : ''),
      cell(String(o.documents)),
      ...o.quadrants.map((n) => cell(String(n))),
      cell(String(o.recommendations.length)),
      { content: o.gaps.length > 0 ? [{ text: o.gaps.map((g) => codeLabel(ctx, g)).join(', '), mark: 'gap' }] : [] },
    ];
  });
  const out: Block[] = [
    {
      kind: 'table',
      className: 'overview',
      rowHeader: true,
      columns: [
        { header: ctx.tr('label.organization') },
        { header: ctx.tr('sum.type') },
        { header: ctx.tr('label.documents'), numeric: true, narrow: true },
        ...QUADRANTS.map((q) => ({ header: quadrantLabel(ctx, q), numeric: true, narrow: true })),
        { header: ctx.tr('sum.recommendations'), numeric: true, narrow: true },
        { header: ctx.tr('sum.gaps') },
      ],
      rows,
    },
  ];
  if (s.missing.length > 0) out.push(heading(3, ctx.tr('sum.missing')), { kind: 'list', items: s.missing.map((m) => [m.name ?? m.id]) });
  return out;
}

/** Organization × partner type: character by symbol and colour, statement counts, the strongest statement as tooltip, one note per partner type. */
function networkMatrixBlocks(ctx: Ctx, s: StudySummary, names: ReadonlyMap<string, string>): Block[] {
  const net = s.network;
  if (net.edges.length === 0) return [para(ctx.tr('sum.noNetwork'))];
  const weight = (p: string) => net.edges.filter((e) => e.partner === p).reduce((n, e) => n + e.weight, 0);
  const partners = [...net.partners].sort((a, b) => weight(b) - weight(a));
  const typeOf = new Map(s.organizations.map((o) => [o.id, o.type]));
  const rank = (t: string | null | undefined) => {
    const i = TYPE_ORDER.indexOf((t ?? '').toLowerCase());
    return i < 0 ? TYPE_ORDER.length : i;
  };
  const strong = (o: string) => net.edges.filter((e) => e.organization === o && (e.character === 'systematic' || e.character === 'mixed')).length;
  const organizations = [...net.organizations].sort((a, b) => rank(typeOf.get(a)) - rank(typeOf.get(b)) || strong(b) - strong(a) || (a < b ? -1 : a > b ? 1 : 0));
  // One note per partner type: its strongest statement across organizations (Markdown and Word have no tooltips).
  const notes: Inline[][] = [];
  const noteOf = new Map<string, number>();
  for (const p of partners) {
    const best = net.edges.filter((e) => e.partner === p && e.quote !== null).sort((a, b) => (b.quote?.strength.confidence ?? -1) - (a.quote?.strength.confidence ?? -1) || b.weight - a.weight)[0];
    if (!best?.quote) continue;
    notes.push([`${codeLabel(ctx, p)}, ${names.get(best.organization) ?? best.organization}: ${ctx.tr('quote.text', { text: best.quote.text })} — ${citation(ctx, best.quote)}`]);
    noteOf.set(`${best.organization}\u0000${p}`, notes.length);
  }
  const rows = organizations.map((o): Cell[] => [
    cell(names.get(o) ?? o),
    ...partners.map((p): Cell => {
      if (isOwnType(p, typeOf.get(o))) return { content: [{ text: '—', mark: 'muted' }], title: ctx.tr('net.selfType') };
      const e = net.edges.find((x) => x.organization === o && x.partner === p);
      if (!e) return cell('');
      const note = noteOf.get(`${o}\u0000${p}`);
      return {
        content: [`${CHARACTER_SYMBOLS[e.character]} ${e.weight}`],
        className: `char-${e.character}`,
        title: `${ctx.tr(`char.${e.character}`)}${e.quote ? `: ${ctx.tr('quote.text', { text: e.quote.text })} — ${citation(ctx, e.quote)}` : ''}`,
        noteNumber: note,
      };
    }),
  ]);
  return [
    para({ text: ctx.tr('net.matrixIntro'), mark: 'muted' }),
    { kind: 'table', className: 'netmatrix', rowHeader: true, columns: [{ header: ctx.tr('label.organization') }, ...partners.map((p) => ({ header: codeLabel(ctx, p), narrow: true }))], rows, notes },
    para({ text: `${ctx.tr('net.legend')}: `, strong: true }, CHARACTER_ORDER.map((c) => `${CHARACTER_SYMBOLS[c]} ${ctx.tr(`char.${c}`)}`).join(' · '), ' · — ', ctx.tr('net.selfType')),
  ];
}

/** Shares of each organization's segments per top-level code, shaded by size. */
function sharesBlocks(ctx: Ctx, s: StudySummary, names: ReadonlyMap<string, string>): Block[] {
  const codes = s.frequencies[0]?.counts.map((c) => c.code) ?? [];
  const rows = s.frequencies.map((f): Cell[] => {
    const total = f.counts.reduce((n, c) => n + c.segments, 0);
    return [
      cell(names.get(f.organization) ?? f.organization),
      ...f.counts.map((c): Cell => {
        const share = total === 0 ? 0 : Math.round((c.segments / total) * 100);
        return { content: [`${share}%`], className: `share-${Math.min(4, Math.floor(share / 10))}`, title: `${c.segments} / ${total}` };
      }),
    ];
  });
  return [
    para({ text: ctx.tr('sum.sharesIntro'), mark: 'muted' }),
    { kind: 'table', className: 'shares', rowHeader: true, columns: [{ header: ctx.tr('label.organization') }, ...codes.map((c) => ({ header: codeLabel(ctx, c), numeric: true, narrow: true }))], rows },
  ];
}

/** Recommendations × organizations: which applies where, most widely applicable first; organizations by id (names in the overview). */
function recommendationsBlocks(ctx: Ctx, s: StudySummary, names: ReadonlyMap<string, string>): Block[] {
  if (s.recommendations.length === 0) return [para(ctx.tr('rec.noRules'))];
  const list = [...s.recommendations].sort((a, b) => b.organizations.length - a.organizations.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const orgs = s.organizations.map((o) => o.id);
  return [
    {
      kind: 'table',
      className: 'recs',
      columns: [{ header: ctx.tr('sum.recommendations') }, { header: ctx.tr('sum.addressee') }, { header: 'n', numeric: true }, ...orgs.map((o) => ({ header: o, narrow: true }))],
      rows: list.map((r) => [
        cell(recommendationText(ctx, r.id, r.text)),
        cell(ctx.tr(`to.${r.to}`)),
        cell(String(r.organizations.length)),
        ...orgs.map((o): Cell => (r.organizations.includes(o) ? { content: ['●'], title: names.get(o) ?? o } : cell(''))),
      ]),
    },
  ];
}

/** The summary's main sections. */
export function summaryBlocks(ctx: Ctx, s: StudySummary, options: SummaryOptions, level: number, prefix: string): Block[] {
  const names = organizationNames(s);
  const [sExec, sOrg, sSwot, sNet, sShares, sRec, sMethod] = SUMMARY_SECTIONS;
  const orgCount = (code: string) => s.matrix.rows.find((r) => r.code === code)?.cells.filter((c) => c.count > 0).length ?? 0;
  return [
    section(ctx, sExec, level, prefix, executiveBlocks(ctx, s, names, level, prefix), 'executive'),
    section(ctx, sOrg, level, prefix, overviewBlocks(ctx, s, options)),
    section(ctx, sSwot, level, prefix, [para(ctx.tr('swot.totals', { segments: s.swot.segments, documents: s.swot.documents })), swotGridBlock(ctx, s.swot, level + 1, orgCount)]),
    section(ctx, sNet, level, prefix, networkMatrixBlocks(ctx, s, names)),
    section(ctx, sShares, level, prefix, sharesBlocks(ctx, s, names)),
    section(ctx, sRec, level, prefix, recommendationsBlocks(ctx, s, names)),
    section(ctx, sMethod, level, prefix, [methodShort(ctx, s.method)]),
  ];
}

/** The summary's evidence: the code-by-organization matrix with a representative quote per cell, and the full method. */
export function summaryEvidenceBlocks(ctx: Ctx, s: StudySummary, level: number, prefix: string): Block[] {
  const names = organizationNames(s);
  const out: Block[] = [para({ text: ctx.tr('sum.matrixIntro'), mark: 'muted' })];
  out.push({
    kind: 'table',
    className: 'matrix',
    rowHeader: true,
    columns: [{ header: ctx.tr('label.code') }, ...s.matrix.columns.map((c) => ({ header: c, numeric: true, narrow: true })), { header: ctx.tr('label.total'), numeric: true, narrow: true }],
    rows: s.matrix.rows.map((row) => [cell(`${'\u00a0\u00a0'.repeat(row.depth)}${codeLabel(ctx, row.code)}`), ...row.cells.map((c) => ({ content: [String(c.count)], className: c.count === 0 ? 'zero' : undefined })), cell(String(row.total))]),
  });
  out.push(heading(level + 1, ctx.tr('sum.representative')));
  for (const row of s.matrix.rows) {
    if (row.total === 0 || (ctx.codebook.byId.get(row.code)?.children.length ?? 0) > 0) continue;
    out.push(heading(level + 2, `${codeLabel(ctx, row.code)} (${row.total})`));
    row.cells.forEach((c, i) => {
      if (c.quote === null) return;
      out.push(para({ text: `${names.get(s.matrix.columns[i] ?? '') ?? ''} (${c.count})`, strong: true }), { kind: 'quote', quote: c.quote });
    });
  }
  out.push(heading(level + 1, ctx.tr('sum.method')), ...methodBlocks(ctx, s.method, true));
  return [{ kind: 'section', id: anchor(prefix, 'evidence'), heading: ctx.tr('sum.evidence'), level, blocks: out, className: 'evidence' }];
}

function summaryDoc(ctx: Ctx, s: StudySummary, options: SummaryOptions): Doc {
  return { title: ctx.tr('sum.title'), subtitle: s.title ? ctx.tr('sum.subtitle', { study: s.title }) : undefined, toc: true, blocks: [...summaryBlocks(ctx, s, options, 2, 'sum'), ...summaryEvidenceBlocks(ctx, s, 2, 'sum')] };
}

export function renderSummaryMarkdown(summary: StudySummary, options: SummaryOptions): string {
  const ctx = makeCtx(options);
  return docMarkdown(ctx, summaryDoc(ctx, summary, options));
}

export function renderSummaryHtml(summary: StudySummary, options: SummaryOptions): string {
  const ctx = makeCtx(options);
  return docHtml(ctx, summaryDoc(ctx, summary, options));
}

/**
 * Each organization's anchor in a document of all of them (`org-<id>`, the prefix of its quotes'
 * anchors): ids told apart by case, spaces or punctuation alone ("Atrama", "ATRAMA") would share
 * one, so the later ones (in report order) get `-2`, `-3` ..., and every [n] link finds its own quote.
 */
function orgAnchors(reports: StudyReports): (id: string) => string {
  const byId = new Map<string, string>();
  const used = new Set<string>();
  for (const r of reports.organizations) {
    const base = anchor('org', r.organization);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    byId.set(r.organization, id);
  }
  return (id) => byId.get(id) ?? anchor('org', id);
}

/**
 * The main report, the document to open first: the summary (its executive summary on the first page),
 * then each organization's concise report on new pages. Evidence appendices are in evidenceDoc.
 */
export function bookDoc(ctx: Ctx, reports: StudyReports): Doc {
  const title = reports.summary.title ?? ctx.tr('sum.book');
  const orgPrefix = orgAnchors(reports);
  const blocks: Block[] = [
    { kind: 'section', id: 'summary', heading: ctx.tr('sum.title'), level: 2, blocks: summaryBlocks(ctx, reports.summary, { ...ctx, reportHref: (id) => `#${orgPrefix(id)}` }, 3, 'sum') },
    ...reports.organizations.map((r): Block => ({ kind: 'section', id: orgPrefix(r.organization), heading: ctx.tr('org.title', { name: organizationName(r) }), level: 2, className: 'organization', pageBreak: true, blocks: organizationMainBlocks(ctx, r, 3, orgPrefix(r.organization), false) })),
  ];
  // How to read it: after the executive summary, so that the executive summary stays on the first page.
  const reading = para({ text: `${ctx.tr('book.reading')} ${ctx.tr('find.intro')} ${ctx.tr('rec.intro')}`, mark: 'muted' });
  const summary = blocks[0];
  if (summary?.kind === 'section') summary.blocks.splice(1, 0, reading);
  return { title, subtitle: ctx.tr('sum.book'), toc: true, blocks };
}

/** The evidence behind the main report: the summary's matrix with quotes, then each organization's appendix. */
export function evidenceDoc(ctx: Ctx, reports: StudyReports): Doc {
  const title = `${ctx.tr('book.evidence')}: ${reports.summary.title ?? ctx.tr('sum.book')}`;
  const orgPrefix = orgAnchors(reports);
  const blocks: Block[] = [
    ...summaryEvidenceBlocks(ctx, reports.summary, 2, 'sum'),
    ...reports.organizations.map((r): Block => ({ kind: 'section', id: orgPrefix(r.organization), heading: organizationName(r), level: 2, className: 'organization', pageBreak: true, blocks: organizationEvidenceBlocks(ctx, r, 3, orgPrefix(r.organization)) })),
  ];
  return { title, toc: true, blocks };
}

export function renderBookHtml(reports: StudyReports, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return docHtml(ctx, bookDoc(ctx, reports));
}

export function renderEvidenceHtml(reports: StudyReports, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return docHtml(ctx, evidenceDoc(ctx, reports));
}

export function renderSummaryJson(summary: StudySummary, options: RenderOptions): string {
  const ctx = makeCtx(options);
  const recommendations = summary.recommendations.map((r) => ({ ...r, text: recommendationText(ctx, r.id, r.text) }));
  return jsonText(ctx, { ...summary, recommendations }, labelsOf(ctx));
}
