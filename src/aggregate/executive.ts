// The executive summary's facts: the main sub-themes across organizations and where each is strongest, the networking picture, the widest recommendations.
import { isWithin } from '../codebook/tree.js';
import { QUADRANTS } from '../model/types.js';
import { catchAllCodes, compareStrings, isLowConfidence, isOwnType, type Evidence } from './evidence.js';
import { compareQuotes, quotesFor } from './quotes.js';
import { quadrantCodes } from './swot.js';
import type { CollaborationCharacter, CollaborationNetwork, ExecutiveSummary, ExecutiveTheme, OrganizationReport, PartnerPicture, Quote, RecommendationOverview, ThemeConfig } from './types.js';

/** Sub-themes stated per quadrant, organizations named as the strongest per sub-theme. */
export const EXECUTIVE_THEMES = 1;
export const EXECUTIVE_LEADERS = 2;
export const EXECUTIVE_RECOMMENDATIONS = 4;

/** Organizations count for a sub-theme only with confident evidence (see isLowConfidence): a hesitant model finds everything everywhere. */
function themeFacts(all: Evidence, columns: readonly { id: string; evidence: Evidence }[], code: string, area: ExecutiveTheme['area']): ExecutiveTheme {
  const perOrg = columns
    .map((c) => ({ id: c.id, count: c.evidence.within(code).filter((s) => !isLowConfidence(s)).length, total: c.evidence.segments.length }))
    .filter((x) => x.count > 0);
  // Strongest where the sub-theme takes the largest share of the organization's evidence, so a large organization does not lead everything.
  const leaders = [...perOrg].sort((a, b) => b.count / b.total - a.count / a.total || b.count - a.count || compareStrings(a.id, b.id)).slice(0, EXECUTIVE_LEADERS);
  return { area, code, organizations: perOrg.length, segments: all.count(code), leaders: leaders.map((l) => l.id), quote: quotesFor(all, code, 1)[0] ?? null };
}

/**
 * The facts of a one-page executive summary. Sub-themes are ranked by how many organizations have
 * evidence of them (then by segments), catch-all sub-themes left out; partner types are the
 * expected ones and the most mentioned others; recommendations are those triggered for most
 * organizations.
 */
export function executiveSummary(
  all: Evidence,
  columns: readonly { id: string; evidence: Evidence; type?: string | null }[],
  reports: readonly OrganizationReport[],
  network: CollaborationNetwork,
  recommendations: readonly RecommendationOverview[],
  themes: ThemeConfig,
): ExecutiveSummary {
  const catchAll = catchAllCodes(all.codebook);
  const out: ExecutiveTheme[] = [];
  for (const q of QUADRANTS) {
    const codes = quadrantCodes(all.codebook, q).flatMap((c) => all.children(c)).filter((c) => !catchAll.has(c));
    const facts = codes.map((c) => themeFacts(all, columns, c, q)).filter((f) => f.organizations > 0);
    facts.sort((a, b) => b.organizations - a.organizations || b.segments - a.segments || all.compareCodes(a.code, b.code));
    out.push(...facts.slice(0, EXECUTIVE_THEMES));
  }
  const barriers = all
    .children(themes.barriersRoot)
    .map((c) => themeFacts(all, columns, c, 'barriers'))
    .filter((f) => f.organizations > 0)
    .sort((a, b) => b.organizations - a.organizations || b.segments - a.segments || all.compareCodes(a.code, b.code));
  out.push(...barriers.slice(0, 1));

  const mentioned = network.partners
    .map((p) => ({ p, weight: network.edges.filter((e) => e.partner === p).reduce((n, e) => n + e.weight, 0) }))
    .sort((a, b) => b.weight - a.weight || all.compareCodes(a.p, b.p))
    .map((x) => x.p);
  const chosen = [...themes.expectedPartners.filter((p) => all.has(p)), ...mentioned.filter((p) => !themes.expectedPartners.includes(p))].slice(0, 3);
  const partners: PartnerPicture[] = chosen.map((code) => {
    const counts: Record<CollaborationCharacter, number> = { systematic: 0, accidental: 0, mixed: 0, absent: 0, unspecified: 0 };
    for (const e of network.edges) if (e.partner === code) counts[e.character]++;
    const eligible = columns.filter((c) => !isOwnType(code, c.type));
    const gaps = reports.filter((r) => r.networking.gaps.some((g) => isWithin(g.code, code))).length;
    // The statement cited for the picture: the most confident one about this partner type in any organization.
    const quotes = network.edges.filter((e) => e.partner === code && e.quote !== null).map((e) => e.quote as Quote);
    return { code, counts, organizations: eligible.length, gaps, quote: quotes.sort(compareQuotes)[0] ?? null };
  });

  const widest = recommendations
    .filter((r) => r.organizations.length > 0)
    .sort((a, b) => b.organizations.length - a.organizations.length || compareStrings(a.id, b.id))
    .slice(0, EXECUTIVE_RECOMMENDATIONS);
  return {
    organizations: columns.length,
    documents: all.documents.size,
    segments: all.segments.length,
    themes: out,
    partners,
    recommendations: widest.map((r) => r.id),
  };
}
