// Quote ranking: which coded units are the strongest evidence for a code, in a fixed, explainable order.
import type { CodedSegment } from '../model/types.js';
import { compareStrings, genderOf, isLowConfidence, unitKey, type Evidence } from './evidence.js';
import type { Quote } from './types.js';
import { plainQuoteText } from '../text/markup.js';

/*
 * "Strongest" is the most confident evidence, defined so that anyone can recompute it from the segments:
 *   1. units a rule coded (or a person: no rule and no probability) before units only the model coded:
 *      on the held-out gold sets, 89-90% of rule+model segments have a right top-level code, against 81-83%
 *      of model-only ones at p >= 0.5 and 58-62% below (`npm run gold`, "precision by method");
 *   2. higher model probability for the code or its sub-codes on the unit, rounded to two decimals
 *      (units no model coded come after those it did);
 *   3. rule and model agree on the unit (a `rule+model` segment) before either alone;
 *   4. more distinct matched terms (case-folded) for the code and its sub-codes in the unit;
 *   5. more distinct rules of the code and its sub-codes that fired on the unit (rules agree);
 *   6. then document id, start offset and code id ascending, so ties fall in reading order.
 * Candidates are merged per unit first, so the same sentence is never quoted twice for one code.
 * How many other codes a unit collected plays no part: a sentence is not stronger evidence for
 * "trust" because it also mentions a shelter.
 */
export function compareQuotes(a: Quote, b: Quote): number {
  return compareRanks(rankOfQuote(a), rankOfQuote(b));
}

/** What compareQuotes orders quotes by (the quote's strength, document, start and first code). */
interface Rank {
  confidence: number | null;
  agreement: boolean;
  terms: number;
  rules: number;
  document: string;
  start: number;
  /** The quote's first code (codes[0]), '' for none. */
  code: string;
}

const rankOfQuote = (q: Quote): Rank => ({ ...q.strength, document: q.document, start: q.start, code: q.codes[0] ?? '' });

function compareRanks(a: Rank, b: Rank): number {
  const conf = (r: Rank) => (r.confidence === null ? -1 : Math.round(r.confidence * 100));
  const backed = (r: Rank) => Number(r.rules > 0 || r.confidence === null);
  return (
    backed(b) - backed(a) ||
    conf(b) - conf(a) ||
    Number(b.agreement) - Number(a.agreement) ||
    b.terms - a.terms ||
    b.rules - a.rules ||
    compareStrings(a.document, b.document) ||
    a.start - b.start ||
    compareStrings(a.code, b.code)
  );
}

/** One unit's candidate segments with the rank of the quote they make (what toQuote would give, without building it). */
interface Candidate extends Rank {
  list: CodedSegment[];
  /** The matched terms, first spelling of each (case-folded) term, in segment order. */
  matched: string[];
}

function candidate(ev: Evidence, list: CodedSegment[]): Candidate {
  const terms = new Set<string>();
  const matched: string[] = [];
  const rules = new Set<string>();
  let confidence: number | null = null;
  let agreement = false;
  let start = Number.POSITIVE_INFINITY;
  let code: string | undefined;
  for (const s of list) {
    for (const m of s.matched) {
      const folded = m.toLowerCase();
      if (!terms.has(folded)) {
        terms.add(folded);
        matched.push(m);
      }
    }
    if (s.rule) rules.add(`${s.code}\u0000${s.rule}`);
    if (typeof s.probability === 'number') confidence = confidence === null ? s.probability : Math.max(confidence, s.probability);
    if (s.method === 'rule+model') agreement = true;
    if (s.start < start) start = s.start;
    if (code === undefined || ev.compareCodes(s.code, code) < 0) code = s.code;
  }
  return { list, matched, confidence, agreement, terms: terms.size, rules: rules.size, document: (list[0] as CodedSegment).document, start, code: code ?? '' };
}

/**
 * Merges candidate segments per unit into quotes, ranks them and keeps the first `top` (all when
 * top is Infinity). Units are ranked before their quotes are built: only the quotes kept are.
 */
export function rankQuotes(ev: Evidence, candidates: readonly CodedSegment[], top: number): Quote[] {
  const byUnit = new Map<string, CodedSegment[]>();
  for (const s of candidates) {
    const key = unitKey(s);
    const list = byUnit.get(key);
    if (list) list.push(s);
    else byUnit.set(key, [s]);
  }
  const ranked: Candidate[] = [];
  for (const list of byUnit.values()) ranked.push(candidate(ev, list));
  ranked.sort(compareRanks);
  return (Number.isFinite(top) ? ranked.slice(0, Math.max(0, top)) : ranked).map((c) => toQuote(ev, c));
}

/**
 * The first `top` of `ranked` whose unit is not in `used` (units quoted earlier in the same report),
 * adding theirs to it: a sentence quoted for one sub-theme is not quoted again for the next.
 */
export function takeUnused(ranked: readonly Quote[], top: number, used: Set<string>): Quote[] {
  const out: Quote[] = [];
  for (const q of ranked) {
    if (out.length >= top) break;
    const key = unitKey(q);
    if (used.has(key)) continue;
    used.add(key);
    out.push(q);
  }
  return out;
}

/** The strongest quotes for a code (sub-codes included). */
export function quotesFor(ev: Evidence, code: string, top: number): Quote[] {
  return rankQuotes(ev, ev.within(code), top);
}

function toQuote(ev: Evidence, c: Candidate): Quote {
  const { list } = c;
  // The earliest, then widest, segment gives the quoted span.
  const first = [...list].sort((a, b) => a.start - b.start || b.end - a.end)[0] as CodedSegment;
  const codes = [...new Set(list.map((s) => s.code))].sort(ev.compareCodes);
  const negated = list.find((s) => s.negated_from !== undefined && s.negated_from !== null);
  return {
    document: first.document,
    line: first.line,
    ...(first.page === undefined ? {} : { page: first.page }),
    ...(first.time === undefined ? {} : { time: first.time }),
    speaker: first.speaker ?? null,
    role: ev.attribute(first.document, 'role'),
    ...genderOf(ev, first.document),
    language: ev.attribute(first.document, 'language'),
    unit: first.unit,
    start: first.start,
    end: first.end,
    // A link's target is not part of what was said; start and end still point into the file.
    text: plainQuoteText(first.text),
    codes,
    negatedFrom: negated?.negated_from ?? null,
    matched: c.matched,
    lowConfidence: list.every(isLowConfidence),
    strength: {
      confidence: c.confidence,
      agreement: c.agreement,
      terms: c.terms,
      rules: c.rules,
    },
  };
}
