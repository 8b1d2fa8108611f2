// The collaboration network: organizations -> partner types, weighted by evidence, with the tie's character.
import type { Evidence } from './evidence.js';
import { partnerEvidence } from './networking.js';
import type { CollaborationNetwork, NetworkEdge, ThemeConfig } from './types.js';

export function collaborationNetwork(columns: readonly { id: string; evidence: Evidence }[], themes: ThemeConfig): CollaborationNetwork {
  const edges: NetworkEdge[] = [];
  const partners = new Set<string>();
  for (const { id, evidence } of columns) {
    for (const partner of evidence.children(themes.partnerRoot)) {
      const p = partnerEvidence(evidence, partner, themes, 0);
      if (p.count === 0) continue;
      partners.add(partner);
      edges.push({ organization: id, partner, weight: p.count, systematic: p.systematic, accidental: p.accidental, absent: p.absent, character: p.character });
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
