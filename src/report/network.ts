// The collaboration network as a Graphviz DOT file (network.dot); the reports show it as the organization x partner-type matrix instead.
import type { CollaborationCharacter, CollaborationNetwork, NetworkEdge } from '../aggregate/types.js';
import { codeLabel, makeCtx, type Ctx, type RenderOptions } from './context.js';
import { dotString } from './escape.js';

export interface NetworkStyle {
  color: string;
  dot: 'solid' | 'dashed' | 'dotted' | 'bold';
}

/** How each character of collaboration is drawn; the same mapping in every format and in the legend. */
export const NETWORK_STYLES: Record<CollaborationCharacter, NetworkStyle> = {
  systematic: { color: '#1e7b34', dot: 'bold' },
  accidental: { color: '#a05a00', dot: 'dashed' },
  mixed: { color: '#6a3d9a', dot: 'solid' },
  absent: { color: '#b3261e', dot: 'dotted' },
  unspecified: { color: '#5f5f5f', dot: 'solid' },
};

/** Line width for an edge of `weight` segments: grows with the logarithm, one decimal. */
export function edgeWidth(weight: number): number {
  return Math.round(Math.min(6, 0.8 + 1.1 * Math.log2(Math.max(1, weight))) * 10) / 10;
}

function nameOf(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}

function edgeLabel(ctx: Ctx, e: NetworkEdge): string {
  return `${e.weight} · ${ctx.tr(`char.${e.character}`)}`;
}

export interface NetworkOptions extends RenderOptions {
  /** Organization id -> display name. */
  names: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------- DOT

export function renderNetworkDot(network: CollaborationNetwork, options: NetworkOptions): string {
  const ctx = makeCtx(options);
  const lines = [
    'digraph collaboration {',
    `  graph [rankdir=LR, splines=true, nodesep=0.25, ranksep=2.2, fontname="Helvetica", label=${dotString(ctx.tr('sum.networkTitle'))}, labelloc=t];`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.6];',
    '  subgraph cluster_organizations {',
    `    label=${dotString(ctx.tr('sum.organizations'))}; color="#c8c8c8";`,
    ...network.organizations.map((o) => `    ${dotString(`org:${o}`)} [label=${dotString(nameOf(options.names, o))}, shape=box, style="rounded,filled", fillcolor="#f3f3f3"];`),
    '  }',
    '  subgraph cluster_partners {',
    `    label=${dotString(ctx.tr('net.partner'))}; color="#c8c8c8";`,
    ...network.partners.map((p) => `    ${dotString(`partner:${p}`)} [label=${dotString(codeLabel(ctx, p))}, shape=ellipse];`),
    '  }',
    ...network.edges.map((e) => {
      const style = NETWORK_STYLES[e.character];
      return `  ${dotString(`org:${e.organization}`)} -> ${dotString(`partner:${e.partner}`)} [label=${dotString(edgeLabel(ctx, e))}, penwidth=${edgeWidth(e.weight)}, style=${style.dot}, color=${dotString(style.color)}, weight=${e.weight}];`;
    }),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
