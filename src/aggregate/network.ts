// The collaboration network: organizations -> partner types, weighted by evidence, with the tie's character.
import { isOwnType, type Evidence } from './evidence.js';
import { partnerEvidence } from './networking.js';
import type { CollaborationNetwork, NetworkEdge, ThemeConfig } from './types.js';

/**
 * One edge per organization and partner type with evidence. `type` is the organization's own type
 * (org_type): the partner type of that name is not its partner (see isOwnType), so it draws no edge.
 */
export function collaborationNetwork(columns: readonly { id: string; evidence: Evidence; type?: string | null }[], themes: ThemeConfig): CollaborationNetwork {
  const edges: NetworkEdge[] = [];
  const partners = new Set<string>();
  for (const { id, evidence, type } of columns) {
    for (const partner of evidence.children(themes.partnerRoot)) {
      if (isOwnType(partner, type)) continue;
      const p = partnerEvidence(evidence, partner, themes, 1);
      if (p.count === 0) continue;
      partners.add(partner);
      edges.push({ organization: id, partner, quote: p.quotes[0] ?? null, weight: p.count, systematic: p.systematic, accidental: p.accidental, absent: p.absent, character: p.character });
    }
  }
  const first = columns[0]?.evidence;
  const order = first ? first.children(themes.partnerRoot) : [];
  return {
    organizations: columns.map((c) => c.id),
    // Partner types in codebook order, only those with an edge.
    partners: order.filter((p) => partners.has(p)),
    edges,
  };
}
