// The SWOT grid: per quadrant, its count, strongest quotes and sub-themes (child codes), overall or per group.
import type { Codebook } from '../codebook/types.js';
import { isWithin } from '../codebook/tree.js';
import { QUADRANTS, type Quadrant } from '../model/types.js';
import { catchAllCodes, compareStrings, unitKey, Evidence } from './evidence.js';
import { rankQuotes, takeUnused } from './quotes.js';
import type { GroupKey, Quote, SwotCell, SwotGrid, SwotTheme } from './types.js';

/** The codes at the top of each quadrant's branch: they carry the quadrant and their parent does not. */
export function quadrantCodes(codebook: Codebook, quadrant: Quadrant): string[] {
  return codebook.codes
    .filter((c) => c.quadrant === quadrant && (c.parent === undefined || codebook.byId.get(c.parent)?.quadrant !== quadrant))
    .map((c) => c.id);
}

/**
 * The four quadrants of one scope. With `used` (the units already quoted in the report), each
 * sub-theme's quotes are its strongest units not quoted before, so no sentence appears under two
 * sub-themes; quadrants and sub-themes take their turn in display order.
 */
export function swotGrid(ev: Evidence, top: number, group: GroupKey | null = null, used?: Set<string>): SwotGrid {
  return {
    group,
    segments: ev.segments.length,
    documents: new Set(ev.segments.map((s) => s.document)).size,
    quadrants: QUADRANTS.map((q) => swotCell(ev, q, top, used)),
  };
}

function swotCell(ev: Evidence, quadrant: Quadrant, top: number, used: Set<string> | undefined): SwotCell {
  const codes = quadrantCodes(ev.codebook, quadrant);
  const segments = ev.segments.filter((s) => codes.some((c) => isWithin(s.code, c)));
  const ranked: { theme: SwotTheme; quotes: Quote[] }[] = [];
  for (const root of codes) {
    // Segments coded with the quadrant code itself form a theme of their own.
    const direct = ev.segments.filter((s) => s.code === root);
    if (direct.length > 0) ranked.push(theme(ev, root, direct, top));
    for (const child of ev.children(root)) {
      const within = ev.within(child);
      if (within.length > 0) ranked.push(theme(ev, child, within, top));
    }
  }
  // A catch-all sub-theme ("Other opportunities") comes after the named ones, however frequent, and
  // the quadrant code's own statements (no sub-code describes them) come last.
  const catchAll = catchAllCodes(ev.codebook);
  const last = (code: string) => (codes.includes(code) ? 2 : Number(catchAll.has(code)));
  ranked.sort((a, b) => last(a.theme.code) - last(b.theme.code) || b.theme.count - a.theme.count || ev.compareCodes(a.theme.code, b.theme.code));
  if (used) for (const r of ranked) r.theme.quotes = takeUnused(r.quotes, top, used);
  return {
    quadrant,
    codes,
    count: segments.length,
    documents: new Set(segments.map((s) => s.document)).size,
    quotes: spreadQuotes(ranked.map((r) => r.quotes), top),
    themes: ranked.map((r) => r.theme),
  };
}

/**
 * A quadrant's quotes cover its sub-themes: the strongest quote of each sub-theme in turn (most
 * frequent sub-theme first), then the second strongest of each, and so on; a unit is quoted once.
 */
export function spreadQuotes(perTheme: readonly Quote[][], top: number): Quote[] {
  const out: Quote[] = [];
  const used = new Set<string>();
  const rounds = Math.max(0, ...perTheme.map((q) => q.length));
  for (let r = 0; r < rounds && out.length < top; r++) {
    for (const quotes of perTheme) {
      const q = quotes[r];
      if (!q || out.length >= top) continue;
      const key = unitKey(q);
      if (used.has(key)) continue;
      used.add(key);
      out.push(q);
    }
  }
  return out;
}

function theme(ev: Evidence, code: string, segments: Evidence['segments'], top: number): { theme: SwotTheme; quotes: Quote[] } {
  const quotes = rankQuotes(ev, segments, Number.POSITIVE_INFINITY);
  return {
    theme: { code, count: segments.length, documents: new Set(segments.map((s) => s.document)).size, quotes: quotes.slice(0, top) },
    quotes,
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
