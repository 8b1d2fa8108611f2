// Contradictory evidence: one scope says both things about a topic. Shown side by side, never dropped.
import { isWithin } from '../codebook/tree.js';
import type { CodedSegment } from '../model/types.js';
import { isOwnType, unitKey, type Evidence } from './evidence.js';
import { rankQuotes } from './quotes.js';
import { quadrantCodes } from './swot.js';
import type { Contradiction, ContradictionSide, ThemeConfig } from './types.js';

/** Quadrants whose sub-themes oppose each other when they share a last id part (strength.practice vs weakness.practice). */
const OPPOSITE_QUADRANTS = [
  ['strength', 'weakness'],
  ['opportunity', 'threat'],
] as const;

function side(ev: Evidence, code: string, segments: readonly CodedSegment[], top: number): ContradictionSide {
  return { code, count: segments.length, quotes: rankQuotes(ev, segments, top) };
}

function leaf(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}

/** strength.X vs weakness.X and opportunity.X vs threat.X, both with evidence. */
export function oppositeQuadrantContradictions(ev: Evidence, top: number): Contradiction[] {
  const found: Contradiction[] = [];
  for (const [a, b] of OPPOSITE_QUADRANTS) {
    const aThemes = quadrantCodes(ev.codebook, a).flatMap((c) => ev.children(c));
    const bThemes = quadrantCodes(ev.codebook, b).flatMap((c) => ev.children(c));
    for (const x of aThemes) {
      for (const y of bThemes) {
        if (leaf(x) !== leaf(y)) continue;
        const xs = ev.within(x);
        const ys = ev.within(y);
        if (xs.length > 0 && ys.length > 0) found.push({ kind: 'opposite-quadrants', topic: leaf(x), sides: [side(ev, x, xs, top), side(ev, y, ys, top)] });
      }
    }
  }
  return found;
}

/** A code found directly and also denied (a negated match re-routed away from it). */
export function negationContradictions(ev: Evidence, top: number): Contradiction[] {
  const denied = new Map<string, CodedSegment[]>();
  for (const s of ev.segments) {
    if (!s.negated_from) continue;
    const list = denied.get(s.negated_from);
    if (list) list.push(s);
    else denied.set(s.negated_from, [s]);
  }
  const found: Contradiction[] = [];
  for (const code of [...denied.keys()].sort(ev.compareCodes)) {
    const affirmed = ev.segments.filter((s) => s.code === code && !s.negated_from);
    const against = denied.get(code) ?? [];
    if (affirmed.length === 0) continue;
    const targets = [...new Set(against.map((s) => s.code))].sort(ev.compareCodes);
    found.push({ kind: 'negation', topic: code, sides: [side(ev, code, affirmed, top), side(ev, targets[0] ?? code, against, top)] });
  }
  return found;
}

/** Segments within `code` on units that also carry a code within `context`. */
/** Segments within `code` on units that carry `context` through a confident segment (a partner or holder only the model names, below p 0.5, is not named). */
function withinOnUnits(ev: Evidence, code: string, context: string): CodedSegment[] {
  return ev.segments.filter((s) => isWithin(s.code, code) && ev.unitHasConfident(unitKey(s), context));
}

/**
 * The same partner type described as systematic in some units and accidental in others. The
 * organization's own type (`organizationType`, see isOwnType in evidence.ts) is not its partner.
 */
export function networkingContradictions(ev: Evidence, themes: ThemeConfig, top: number, organizationType: string | null = null): Contradiction[] {
  const found: Contradiction[] = [];
  for (const partner of ev.children(themes.partnerRoot)) {
    if (isOwnType(partner, organizationType)) continue;
    const sys = withinOnUnits(ev, themes.systematic, partner);
    const acc = withinOnUnits(ev, themes.accidental, partner);
    if (sys.length > 0 && acc.length > 0) {
      found.push({ kind: 'networking-character', topic: partner, sides: [side(ev, themes.systematic, sys, top), side(ev, themes.accidental, acc, top)] });
    }
  }
  if (found.length === 0) {
    const sys = ev.within(themes.systematic);
    const acc = ev.within(themes.accidental);
    if (sys.length > 0 && acc.length > 0) {
      const topic = themes.partnerRoot.includes('.') ? themes.partnerRoot.slice(0, themes.partnerRoot.lastIndexOf('.')) : themes.partnerRoot;
      found.push({ kind: 'networking-character', topic, sides: [side(ev, themes.systematic, sys, top), side(ev, themes.accidental, acc, top)] });
    }
  }
  return found;
}

/** The attitude valence codes (children of the attitudes root other than the holder branch), stereotype first. */
export function valenceCodes(ev: Evidence, themes: ThemeConfig): string[] {
  const list = ev.children(themes.attitudesRoot).filter((c) => !isWithin(c, themes.holderRoot));
  return [...list.filter((c) => c === themes.stereotype), ...list.filter((c) => c !== themes.stereotype)];
}

/** The same holder (e.g. police) reported with a stereotype and with a supportive attitude. */
export function attitudeContradictions(ev: Evidence, themes: ThemeConfig, top: number): Contradiction[] {
  const [negative, ...others] = valenceCodes(ev, themes);
  if (negative === undefined) return [];
  const found: Contradiction[] = [];
  for (const holder of ev.children(themes.holderRoot)) {
    const neg = withinOnUnits(ev, negative, holder);
    if (neg.length === 0) continue;
    for (const other of others) {
      const pos = withinOnUnits(ev, other, holder);
      if (pos.length > 0) found.push({ kind: 'attitude-valence', topic: holder, sides: [side(ev, negative, neg, top), side(ev, other, pos, top)] });
    }
  }
  return found;
}
