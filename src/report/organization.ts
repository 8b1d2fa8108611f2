// The organization report in Markdown, HTML and JSON: profile, SWOT, networking, attitudes, services, barriers, recommendations, method.
import type { Contradiction, MethodInfo, OrganizationReport, Quote, RecommendationResult } from '../aggregate/types.js';
import { codeLabel, makeCtx, recommendationText, type Ctx, type RenderOptions } from './context.js';
import * as H from './html.js';
import { translateAttribute, translateValue, type MessageKey } from './i18n.js';
import { jsonText, labelsOf } from './json.js';
import * as M from './markdown.js';
import { swotGridHtml, swotGridMarkdown } from './swot.js';

/** The sections of an organization report, in order, with their heading message. */
export const ORGANIZATION_SECTIONS = [
  ['profile', 'org.profile'],
  ['swot', 'org.swot'],
  ['networking', 'org.networking'],
  ['attitudes', 'org.attitudes'],
  ['services', 'org.services'],
  ['barriers', 'org.barriers'],
  ['recommendations', 'org.recommendations'],
  ['method', 'org.method'],
] as const satisfies readonly (readonly [string, MessageKey])[];

export function organizationName(report: Pick<OrganizationReport, 'name' | 'organization'>): string {
  return report.name ?? report.organization;
}

function attributeValue(ctx: Ctx, name: string, value: string): string {
  return name === 'org_type' ? translateValue(ctx.lang, value) : value;
}

function optional(value: string | null): string {
  return value ?? '';
}

function contradictionTitle(ctx: Ctx, c: Contradiction): string {
  const [a, b] = c.sides;
  switch (c.kind) {
    case 'opposite-quadrants':
      return ctx.tr('contra.opposite-quadrants', { a: codeLabel(ctx, a.code), b: codeLabel(ctx, b.code) });
    case 'negation':
      return ctx.tr('contra.negation', { a: codeLabel(ctx, c.topic) });
    case 'networking-character':
      return ctx.tr('contra.networking-character', { topic: codeLabel(ctx, c.topic) });
    case 'attitude-valence':
      return ctx.tr('contra.attitude-valence', { topic: codeLabel(ctx, c.topic) });
  }
}

function conditionText(ctx: Ctx, c: RecommendationResult['conditions'][number]): string {
  const params = { code: codeLabel(ctx, c.code), count: c.count, min: c.min ?? (c.kind === 'presence' ? 1 : 0), max: c.max ?? '' };
  return ctx.tr(c.kind === 'presence' ? 'rec.presence' : c.kind === 'absence' ? 'rec.absence' : 'rec.range', params);
}

function methodRows(ctx: Ctx, method: MethodInfo, summary: boolean): [string, string][] {
  const rows: [string, string][] = [
    [ctx.tr('method.codebook'), method.codebooks.map((c) => `${c.name} ${c.version} (${c.language})`).join('; ')],
    [ctx.tr('method.unit'), method.unit ? ctx.tr(`unit.${method.unit}` as MessageKey) : ctx.tr('label.notSet')],
    [ctx.tr('method.groupBy'), method.groupBy],
    [ctx.tr('method.documents'), String(method.documents)],
    [ctx.tr('method.segments'), String(method.segments)],
    [ctx.tr('method.units'), String(method.units)],
    [ctx.tr('method.coders'), method.coders.length === 0 ? ctx.tr('label.none') : method.coders.map((c) => `${c.value} (${c.count})`).join('; ')],
    [ctx.tr('method.methods'), method.methods.length === 0 ? ctx.tr('label.none') : method.methods.map((c) => `${c.value} (${c.count})`).join('; ')],
  ];
  if (summary) rows.push([ctx.tr('method.ungrouped'), String(method.ungrouped)]);
  rows.push([ctx.tr('method.top'), String(method.top)], [ctx.tr('method.version'), method.qevalVersion]);
  return rows;
}

function methodNotes(ctx: Ctx, method: MethodInfo): string[] {
  return [ctx.tr('method.ranking'), ctx.tr('method.rollup'), ctx.tr('method.reproduce', { version: method.qevalVersion })];
}

// ---------------------------------------------------------------- Markdown

function contradictionsMarkdown(ctx: Ctx, list: readonly Contradiction[], level: number): string {
  let out = '';
  for (const c of list) {
    out += M.heading(level, contradictionTitle(ctx, c));
    for (const side of c.sides) {
      out += `**${M.md(codeLabel(ctx, side.code))}** (${side.count})\n\n`;
      out += M.quotes(ctx, side.quotes);
    }
  }
  return out;
}

export function methodMarkdown(ctx: Ctx, method: MethodInfo, summary: boolean): string {
  return (
    M.table(
      [ctx.tr('label.attribute'), ctx.tr('label.value')],
      methodRows(ctx, method, summary).map(([k, v]) => [M.md(k), M.md(v)]),
    ) + methodNotes(ctx, method).map(M.paragraph).join('')
  );
}

function quotesBlockMarkdown(ctx: Ctx, title: string, count: number, quotes: readonly Quote[], level: number): string {
  return M.heading(level, `${title} (${count})`) + (quotes.length === 0 ? M.paragraph(ctx.tr('swot.noEvidence')) : M.quotes(ctx, quotes));
}

/** The report body; `level` is the level of the section headings (2 in a standalone report). */
export function organizationMarkdownBody(ctx: Ctx, r: OrganizationReport, level: number): string {
  const sub = level + 1;
  let out = '';

  // 1. Profile
  out += M.heading(level, ctx.tr('org.profile'));
  out += M.paragraph(ctx.tr('org.profileTotals', { documents: r.profile.documents.length, segments: r.profile.segments, units: r.profile.units }));
  out += M.heading(sub, ctx.tr('org.attributes'));
  out += r.profile.attributes.length === 0
    ? M.paragraph(ctx.tr('org.noAttributes'))
    : M.table([ctx.tr('label.attribute'), ctx.tr('label.value')], r.profile.attributes.map(([k, v]) => [M.md(translateAttribute(ctx.lang, k)), M.md(attributeValue(ctx, k, v))]));
  out += M.heading(sub, ctx.tr('org.documents'));
  out += r.profile.documents.length === 0
    ? M.paragraph(ctx.tr('org.noDocuments'))
    : M.table(
        [ctx.tr('doc.id'), ctx.tr('doc.title'), ctx.tr('doc.kind'), ctx.tr('doc.role'), ctx.tr('doc.date'), ctx.tr('doc.language'), ctx.tr('label.segments')],
        r.profile.documents.map((d) => [M.md(d.id), M.md(optional(d.title)), M.md(d.kind ? translateValue(ctx.lang, d.kind) : ''), M.md(optional(d.role)), M.md(optional(d.date)), M.md(optional(d.language)), String(d.segments)]),
        [false, false, false, false, false, false, true],
      );
  if (r.profile.roles.length > 0) {
    out += M.heading(sub, ctx.tr('org.roles'));
    out += M.bullets(r.profile.roles.map((v) => `${M.md(v.value)} (${v.count})`));
  }
  if (r.profile.kinds.length > 0) {
    out += M.heading(sub, ctx.tr('org.kinds'));
    out += M.bullets(r.profile.kinds.map((v) => `${M.md(translateValue(ctx.lang, v.value))} (${v.count})`));
  }

  // 2. SWOT
  out += M.heading(level, ctx.tr('org.swot'));
  out += swotGridMarkdown(ctx, r.swot, sub, 'themes');
  out += M.heading(sub, ctx.tr('org.contradictions'));
  out += r.contradictions.length === 0 ? M.paragraph(ctx.tr('org.noContradictions')) : contradictionsMarkdown(ctx, r.contradictions, sub + 1);

  // 3. Networking
  const net = r.networking;
  out += M.heading(level, ctx.tr('org.networking'));
  out += M.paragraph(ctx.tr('net.intro'));
  out += net.partners.length === 0
    ? M.paragraph(ctx.tr('net.noPartners'))
    : M.table(
        [ctx.tr('net.partner'), ctx.tr('label.segments'), ctx.tr('net.systematic'), ctx.tr('net.accidental'), ctx.tr('net.absent'), ctx.tr('net.character')],
        net.partners.map((p) => [M.md(codeLabel(ctx, p.code)), String(p.count), String(p.systematic), String(p.accidental), String(p.absent), M.md(ctx.tr(`char.${p.character}`))]),
        [false, true, true, true, true, false],
      );
  for (const p of net.partners) out += quotesBlockMarkdown(ctx, codeLabel(ctx, p.code), p.count, p.quotes, sub);
  out += M.heading(sub, ctx.tr('net.characterHeading'));
  for (const ch of [net.systematic, net.accidental, net.absent]) out += quotesBlockMarkdown(ctx, codeLabel(ctx, ch.code), ch.count, ch.quotes, sub + 1);
  out += M.heading(sub, ctx.tr('net.gaps'));
  if (net.gaps.length === 0) out += M.paragraph(ctx.tr('net.noGaps'));
  for (const g of net.gaps) {
    out += `**${M.md(ctx.tr(`net.gap.${g.reason}`, { partner: codeLabel(ctx, g.code) }))}**\n\n`;
    out += M.quotes(ctx, g.quotes);
  }
  if (net.contradictions.length > 0) {
    out += M.heading(sub, ctx.tr('org.contradictions'));
    out += contradictionsMarkdown(ctx, net.contradictions, sub + 1);
  }

  // 4. Attitudes
  const att = r.attitudes;
  out += M.heading(level, ctx.tr('org.attitudes'));
  out += M.paragraph(ctx.tr('att.intro'));
  if (att.holders.length === 0) out += M.paragraph(ctx.tr('att.none'));
  else {
    out += M.table(
      [ctx.tr('att.holder'), ...att.valences.map((v) => codeLabel(ctx, v)), ctx.tr('label.total')],
      att.holders.map((row) => [M.md(row.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, row.holder)), ...row.valences.map((v) => String(v.count)), String(row.total)]),
      [false, ...att.valences.map(() => true), true],
    );
    for (const row of att.holders) {
      out += M.heading(sub, row.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, row.holder));
      for (const v of row.valences) if (v.count > 0) out += quotesBlockMarkdown(ctx, codeLabel(ctx, v.code), v.count, v.quotes, sub + 1);
    }
  }
  if (att.contradictions.length > 0) {
    out += M.heading(sub, ctx.tr('org.contradictions'));
    out += contradictionsMarkdown(ctx, att.contradictions, sub + 1);
  }

  // 5. Services
  out += M.heading(level, ctx.tr('org.services'));
  out += M.paragraph(ctx.tr('svc.intro'));
  out += M.table(
    [ctx.tr('svc.level'), ctx.tr('svc.service'), ctx.tr('svc.offered'), ctx.tr('label.segments'), ctx.tr('label.documents')],
    r.services.map((s) => [String(s.level), M.md(codeLabel(ctx, s.code)), M.md(s.offered ? ctx.tr('label.yes') : ctx.tr('svc.noEvidence')), String(s.count), String(s.documents)]),
    [true, false, false, true, true],
  );
  for (const s of r.services) if (s.count > 0) out += quotesBlockMarkdown(ctx, `${s.level}. ${codeLabel(ctx, s.code)}`, s.count, s.quotes, sub);

  // 6. Barriers
  out += M.heading(level, ctx.tr('org.barriers'));
  if (r.barriers.length === 0) out += M.paragraph(ctx.tr('bar.none'));
  else {
    out += M.table(
      [ctx.tr('bar.barrier'), ctx.tr('label.segments'), ctx.tr('label.documents')],
      r.barriers.map((b) => [M.md(codeLabel(ctx, b.code)), String(b.count), String(b.documents)]),
      [false, true, true],
    );
    for (const b of r.barriers) out += quotesBlockMarkdown(ctx, codeLabel(ctx, b.code), b.count, b.quotes, sub);
  }

  // 7. Recommendations
  out += M.heading(level, ctx.tr('org.recommendations'));
  out += M.paragraph(ctx.tr('rec.intro'));
  const triggered = r.recommendations.filter((x) => x.triggered);
  if (r.recommendations.length === 0) out += M.paragraph(ctx.tr('rec.noRules'));
  else if (triggered.length === 0) out += M.paragraph(ctx.tr('rec.none'));
  triggered.forEach((rec, i) => {
    out += M.heading(sub, `${i + 1}. ${recommendationText(ctx, rec.id, rec.text)}`);
    out += `${M.md(ctx.tr('rec.because'))}:\n\n`;
    out += M.bullets(rec.conditions.map((c) => M.md(conditionText(ctx, c))));
    for (const c of rec.conditions) out += M.quotes(ctx, c.quotes);
  });
  const skipped = r.recommendations.filter((x) => !x.triggered);
  if (skipped.length > 0) {
    out += M.heading(sub, ctx.tr('rec.notTriggered'));
    out += M.bullets(skipped.map((rec) => `${M.md(recommendationText(ctx, rec.id, rec.text))} (${rec.conditions.map((c) => `${c.holds ? '✓' : '✗'} ${M.md(conditionText(ctx, c))}`).join('; ')})`));
  }

  // 8. Method
  out += M.heading(level, ctx.tr('org.method'));
  out += methodMarkdown(ctx, r.method, false);
  return out;
}

export function renderOrganizationMarkdown(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  let out = M.heading(1, ctx.tr('org.title', { name: organizationName(report) }));
  out += M.paragraph(report.title ? ctx.tr('org.subtitle', { study: report.title }) : ctx.tr('org.subtitleNoStudy'));
  out += organizationMarkdownBody(ctx, report, 2);
  return `${out.trimEnd()}\n`;
}

// ---------------------------------------------------------------- HTML

function contradictionsHtml(ctx: Ctx, list: readonly Contradiction[], level: number): string {
  let out = '';
  for (const c of list) {
    out += `<div class="contradiction">\n${H.h(level, contradictionTitle(ctx, c))}`;
    for (const side of c.sides) {
      out += `<div>\n${H.h(level + 1, codeLabel(ctx, side.code), undefined, ` <span class="count">(${side.count})</span>`)}${H.quotes(ctx, side.quotes)}</div>\n`;
    }
    out += '</div>\n';
  }
  return out;
}

export function methodHtml(ctx: Ctx, method: MethodInfo, summary: boolean): string {
  const rows = methodRows(ctx, method, summary).map(([k, v]) => `<dt>${H.esc(k)}</dt><dd>${H.esc(v)}</dd>`).join('\n');
  return `<dl class="method">\n${rows}\n</dl>\n${methodNotes(ctx, method).map((n) => H.p(n)).join('')}`;
}

function quotesBlockHtml(ctx: Ctx, title: string, count: number, quotes: readonly Quote[], level: number): string {
  return H.h(level, title, undefined, ` <span class="count">(${count})</span>`) + (quotes.length === 0 ? H.p(ctx.tr('swot.noEvidence')) : H.quotes(ctx, quotes));
}

function sectionOpen(ctx: Ctx, key: (typeof ORGANIZATION_SECTIONS)[number], level: number, prefix: string): string {
  const id = H.anchor(prefix, key[0]);
  return `<section aria-labelledby="${id}">\n${H.h(level, ctx.tr(key[1]), id)}`;
}

/** The report body as HTML; ids are prefixed so several reports can share a page. */
export function organizationHtmlBody(ctx: Ctx, r: OrganizationReport, level: number, prefix: string): string {
  const sub = level + 1;
  const [sProfile, sSwot, sNet, sAtt, sSvc, sBar, sRec, sMethod] = ORGANIZATION_SECTIONS;
  let out = '';

  // 1. Profile
  out += sectionOpen(ctx, sProfile, level, prefix);
  out += H.p(ctx.tr('org.profileTotals', { documents: r.profile.documents.length, segments: r.profile.segments, units: r.profile.units }));
  out += H.h(sub, ctx.tr('org.attributes'));
  out += r.profile.attributes.length === 0
    ? H.p(ctx.tr('org.noAttributes'))
    : H.table([{ header: ctx.tr('label.attribute') }, { header: ctx.tr('label.value') }], r.profile.attributes.map(([k, v]) => [H.esc(translateAttribute(ctx.lang, k)), H.esc(attributeValue(ctx, k, v))]), { rowHeader: true });
  out += H.h(sub, ctx.tr('org.documents'));
  out += r.profile.documents.length === 0
    ? H.p(ctx.tr('org.noDocuments'))
    : H.table(
        [{ header: ctx.tr('doc.id') }, { header: ctx.tr('doc.title') }, { header: ctx.tr('doc.kind') }, { header: ctx.tr('doc.role') }, { header: ctx.tr('doc.date') }, { header: ctx.tr('doc.language') }, { header: ctx.tr('label.segments'), numeric: true }],
        r.profile.documents.map((d) => [H.esc(d.id), H.esc(optional(d.title)), H.esc(d.kind ? translateValue(ctx.lang, d.kind) : ''), H.esc(optional(d.role)), H.esc(optional(d.date)), H.esc(optional(d.language)), String(d.segments)]),
        { rowHeader: true },
      );
  if (r.profile.roles.length > 0) {
    out += H.h(sub, ctx.tr('org.roles'));
    out += `<ul>\n${r.profile.roles.map((v) => `<li>${H.esc(v.value)} (${v.count})</li>`).join('\n')}\n</ul>\n`;
  }
  if (r.profile.kinds.length > 0) {
    out += H.h(sub, ctx.tr('org.kinds'));
    out += `<ul>\n${r.profile.kinds.map((v) => `<li>${H.esc(translateValue(ctx.lang, v.value))} (${v.count})</li>`).join('\n')}\n</ul>\n`;
  }
  out += '</section>\n';

  // 2. SWOT
  out += sectionOpen(ctx, sSwot, level, prefix);
  out += swotGridHtml(ctx, r.swot, sub, 'themes', H.anchor(prefix, 'swot'));
  out += H.h(sub, ctx.tr('org.contradictions'));
  out += r.contradictions.length === 0 ? H.p(ctx.tr('org.noContradictions')) : contradictionsHtml(ctx, r.contradictions, sub + 1);
  out += '</section>\n';

  // 3. Networking
  const net = r.networking;
  out += sectionOpen(ctx, sNet, level, prefix);
  out += H.p(ctx.tr('net.intro'));
  out += net.partners.length === 0
    ? H.p(ctx.tr('net.noPartners'))
    : H.table(
        [{ header: ctx.tr('net.partner') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('net.systematic'), numeric: true }, { header: ctx.tr('net.accidental'), numeric: true }, { header: ctx.tr('net.absent'), numeric: true }, { header: ctx.tr('net.character') }],
        net.partners.map((p) => [H.esc(codeLabel(ctx, p.code)), String(p.count), String(p.systematic), String(p.accidental), String(p.absent), H.esc(ctx.tr(`char.${p.character}`))]),
        { rowHeader: true },
      );
  for (const p of net.partners) out += quotesBlockHtml(ctx, codeLabel(ctx, p.code), p.count, p.quotes, sub);
  out += H.h(sub, ctx.tr('net.characterHeading'));
  for (const ch of [net.systematic, net.accidental, net.absent]) out += quotesBlockHtml(ctx, codeLabel(ctx, ch.code), ch.count, ch.quotes, sub + 1);
  out += H.h(sub, ctx.tr('net.gaps'));
  if (net.gaps.length === 0) out += H.p(ctx.tr('net.noGaps'));
  for (const g of net.gaps) {
    out += H.p(ctx.tr(`net.gap.${g.reason}`, { partner: codeLabel(ctx, g.code) }), 'gap');
    out += H.quotes(ctx, g.quotes);
  }
  if (net.contradictions.length > 0) {
    out += H.h(sub, ctx.tr('org.contradictions'));
    out += contradictionsHtml(ctx, net.contradictions, sub + 1);
  }
  out += '</section>\n';

  // 4. Attitudes
  const att = r.attitudes;
  out += sectionOpen(ctx, sAtt, level, prefix);
  out += H.p(ctx.tr('att.intro'));
  if (att.holders.length === 0) out += H.p(ctx.tr('att.none'));
  else {
    out += H.table(
      [{ header: ctx.tr('att.holder') }, ...att.valences.map((v) => ({ header: codeLabel(ctx, v), numeric: true })), { header: ctx.tr('label.total'), numeric: true }],
      att.holders.map((row) => [H.esc(row.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, row.holder)), ...row.valences.map((v) => String(v.count)), String(row.total)]),
      { rowHeader: true },
    );
    for (const row of att.holders) {
      out += H.h(sub, row.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, row.holder));
      for (const v of row.valences) if (v.count > 0) out += quotesBlockHtml(ctx, codeLabel(ctx, v.code), v.count, v.quotes, sub + 1);
    }
  }
  if (att.contradictions.length > 0) {
    out += H.h(sub, ctx.tr('org.contradictions'));
    out += contradictionsHtml(ctx, att.contradictions, sub + 1);
  }
  out += '</section>\n';

  // 5. Services
  out += sectionOpen(ctx, sSvc, level, prefix);
  out += H.p(ctx.tr('svc.intro'));
  out += H.table(
    [{ header: ctx.tr('svc.level'), numeric: true }, { header: ctx.tr('svc.service') }, { header: ctx.tr('svc.offered') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }],
    r.services.map((s) => [String(s.level), H.esc(codeLabel(ctx, s.code)), H.esc(s.offered ? ctx.tr('label.yes') : ctx.tr('svc.noEvidence')), String(s.count), String(s.documents)]),
    { rowHeader: true },
  );
  for (const s of r.services) if (s.count > 0) out += quotesBlockHtml(ctx, `${s.level}. ${codeLabel(ctx, s.code)}`, s.count, s.quotes, sub);
  out += '</section>\n';

  // 6. Barriers
  out += sectionOpen(ctx, sBar, level, prefix);
  if (r.barriers.length === 0) out += H.p(ctx.tr('bar.none'));
  else {
    out += H.table(
      [{ header: ctx.tr('bar.barrier') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }],
      r.barriers.map((b) => [H.esc(codeLabel(ctx, b.code)), String(b.count), String(b.documents)]),
      { rowHeader: true },
    );
    for (const b of r.barriers) out += quotesBlockHtml(ctx, codeLabel(ctx, b.code), b.count, b.quotes, sub);
  }
  out += '</section>\n';

  // 7. Recommendations
  out += sectionOpen(ctx, sRec, level, prefix);
  out += H.p(ctx.tr('rec.intro'));
  const triggered = r.recommendations.filter((x) => x.triggered);
  if (r.recommendations.length === 0) out += H.p(ctx.tr('rec.noRules'));
  else if (triggered.length === 0) out += H.p(ctx.tr('rec.none'));
  triggered.forEach((rec, i) => {
    out += H.h(sub, `${i + 1}. ${recommendationText(ctx, rec.id, rec.text)}`);
    out += `<p>${H.esc(ctx.tr('rec.because'))}:</p>\n<ul>\n${rec.conditions.map((c) => `<li>${H.esc(conditionText(ctx, c))}</li>`).join('\n')}\n</ul>\n`;
    for (const c of rec.conditions) out += H.quotes(ctx, c.quotes);
  });
  const skipped = r.recommendations.filter((x) => !x.triggered);
  if (skipped.length > 0) {
    out += H.h(sub, ctx.tr('rec.notTriggered'));
    out += `<ul>\n${skipped.map((rec) => `<li>${H.esc(recommendationText(ctx, rec.id, rec.text))} (${rec.conditions.map((c) => `${c.holds ? '✓' : '✗'} ${H.esc(conditionText(ctx, c))}`).join('; ')})</li>`).join('\n')}\n</ul>\n`;
  }
  out += '</section>\n';

  // 8. Method
  out += sectionOpen(ctx, sMethod, level, prefix);
  out += methodHtml(ctx, r.method, false);
  out += '</section>\n';
  return out;
}

export function organizationToc(ctx: Ctx, prefix: string): string {
  const items = ORGANIZATION_SECTIONS.map(([key, msg]) => `<li><a href="#${H.anchor(prefix, key)}">${H.esc(ctx.tr(msg))}</a></li>`).join('\n');
  return `<nav class="toc" aria-label="${H.esc(ctx.tr('label.contents'))}">\n<ol>\n${items}\n</ol>\n</nav>\n`;
}

export function renderOrganizationHtml(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  const title = ctx.tr('org.title', { name: organizationName(report) });
  const prefix = 'org';
  let body = `<header>\n${H.h(1, title)}${H.p(report.title ? ctx.tr('org.subtitle', { study: report.title }) : ctx.tr('org.subtitleNoStudy'), 'subtitle')}</header>\n`;
  body += organizationToc(ctx, prefix);
  body += `<main>\n${organizationHtmlBody(ctx, report, 2, prefix)}</main>\n`;
  return H.page(options.lang, title, body);
}

// ---------------------------------------------------------------- JSON

/** The aggregate as it is, with recommendation texts in the report language. */
export function localizeRecommendations(ctx: Ctx, list: readonly RecommendationResult[]): RecommendationResult[] {
  return list.map((rec) => ({ ...rec, text: recommendationText(ctx, rec.id, rec.text) }));
}

export function renderOrganizationJson(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return jsonText(ctx, { ...report, recommendations: localizeRecommendations(ctx, report.recommendations) }, labelsOf(ctx));
}
