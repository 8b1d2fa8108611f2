// The organization report as a document tree: key findings, profile, SWOT grid, networking, attitudes, services, barriers, recommendations, method; full evidence in an appendix.
import { catchAllCodes } from '../aggregate/evidence.js';
import type { Contradiction, MethodInfo, ModelRef, OrganizationReport, Quote, RecommendationResult, SwotGrid } from '../aggregate/types.js';
import { codeLabel, decimal, makeCtx, quadrantLabel, recommendationText, themeLabel, type Ctx, type RenderOptions } from './context.js';
import { cell, heading, para, type Block, type Cell, type Doc, type Inline } from './doc.js';
import { Citations, findingsBlocks } from './findings.js';
import { anchor } from './html.js';
import { translateAttribute, translateRole, translateValue, type MessageKey } from './i18n.js';
import { compareStrings } from '../aggregate/evidence.js';
import { jsonText, labelsOf } from './json.js';
import { docHtml } from './render-html.js';
import { docMarkdown } from './render-md.js';

/** The sections of an organization report, in order, with their heading message (the evidence appendix comes after them). */
export const ORGANIZATION_SECTIONS = [
  ['findings', 'find.title'],
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

export function contradictionTitle(ctx: Ctx, c: Contradiction): string {
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
  let out = ctx.tr(c.kind === 'presence' ? 'rec.presence' : c.kind === 'absence' ? 'rec.absence' : 'rec.range', params);
  if (c.above) out += `, ${ctx.tr('rec.above', { other: codeLabel(ctx, c.above.code), otherCount: c.above.count })}`;
  if (c.uncertain > 0) out += `; ${ctx.tr('rec.uncertain', { uncertain: c.uncertain })}`;
  return out;
}

function exclusionText(ctx: Ctx, rec: RecommendationResult): string | null {
  if (!rec.excluded) return null;
  const { attribute, value, pattern } = rec.excluded.reason;
  return ctx.tr(rec.excluded.kind === 'unless' ? 'rec.excluded.unless' : 'rec.excluded.only', { attribute: translateAttribute(ctx.lang, attribute), value, pattern });
}

/**
 * Whether a model coded some of the segments although no model file is known: segments files read
 * without the model that coded them still say so in their `method` (model, rule+model).
 */
function modelCoded(method: MethodInfo): boolean {
  return method.methods.some((m) => m.value === 'model' || m.value === 'rule+model');
}

export function methodRows(ctx: Ctx, method: MethodInfo, summary: boolean): [string, string][] {
  const rows: [string, string][] = [
    [ctx.tr('method.codebook'), method.codebooks.map((c) => `${c.name} ${c.version} (${c.language})`).join('; ')],
    [ctx.tr('method.models'), method.models.length > 0 ? method.models.map((m) => modelLine(ctx, m)).join('; ') : modelCoded(method) ? ctx.tr('method.modelUnnamed') : ctx.tr('method.rulesAlone')],
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

/** A model as the method appendix names it: file, codebook, training data (units, coder, fingerprint) and its cross-validated macro F1. */
function modelLine(ctx: Ctx, m: ModelRef): string {
  const fingerprint = m.fingerprint.replace(/^sha256:/, '').slice(0, 12);
  const cv = m.macroF1 === undefined ? '' : ctx.tr('method.modelCv', { f1: decimal(ctx, m.macroF1 * 100, 1) });
  // The file's name only: the report must not change with the folder it was made from.
  const file = m.file.split(/[\\/]/).pop() ?? m.file;
  return ctx.tr('method.model', { file, codebook: m.codebook, version: m.version, language: m.language, units: m.units, coder: m.coder, fingerprint }) + cv;
}

/** The full method appendix: a two-column table and the notes on ranking, roll-up and reproducibility. */
export function methodBlocks(ctx: Ctx, method: MethodInfo, summary: boolean): Block[] {
  return [
    { kind: 'table', columns: [{ header: ctx.tr('label.attribute') }, { header: ctx.tr('label.value') }], rowHeader: true, className: 'method', rows: methodRows(ctx, method, summary).map(([k, v]) => [cell(k), cell(v)]) },
    para(ctx.tr('method.ranking')),
    para(ctx.tr('method.rollup')),
    para(ctx.tr('method.reproduce', { version: method.qevalVersion })),
  ];
}

/** One line on method for the main report; the rest is in the appendix. */
export function methodShort(ctx: Ctx, method: MethodInfo): Block {
  return para({
    text: ctx.tr('org.methodShort', {
      codebooks: method.codebooks.map((c) => `${c.name} ${c.version} (${c.language})`).join(', '),
      // Whether a model coded: the line a reader sees must not read the same for rules alone.
      coding: method.models.length > 0 ? ctx.tr('method.codingModels', { models: method.models.map((m) => m.file.split(/[\\/]/).pop()).join(', ') }) : modelCoded(method) ? ctx.tr('method.codingModelUnnamed') : ctx.tr('method.codingRules'),
      unit: method.unit ? ctx.tr(`unit.${method.unit}` as MessageKey) : ctx.tr('label.notSet'),
      segments: method.segments,
      units: method.units,
      version: method.qevalVersion,
      // How much of the coding is the model's guess: said where the reader meets the findings.
      low: method.lowConfidence === 0 ? '' : ctx.tr('org.methodLow', { low: method.lowConfidence, share: Math.round((100 * method.lowConfidence) / Math.max(1, method.segments)) }),
    }),
    mark: 'muted',
  });
}

function quoteBlocks(quotes: readonly Quote[], showCodes = false): Block[] {
  return quotes.map((quote) => ({ kind: 'quote', quote, showCodes }));
}

const num = (n: number): Cell => cell(String(n));

/** Partner types in the main report's networking table (the most mentioned); the others are named below it. */
export const PARTNER_ROWS = 5;

/**
 * The 2×2 SWOT grid of one scope: per quadrant its sub-themes with counts, catch-all sub-themes last
 * (marked as such by themeLabel);
 * `organizations(code)` adds how many organizations have evidence (summary only).
 */
export function swotGridBlock(ctx: Ctx, grid: SwotGrid, level: number, organizations?: (code: string) => number): Block {
  const catchAll = catchAllCodes(ctx.codebook);
  return {
    kind: 'grid',
    className: 'swot',
    level,
    cells: grid.quadrants.map((q) => {
      // Named sub-themes, then the catch-all, then the quadrant's own statements (no sub-code describes them).
      const rank = (code: string) => (q.codes.includes(code) ? 2 : Number(catchAll.has(code)));
      const themes = [0, 1, 2].flatMap((r) => q.themes.filter((t) => rank(t.code) === r));
      const items: Inline[][] = themes.map((t) => [`${themeLabel(ctx, t.code)} — `, { text: organizations ? ctx.tr('swot.orgs', { count: t.count, organizations: organizations(t.code) }) : String(t.count), strong: true }]);
      return {
        title: `${quadrantLabel(ctx, q.quadrant)} (${q.count})`,
        className: q.quadrant,
        blocks: items.length === 0 ? [para(ctx.tr('swot.noEvidence'))] : [{ kind: 'list', items }],
      };
    }),
  };
}

function section(ctx: Ctx, key: (typeof ORGANIZATION_SECTIONS)[number], level: number, prefix: string, blocks: Block[]): Block {
  return { kind: 'section', id: anchor(prefix, key[0]), heading: ctx.tr(key[1]), level, blocks };
}

/**
 * The main report: concise, every finding cited; `prefix` makes ids unique on a shared page. With
 * `intros` false the reading notes and the method line are left out (the book states them once, at its start).
 */
/** An organization with fewer coded statements than this gets a notice that its report rests on little evidence. */
export const THIN_EVIDENCE_SEGMENTS = 20;

export function organizationMainBlocks(ctx: Ctx, r: OrganizationReport, level: number, prefix: string, intros = true): Block[] {
  const sub = level + 1;
  const citations = new Citations(prefix);
  const [sFind, sProfile, sSwot, sNet, sAtt, sSvc, sBar, sRec, sMethod] = ORGANIZATION_SECTIONS;
  const out: Block[] = [];

  // 1. Key findings, then the quotes they cite; first, when the organization's evidence is thin, a notice saying so.
  const findings = findingsBlocks(ctx, r.findings, citations);
  const thin = r.method.segments < THIN_EVIDENCE_SEGMENTS ? [para({ text: ctx.tr('find.thin', { segments: r.method.segments, documents: r.method.documents }), strong: true, mark: 'low' })] : [];
  out.push(section(ctx, sFind, level, prefix, [...thin, ...(intros ? [para({ text: ctx.tr('find.intro'), mark: 'muted' })] : []), ...findings, heading(sub, ctx.tr('find.cited')), ...citations.blocks()]));

  // 2. Profile, in two lines and a small table.
  const kinds = r.profile.kinds.map((k) => `${translateValue(ctx.lang, k.value)} ${k.count}`).join(', ') || ctx.tr('label.none');
  // Each respondent's role named in the report's language (a woman's in its feminine form where it
  // has one), and the names counted: a role written two ways ("Director", "director") is one.
  const named = new Map<string, number>();
  for (const d of r.profile.documents) {
    if (!d.role) continue;
    const name = translateRole(ctx.lang, d.role, d.gender);
    named.set(name, (named.get(name) ?? 0) + 1);
  }
  const roles = [...named].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([v, count]) => (count > 1 ? `${v} (${count})` : v)).join(', ') || ctx.tr('label.none');
  out.push(
    section(ctx, sProfile, level, prefix, [
      r.profile.attributes.length === 0
        ? para(ctx.tr('org.noAttributes'))
        : para(...r.profile.attributes.flatMap(([k, v], i): Inline[] => [i > 0 ? '; ' : '', { text: `${translateAttribute(ctx.lang, k)}: `, strong: true }, attributeValue(ctx, k, v)]), '.'),
      para(ctx.tr('org.profileLine', { documents: r.profile.documents.length, kinds, roles })),
    ]),
  );

  // 3. SWOT grid, contradictions in one line each.
  // Contradictions: the key findings state those of the leading sub-themes; all of them, with quotes, are in the appendix.
  out.push(section(ctx, sSwot, level, prefix, [swotGridBlock(ctx, r.swot, sub)]));

  // 4. Networking: partner table and gaps.
  const net = r.networking;
  const netBlocks: Block[] = [];
  if (net.partners.length === 0) netBlocks.push(para(ctx.tr('net.noPartners')));
  else {
    // The partner types most talked about in the table; the rest named in one line.
    const shown = net.partners.slice(0, PARTNER_ROWS);
    const rest = net.partners.slice(PARTNER_ROWS);
    netBlocks.push({
      kind: 'table',
      columns: [{ header: ctx.tr('net.partner') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('net.systematic'), numeric: true }, { header: ctx.tr('net.accidental'), numeric: true }, { header: ctx.tr('net.absent'), numeric: true }, { header: ctx.tr('net.character') }],
      rowHeader: true,
      rows: shown.map((p) => [cell(codeLabel(ctx, p.code)), num(p.count), num(p.systematic), num(p.accidental), num(p.absent), { content: [ctx.tr(`char.${p.character}`)], className: `char-${p.character}` }]),
    });
    // What the character columns count, unlike the appendix's counts of each code's segments.
    netBlocks.push(para({ text: ctx.tr('net.tableNote'), mark: 'muted' }));
    if (rest.length > 0) netBlocks.push(para(ctx.tr('net.alsoMentioned', { partners: rest.map((p) => `${codeLabel(ctx, p.code)} (${p.count})`).join(', ') })));
  }
  netBlocks.push(net.gaps.length === 0 ? para(ctx.tr('net.noGaps')) : para(...net.gaps.map((g, i): Inline => ({ text: `${i > 0 ? ' ' : ''}${ctx.tr(`net.gap.${g.reason}`, { partner: codeLabel(ctx, g.code) })}`, mark: 'gap' }))));
  out.push(section(ctx, sNet, level, prefix, netBlocks));

  // 5. Attitudes: whose, which kind.
  const att = r.attitudes;
  out.push(
    section(ctx, sAtt, level, prefix,
      att.holders.length === 0
        ? [para(ctx.tr('att.none'))]
        : [
            {
              kind: 'table',
              columns: [{ header: ctx.tr('att.holder') }, ...att.valences.map((v) => ({ header: codeLabel(ctx, v), numeric: true })), { header: ctx.tr('label.total'), numeric: true }],
              rowHeader: true,
              rows: att.holders.map((h) => [cell(h.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, h.holder)), ...h.valences.map((v) => num(v.count)), num(h.total)]),
            },
          ],
    ),
  );

  // 6. Services: each level, with the profile where it lists a service no statement describes.
  const profileOnly = new Map(r.findings.filter((f) => f.key === 'svc.profileOnly').map((f) => [String(f.params.code), String(f.params.item)]));
  out.push(
    section(ctx, sSvc, level, prefix, [
      {
        kind: 'table',
        columns: [{ header: ctx.tr('svc.level'), numeric: true }, { header: ctx.tr('svc.service') }, { header: ctx.tr('svc.offered') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }],
        rows: r.services.map((s) => [
          num(s.level),
          cell(codeLabel(ctx, s.code)),
          s.offered ? cell(ctx.tr('label.yes')) : profileOnly.has(s.code) ? cell(`${ctx.tr('svc.profile')}: ${profileOnly.get(s.code)}`) : { content: [{ text: ctx.tr('svc.noEvidence'), mark: 'gap' }] },
          num(s.count),
          num(s.documents),
        ]),
      },
    ]),
  );

  // 7. Barriers.
  out.push(
    section(ctx, sBar, level, prefix,
      r.barriers.length === 0
        ? [para(ctx.tr('bar.none'))]
        : [{ kind: 'table', columns: [{ header: ctx.tr('bar.barrier') }, { header: ctx.tr('label.segments'), numeric: true }, { header: ctx.tr('label.documents'), numeric: true }], rowHeader: true, rows: r.barriers.map((b) => [cell(codeLabel(ctx, b.code)), num(b.count), num(b.documents)]) }],
    ),
  );

  // 8. Recommendations: this organization's own first, each with its addressee and evidence; the widespread ones named.
  const recBlocks: Block[] = intros ? [para({ text: ctx.tr('rec.intro'), mark: 'muted' })] : [];
  const own = r.recommendations.filter((x) => x.triggered && !x.widespread);
  const shared = r.recommendations.filter((x) => x.triggered && x.widespread);
  const firstRecQuote = citations.count + 1;
  own.forEach((rec, i) => {
    const evidence = rec.conditions.flatMap((c, j): Inline[] => [j > 0 ? '; ' : '', conditionText(ctx, c), ...citations.refs(c.quotes.slice(0, 1))]);
    recBlocks.push(para({ text: `${i + 1}. ${recommendationText(ctx, rec.id, rec.text)}`, strong: true }, ` ${ctx.tr('rec.to', { addressee: ctx.tr(`to.${rec.to}`) })} `, { text: `${ctx.tr('rec.evidence')} `, em: true }, ...evidence));
  });
  if (shared.length > 0) {
    recBlocks.push(para(ctx.tr('rec.widespread')));
    recBlocks.push({ kind: 'list', items: shared.map((rec) => [recommendationText(ctx, rec.id, rec.text).split(/(?<=\.)\s/)[0] ?? '', ` (${ctx.tr(`to.${rec.to}`)})`, ...citations.refs(rec.conditions.flatMap((c) => c.quotes.slice(0, 1)))]) });
  }
  if (r.recommendations.length === 0) recBlocks.push(para(ctx.tr('rec.noRules')));
  else if (own.length === 0 && shared.length === 0) recBlocks.push(para(ctx.tr('rec.none')));
  if (citations.count >= firstRecQuote) recBlocks.push(heading(sub, ctx.tr('find.cited')), ...citations.blocks(firstRecQuote));
  out.push(section(ctx, sRec, level, prefix, recBlocks));

  // 9. Method, in one line (the book states it once, in the summary).
  if (intros) out.push(section(ctx, sMethod, level, prefix, [methodShort(ctx, r.method)]));
  return out;
}

function quotesUnder(ctx: Ctx, level: number, title: string, count: number, quotes: readonly Quote[]): Block[] {
  return [heading(level, `${title} (${count})`), ...(quotes.length === 0 ? [para(ctx.tr('swot.noEvidence'))] : quoteBlocks(quotes))];
}

function contradictionsBlocks(ctx: Ctx, list: readonly Contradiction[], level: number): Block[] {
  return list.flatMap((c) => [heading(level, contradictionTitle(ctx, c)), ...c.sides.flatMap((side) => quotesUnder(ctx, level + 1, codeLabel(ctx, side.code), side.count, side.quotes))]);
}

/** The evidence appendix: documents, quotes per sub-theme, partner, attitude, service and barrier, rules not applied, full method. */
export function organizationEvidenceBlocks(ctx: Ctx, r: OrganizationReport, level: number, prefix: string): Block[] {
  const sub = level + 1;
  const out: Block[] = [para({ text: ctx.tr('org.evidenceIntro'), mark: 'muted' })];
  out.push(heading(sub, ctx.tr('org.documents')));
  out.push(
    r.profile.documents.length === 0
      ? para(ctx.tr('org.noDocuments'))
      : {
          kind: 'table',
          columns: [{ header: ctx.tr('doc.id') }, { header: ctx.tr('doc.title') }, { header: ctx.tr('doc.kind') }, { header: ctx.tr('doc.role') }, { header: ctx.tr('doc.date') }, { header: ctx.tr('doc.language') }, { header: ctx.tr('label.segments'), numeric: true }],
          rowHeader: true,
          className: 'documents',
          rows: r.profile.documents.map((d) => [cell(d.id), cell(d.title ?? ''), cell(d.kind ? translateValue(ctx.lang, d.kind) : ''), cell(d.role ? translateRole(ctx.lang, d.role, d.gender) : ''), cell(d.date ?? ''), cell(d.language ?? ''), num(d.segments)]),
        },
  );
  out.push(heading(sub, ctx.tr('org.swot')));
  for (const q of r.swot.quadrants) {
    out.push(heading(sub + 1, `${quadrantLabel(ctx, q.quadrant)} (${q.count})`));
    if (q.themes.length === 0) out.push(para(ctx.tr('swot.noEvidence')));
    for (const t of q.themes) out.push(...quotesUnder(ctx, sub + 2, themeLabel(ctx, t.code), t.count, t.quotes));
  }
  if (r.contradictions.length > 0) out.push(heading(sub, ctx.tr('org.contradictions')), ...contradictionsBlocks(ctx, r.contradictions, sub + 1));
  const net = r.networking;
  out.push(heading(sub, ctx.tr('org.networking')), para({ text: ctx.tr('net.intro'), mark: 'muted' }));
  for (const p of net.partners) out.push(...quotesUnder(ctx, sub + 1, codeLabel(ctx, p.code), p.count, p.quotes));
  for (const ch of [net.systematic, net.accidental, net.absent]) if (ch.code !== '') out.push(...quotesUnder(ctx, sub + 1, codeLabel(ctx, ch.code), ch.count, ch.quotes));
  for (const g of net.gaps) if (g.quotes.length > 0) out.push(para({ text: ctx.tr(`net.gap.${g.reason}`, { partner: codeLabel(ctx, g.code) }), mark: 'gap' }), ...quoteBlocks(g.quotes));
  if (net.contradictions.length > 0) out.push(...contradictionsBlocks(ctx, net.contradictions, sub + 1));
  if (r.attitudes.holders.length > 0) {
    out.push(heading(sub, ctx.tr('org.attitudes')), para({ text: ctx.tr('att.intro'), mark: 'muted' }));
    for (const h of r.attitudes.holders) {
      for (const v of h.valences) if (v.count > 0) out.push(...quotesUnder(ctx, sub + 1, `${h.holder === null ? ctx.tr('att.noHolder') : codeLabel(ctx, h.holder)}: ${codeLabel(ctx, v.code)}`, v.count, v.quotes));
    }
    if (r.attitudes.contradictions.length > 0) out.push(...contradictionsBlocks(ctx, r.attitudes.contradictions, sub + 1));
  }
  out.push(heading(sub, ctx.tr('org.services')), para({ text: ctx.tr('svc.intro'), mark: 'muted' }));
  for (const s of r.services) if (s.count > 0) out.push(...quotesUnder(ctx, sub + 1, `${s.level}. ${codeLabel(ctx, s.code)}`, s.count, s.quotes));
  if (r.barriers.length > 0) {
    out.push(heading(sub, ctx.tr('org.barriers')));
    for (const b of r.barriers) out.push(...quotesUnder(ctx, sub + 1, codeLabel(ctx, b.code), b.count, b.quotes));
  }
  const skipped = r.recommendations.filter((x) => !x.triggered);
  if (skipped.length > 0) {
    out.push(heading(sub, ctx.tr('rec.notTriggered')));
    out.push({
      kind: 'list',
      items: skipped.map((rec) => [
        { text: recommendationText(ctx, rec.id, rec.text).split(/(?<=\.)\s/)[0] ?? rec.id, strong: true },
        ` (${exclusionText(ctx, rec) ?? rec.conditions.map((c) => `${c.holds ? '✓' : '✗'} ${conditionText(ctx, c)}`).join('; ')})`,
      ]),
    });
  }
  out.push(heading(sub, ctx.tr('org.method')), ...methodBlocks(ctx, r.method, false));
  return [{ kind: 'section', id: anchor(prefix, 'evidence'), heading: ctx.tr('org.evidence'), level, blocks: out, className: 'evidence' }];
}

/** A standalone organization report: the main report, then its evidence appendix. */
export function organizationDoc(ctx: Ctx, r: OrganizationReport): Doc {
  return {
    title: ctx.tr('org.title', { name: organizationName(r) }),
    subtitle: r.title ? ctx.tr('org.subtitle', { study: r.title }) : ctx.tr('org.subtitleNoStudy'),
    toc: true,
    blocks: [...organizationMainBlocks(ctx, r, 2, 'o'), ...organizationEvidenceBlocks(ctx, r, 2, 'o')],
  };
}

export function renderOrganizationMarkdown(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return docMarkdown(ctx, organizationDoc(ctx, report));
}

export function renderOrganizationHtml(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  return docHtml(ctx, organizationDoc(ctx, report));
}

export function renderOrganizationJson(report: OrganizationReport, options: RenderOptions): string {
  const ctx = makeCtx(options);
  const recommendations = report.recommendations.map((r) => ({ ...r, text: recommendationText(ctx, r.id, r.text) }));
  return jsonText(ctx, { ...report, recommendations }, labelsOf(ctx));
}
