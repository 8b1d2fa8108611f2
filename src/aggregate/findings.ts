// Key findings of one organization: language-neutral facts per area (which template, its numbers, its quotes) that reports put into words.
import { isWithin } from '../codebook/tree.js';
import type { CodedSegment } from '../model/types.js';
import { catchAllCodes, isLowConfidence, unitKey, type Evidence } from './evidence.js';
import { rankQuotes } from './quotes.js';
import { saysOnlyNoContact } from './networking.js';
import type {
  AttitudesSection,
  Contradiction,
  EvidenceStrength,
  Finding,
  FindingArea,
  NetworkingSection,
  Quote,
  RecommendationResult,
  ServiceLevel,
  BarrierEvidence,
  SwotGrid,
  ThemeConfig,
} from './types.js';

/** Sub-themes stated per quadrant, partner types per networking paragraph, barriers stated (a runner-up only when several sources state it). */
export const FINDINGS_PER_AREA = 2;
/** Quotes cited per finding. */
export const CITED_PER_FINDING = 1;

/**
 * How much evidence stands behind a set of segments: statements (units), sources (documents),
 * respondents (speakers per document: a speaker of two interviews counts twice) and texts (documents
 * with statements no speaker said, such as project documents: they are sources, not respondents).
 */
export function evidenceWeight(segments: readonly CodedSegment[]): { statements: number; documents: number; respondents: number; texts: number; strength: EvidenceStrength; lowConfidence: boolean } {
  const units = new Set(segments.map(unitKey));
  const documents = new Set(segments.map((s) => s.document));
  const respondents = new Set(segments.filter((s) => s.speaker !== null && s.speaker !== '').map((s) => `${s.document}\u0000${s.speaker}`));
  const texts = new Set(segments.filter((s) => s.speaker === null || s.speaker === '').map((s) => s.document));
  const strength: EvidenceStrength = units.size <= 1 ? 'single' : documents.size <= 1 ? 'one-source' : 'several-sources';
  return { statements: units.size, documents: documents.size, respondents: respondents.size, texts: texts.size, strength, lowConfidence: segments.length > 0 && segments.every(isLowConfidence) };
}

/** The cited quotes: the strongest of the segments, preferring units not yet cited in this report. */
function cite(ev: Evidence, segments: readonly CodedSegment[], cited: Set<string>): Quote[] {
  const ranked = rankQuotes(ev, segments, Number.POSITIVE_INFINITY);
  // Confident quotes not yet cited first, then low-confidence ones, then quotes cited before.
  const fresh = ranked.filter((q) => !cited.has(unitKey(q)));
  const chosen = [...fresh.filter((q) => !q.lowConfidence), ...fresh.filter((q) => q.lowConfidence), ...ranked.filter((q) => cited.has(unitKey(q)))].slice(0, CITED_PER_FINDING);
  for (const q of chosen) cited.add(unitKey(q));
  return chosen;
}

/**
 * A finding on `segments`, citing their strongest quote; with `sides` (a finding that sets statements
 * against each other), the strongest quote of each side that has any, so that every side is shown.
 */
function finding(area: FindingArea, key: Finding['key'], ev: Evidence, segments: readonly CodedSegment[], cited: Set<string>, params: Finding['params'], sides?: readonly (readonly CodedSegment[])[]): Finding {
  const w = evidenceWeight(segments);
  return {
    area,
    key,
    strength: w.strength,
    lowConfidence: w.lowConfidence,
    params: { statements: w.statements, documents: w.documents, respondents: w.respondents, texts: w.texts, ...params },
    quotes: sides ? sides.filter((side) => side.length > 0).flatMap((side) => cite(ev, side, cited)) : segments.length > 0 ? cite(ev, segments, cited) : [],
  };
}

export interface FindingInput {
  swot: SwotGrid;
  contradictions: readonly Contradiction[];
  networking: NetworkingSection;
  attitudes: AttitudesSection;
  services: readonly ServiceLevel[];
  barriers: readonly BarrierEvidence[];
  recommendations: readonly RecommendationResult[];
}

/**
 * The key findings of one scope, area by area (the four quadrants, networking, attitudes, services,
 * barriers). Every finding that claims something carries the quotes behind it; a finding of absence
 * ("no statement mentions the police") carries none and says so. Facts only: the report's templates
 * (i18n.ts, `find.*`) choose the words, by `key` and by `strength` of evidence.
 */
export function keyFindings(ev: Evidence, themes: ThemeConfig, input: FindingInput): Finding[] {
  const cited = new Set<string>();
  const out: Finding[] = [];
  const catchAll = catchAllCodes(ev.codebook);
  const stated = new Set<string>();

  // Quadrants: the leading sub-themes, then an opposite sub-theme that contradicts one. Neither a
  // catch-all nor the quadrant code itself (statements no sub-code describes) leads: "the leading
  // strength is 'Strengths'" says nothing.
  for (const cell of input.swot.quadrants) {
    const themesShown = cell.themes.filter((t) => !catchAll.has(t.code) && !cell.codes.includes(t.code)).slice(0, FINDINGS_PER_AREA);
    if (themesShown.length === 0) {
      const inQuadrant = ev.segments.filter((s) => cell.codes.some((c) => isWithin(s.code, c)));
      out.push(finding(cell.quadrant, cell.count === 0 ? 'swot.none' : 'swot.onlyOther', ev, inQuadrant, cited, { total: cell.count }));
      continue;
    }
    themesShown.forEach((t, i) => {
      // The quadrant code itself is a theme of its own segments; a sub-theme rolls up its sub-codes.
      const segments = cell.codes.includes(t.code) ? ev.segments.filter((s) => s.code === t.code) : ev.within(t.code);
      // The runner-up is a key finding only when several sources state it; the grid lists the rest.
      if (i > 0 && evidenceWeight(segments).strength !== 'several-sources') return;
      out.push(finding(cell.quadrant, i === 0 ? 'swot.lead' : 'swot.next', ev, segments, cited, { code: t.code, total: cell.count }));
    });
    // "Trust" is a leading strength and also a weakness: say so once, where it is first stated.
    for (const c of input.contradictions) {
      if (c.kind !== 'opposite-quadrants' || stated.has(c.topic)) continue;
      const pair = c.sides.find((x) => themesShown.some((t) => t.code === x.code));
      if (!pair) continue;
      const other = pair === c.sides[0] ? c.sides[1] : c.sides[0];
      stated.add(c.topic);
      // Counted in statements (units), as the other findings count.
      const statements = (code: string) => new Set(ev.within(code).map(unitKey)).size;
      out.push(finding(cell.quadrant, 'swot.contradicted', ev, ev.within(other.code), cited, { code: pair.code, other: other.code, count: statements(pair.code), otherCount: statements(other.code) }));
    }
  }

  // Networking: the partner types most talked about and how; gaps; whether any agreement is described.
  const net = input.networking;
  const partners = net.partners.slice(0, FINDINGS_PER_AREA);
  for (const p of partners) {
    const onUnits = (character: string) => ev.segments.filter((s) => isWithin(s.code, p.code) && character !== '' && ev.unitHasConfident(unitKey(s), character));
    // Units that say "no contact" and nothing else about the tie, as partnerEvidence counts them.
    const absentOnly = () => onUnits(themes.absent).filter((s) => saysOnlyNoContact(ev, unitKey(s), themes));
    const params = { code: p.code, count: p.count, systematic: p.systematic, accidental: p.accidental, absent: p.absent };
    if (p.character === 'accidental') out.push(finding('networking', p.absent > 0 ? 'net.accidentalOrNone' : 'net.accidental', ev, [...onUnits(themes.accidental), ...absentOnly()], cited, params));
    else if (p.character === 'systematic') out.push(finding('networking', 'net.systematic', ev, onUnits(themes.systematic), cited, params));
    else if (p.character === 'mixed') {
      // "No contact" beside a described tie is said with its count: the statements contradict each other.
      const key = p.absent > 0 ? 'net.mixedAbsent' : p.accidental > p.systematic ? 'net.mixedAccidental' : 'net.mixedSystematic';
      const sides = [onUnits(themes.systematic), onUnits(themes.accidental), absentOnly()];
      out.push(finding('networking', key, ev, sides.flat(), cited, params, p.absent > 0 ? sides : undefined));
    } else if (p.character === 'absent') out.push(finding('networking', 'net.absentOnly', ev, onUnits(themes.absent), cited, params));
    else out.push(finding('networking', 'net.unspecified', ev, ev.within(p.code), cited, params));
  }
  for (const g of net.gaps) if (g.reason === 'no-evidence') out.push(finding('networking', 'net.gap', ev, [], cited, { code: g.code }));
  if (net.partners.length > 0 && net.systematic.count === 0 && themes.systematic !== '') out.push(finding('networking', 'net.noAgreement', ev, [], cited, {}));
  if (net.partners.length === 0) out.push(finding('networking', 'net.none', ev, [], cited, {}));

  // Attitudes: whose stereotypes, supportive attitudes, and a holder reported both ways.
  const att = input.attitudes;
  const holders = att.holders.filter((h) => h.holder !== null && (h.valences.find((v) => v.code === themes.stereotype)?.count ?? 0) > 0);
  holders.sort((a, b) => (b.valences.find((v) => v.code === themes.stereotype)?.count ?? 0) - (a.valences.find((v) => v.code === themes.stereotype)?.count ?? 0));
  for (const h of holders.slice(0, 1)) {
    const segments = ev.segments.filter((s) => isWithin(s.code, themes.stereotype) && ev.unitHasConfident(unitKey(s), h.holder as string));
    out.push(finding('attitudes', 'att.stereotypeHolder', ev, segments, cited, { code: h.holder as string }));
  }
  const stereotypes = ev.within(themes.stereotype);
  if (holders.length === 0 && stereotypes.length > 0) out.push(finding('attitudes', 'att.stereotype', ev, stereotypes, cited, {}));
  const supportive = att.valences.filter((v) => v !== themes.stereotype).flatMap((v) => ev.within(v));
  if (supportive.length > 0) out.push(finding('attitudes', 'att.supportive', ev, supportive, cited, {}));
  for (const c of att.contradictions.slice(0, 1)) {
    // Both sides are claimed, so both are cited: the strongest statement of each.
    const both = finding('attitudes', 'att.contradiction', ev, [], cited, { code: c.topic, count: c.sides[0].count, otherCount: c.sides[1].count });
    const onUnits = (valence: string) => ev.segments.filter((s) => isWithin(s.code, valence) && ev.unitHas(unitKey(s), c.topic));
    both.quotes = [...cite(ev, onUnits(c.sides[0].code), cited), ...cite(ev, onUnits(c.sides[1].code), cited)];
    out.push(both);
  }
  if (att.total === 0) out.push(finding('attitudes', 'att.none', ev, [], cited, {}));

  // Services: each level, with evidence or not; "no evidence" is never stated when the profile lists the service.
  for (const s of input.services) {
    if (s.count > 0) out.push(finding('services', 'svc.offered', ev, ev.within(s.code), cited, { code: s.code, level: s.level }));
    else {
      const listed = input.recommendations.find((r) => r.excluded?.kind === 'unless' && r.excluded.reason.attribute !== 'org_type' && r.conditions.some((c) => c.code === s.code && c.kind === 'absence'));
      if (listed?.excluded) out.push(finding('services', 'svc.profileOnly', ev, [], cited, { code: s.code, level: s.level, item: listed.excluded.reason.value }));
      else out.push(finding('services', 'svc.missing', ev, [], cited, { code: s.code, level: s.level }));
    }
  }

  // Barriers: the most frequent.
  input.barriers.slice(0, FINDINGS_PER_AREA).forEach((b, i) => {
    if (i > 0 && evidenceWeight(ev.within(b.code)).strength !== 'several-sources') return;
    out.push(finding('barriers', i === 0 ? 'bar.lead' : 'bar.next', ev, ev.within(b.code), cited, { code: b.code }));
  });
  if (input.barriers.length === 0 && themes.barriersRoot !== '') out.push(finding('barriers', 'bar.none', ev, [], cited, {}));
  return withoutLowConfidence(out);
}

/**
 * The findings, but those resting only on the model's low-confidence coding (see isLowConfidence:
 * on the held-out gold sets 58-62% of model-only segments below p 0.5 have a right top-level code,
 * fewer a right sub-code) are not stated: each area they leave says how many (`low.omitted`), and the
 * report's tables still count their segments.
 */
function withoutLowConfidence(findings: readonly Finding[]): Finding[] {
  const kept = findings.filter((f) => !f.lowConfidence);
  const left = new Map<FindingArea, number>();
  for (const f of findings) if (f.lowConfidence) left.set(f.area, (left.get(f.area) ?? 0) + 1);
  for (const [area, count] of left) kept.push({ area, key: 'low.omitted', strength: 'single', lowConfidence: false, params: { count }, quotes: [] });
  return kept;
}
