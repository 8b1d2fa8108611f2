// The SWOT grid: per quadrant, its count, strongest quotes and sub-themes (child codes), overall or per group.
import type { Codebook } from '../codebook/types.js';
import { isWithin } from '../codebook/tree.js';
import { QUADRANTS, type Quadrant } from '../model/types.js';
import { compareStrings, Evidence } from './evidence.js';
import { rankQuotes } from './quotes.js';
import type { GroupKey, SwotCell, SwotGrid, SwotTheme } from './types.js';

/** The codes at the top of each quadrant's branch: they carry the quadrant and their parent does not. */
export function quadrantCodes(codebook: Codebook, quadrant: Quadrant): string[] {
  return codebook.codes
    .filter((c) => c.quadrant === quadrant && (c.parent === undefined || codebook.byId.get(c.parent)?.quadrant !== quadrant))
    .map((c) => c.id);
}

export function swotGrid(ev: Evidence, top: number, group: GroupKey | null = null): SwotGrid {
  return {
    group,
    segments: ev.segments.length,
    documents: new Set(ev.segments.map((s) => s.document)).size,
    quadrants: QUADRANTS.map((q) => swotCell(ev, q, top)),
  };
}

function swotCell(ev: Evidence, quadrant: Quadrant, top: number): SwotCell {
  const codes = quadrantCodes(ev.codebook, quadrant);
  const segments = ev.segments.filter((s) => codes.some((c) => isWithin(s.code, c)));
  const themes: SwotTheme[] = [];
  for (const root of codes) {
    // Segments coded with the quadrant code itself form a theme of their own.
    const direct = ev.segments.filter((s) => s.code === root);
    if (direct.length > 0) themes.push(theme(ev, root, direct, top));
    for (const child of ev.children(root)) {
      const within = ev.within(child);
      if (within.length > 0) themes.push(theme(ev, child, within, top));
    }
  }
  themes.sort((a, b) => b.count - a.count || ev.compareCodes(a.code, b.code));
  return {
    quadrant,
    codes,
    count: segments.length,
    documents: new Set(segments.map((s) => s.document)).size,
    quotes: rankQuotes(ev, segments, top),
    themes,
  };
}

function theme(ev: Evidence, code: string, segments: Evidence['segments'], top: number): SwotTheme {
  return {
    code,
    count: segments.length,
    documents: new Set(segments.map((s) => s.document)).size,
    quotes: rankQuotes(ev, segments, top),
  };
}

/** Groups documents by an attribute's value; documents without it form the last group (value null). */
export function groupEvidence(ev: Evidence, attribute: string): { key: GroupKey; evidence: Evidence }[] {
  const values = new Set<string | null>();
  for (const doc of ev.documents.values()) values.add(ev.attribute(doc.id, attribute));
  for (const s of ev.segments) values.add(ev.attribute(s.document, attribute));
  const sorted = [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : compareStrings(a, b)));
  return sorted.map((value) => ({
    key: { attribute, value },
    evidence: ev.subset((s) => ev.attribute(s.document, attribute) === value),
  }));
}
