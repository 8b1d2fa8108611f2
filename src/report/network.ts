// The collaboration network drawn three ways: a Graphviz DOT file, a Mermaid graph and an inline SVG.
import type { CollaborationCharacter, CollaborationNetwork, NetworkEdge } from '../aggregate/types.js';
import { codeLabel, makeCtx, type Ctx, type RenderOptions } from './context.js';
import { dotString, escapeHtml as esc, mermaidLabel } from './escape.js';

export interface NetworkStyle {
  color: string;
  /** SVG stroke-dasharray ('' for solid). */
  dash: string;
  dot: 'solid' | 'dashed' | 'dotted' | 'bold';
  mermaid: string;
}

/** How each character of collaboration is drawn; the same mapping in every format and in the legend. */
export const NETWORK_STYLES: Record<CollaborationCharacter, NetworkStyle> = {
  systematic: { color: '#1e7b34', dash: '', dot: 'bold', mermaid: '==>' },
  accidental: { color: '#a05a00', dash: '7 4', dot: 'dashed', mermaid: '-.->' },
  mixed: { color: '#6a3d9a', dash: '12 3 3 3', dot: 'solid', mermaid: '-->' },
  absent: { color: '#b3261e', dash: '2 4', dot: 'dotted', mermaid: '-.->' },
  unspecified: { color: '#5f5f5f', dash: '', dot: 'solid', mermaid: '-->' },
};

export const CHARACTERS: readonly CollaborationCharacter[] = ['systematic', 'accidental', 'mixed', 'absent', 'unspecified'];

/** Line width for an edge of `weight` segments: grows with the logarithm, one decimal. */
export function edgeWidth(weight: number): number {
  return Math.round(Math.min(6, 0.8 + 1.1 * Math.log2(Math.max(1, weight))) * 10) / 10;
}

/** Cuts a label to `max` characters with an ellipsis (the full text stays in the element's title). */
function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
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

// ---------------------------------------------------------------- Mermaid

/** A fenced ```mermaid block (graph LR) for Markdown. */
export function renderNetworkMermaid(network: CollaborationNetwork, options: NetworkOptions): string {
  const ctx = makeCtx(options);
  const lines = ['```mermaid', 'graph LR'];
  // Node ids are positional (o1, p1 ...): stable for the same network and free of any text.
  const orgId = new Map(network.organizations.map((o, i) => [o, `o${i + 1}`]));
  const partnerId = new Map(network.partners.map((p, i) => [p, `p${i + 1}`]));
  for (const o of network.organizations) lines.push(`  ${orgId.get(o)}[${mermaidLabel(nameOf(options.names, o))}]`);
  for (const p of network.partners) lines.push(`  ${partnerId.get(p)}([${mermaidLabel(codeLabel(ctx, p))}])`);
  for (const e of network.edges) {
    lines.push(`  ${orgId.get(e.organization)} ${NETWORK_STYLES[e.character].mermaid}|${mermaidLabel(edgeLabel(ctx, e))}| ${partnerId.get(e.partner)}`);
  }
  network.edges.forEach((e, i) => {
    lines.push(`  linkStyle ${i} stroke:${NETWORK_STYLES[e.character].color},stroke-width:${edgeWidth(e.weight)}px`);
  });
  lines.push('```');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- SVG

const ROW = 28;
const TOP = 12;
const ORG_X = 330;
const PARTNER_X = 600;
const WIDTH = 900;
const LABEL_CHARS = 44;

/** An inline, accessible SVG: organizations on the left, partner types on the right, edges styled by character. */
export function renderNetworkSvg(network: CollaborationNetwork, options: NetworkOptions, id = 'network'): string {
  const ctx = makeCtx(options);
  const rows = Math.max(network.organizations.length, network.partners.length, 1);
  const legendY = TOP + rows * ROW + 18;
  const height = legendY + 30;
  // Both columns spread over the full height, so edges fan out instead of bunching.
  const y = (index: number, count: number) => Math.round((TOP + ((index + 0.5) * rows * ROW) / count) * 10) / 10;
  const orgY = new Map(network.organizations.map((o, i) => [o, y(i, network.organizations.length)]));
  const partnerY = new Map(network.partners.map((p, i) => [p, y(i, network.partners.length)]));
  const title = ctx.tr('sum.networkTitle');
  const desc = network.edges.map((e) => `${nameOf(options.names, e.organization)} → ${codeLabel(ctx, e.partner)}: ${edgeLabel(ctx, e)}`).join('; ');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
  ];
  for (const e of network.edges) {
    const style = NETWORK_STYLES[e.character];
    const y1 = orgY.get(e.organization) ?? 0;
    const y2 = partnerY.get(e.partner) ?? 0;
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    out.push(
      `<line x1="${ORG_X + 6}" y1="${y1}" x2="${PARTNER_X - 6}" y2="${y2}" stroke="${style.color}" stroke-width="${edgeWidth(e.weight)}"${dash} stroke-linecap="round" opacity="0.75"><title>${esc(`${nameOf(options.names, e.organization)} → ${codeLabel(ctx, e.partner)}: ${edgeLabel(ctx, e)}`)}</title></line>`,
    );
  }
  for (const o of network.organizations) {
    const oy = orgY.get(o) ?? 0;
    const name = nameOf(options.names, o);
    out.push(`<circle cx="${ORG_X}" cy="${oy}" r="5" fill="#1b1b1b"/><text x="${ORG_X - 10}" y="${oy + 4}" text-anchor="end" font-size="12" fill="#1b1b1b"><title>${esc(name)}</title>${esc(shorten(name, LABEL_CHARS))}</text>`);
  }
  for (const p of network.partners) {
    const py = partnerY.get(p) ?? 0;
    const label = codeLabel(ctx, p);
    out.push(`<circle cx="${PARTNER_X}" cy="${py}" r="5" fill="#1a56b0"/><text x="${PARTNER_X + 10}" y="${py + 4}" font-size="12" fill="#1b1b1b"><title>${esc(label)}</title>${esc(shorten(label, LABEL_CHARS - 6))}</text>`);
  }
  CHARACTERS.forEach((c, i) => {
    const style = NETWORK_STYLES[c];
    const x = 20 + i * 175;
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    out.push(`<line x1="${x}" y1="${legendY}" x2="${x + 36}" y2="${legendY}" stroke="${style.color}" stroke-width="3"${dash}/><text x="${x + 44}" y="${legendY + 4}" font-size="11" fill="#1b1b1b">${esc(ctx.tr(`char.${c}`))}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
