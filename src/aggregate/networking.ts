// Networking per organization: partner types, systematic vs accidental character, and gaps.
import { isWithin } from '../codebook/tree.js';
import { isOwnType, unitKey, type Evidence } from './evidence.js';
import { networkingContradictions } from './contradictions.js';
import { quotesFor, rankQuotes } from './quotes.js';
import type { CharacterEvidence, CollaborationCharacter, NetworkingGap, NetworkingSection, PartnerEvidence, ThemeConfig } from './types.js';

/**
 * The tie's character from the number of statements (units) describing it each way: mixed when it
 * is described as systematic and also as accidental or missing (an agreement on paper and "no
 * contact at all" in practice is not a systematic tie); accidental when described as accidental,
 * missing or not (occasional contact and none are both no network); else no contact, else unspecified.
 */
export function characterOf(systematic: number, accidental: number, absent: number): CollaborationCharacter {
  if (systematic > 0) return accidental > 0 || absent > 0 ? 'mixed' : 'systematic';
  if (accidental > 0) return 'accidental';
  if (absent > 0) return 'absent';
  return 'unspecified';
}

/** Whether a unit says "no contact" (confidently) and describes the collaboration in no other way. */
export function saysOnlyNoContact(ev: Evidence, key: string, themes: ThemeConfig): boolean {
  return ev.unitHasConfident(key, themes.absent) && !ev.unitHasConfident(key, themes.systematic) && !ev.unitHasConfident(key, themes.accidental);
}

/**
 * Evidence about one partner type: its segments and how many of its units carry each character code
 * through a confident segment (a low-confidence "accidental" beside a mention of the police does not
 * make the tie accidental; see isLowConfidence). A unit counts as "no contact" only when it describes
 * the tie in no other way: "no contact with the ministry, except through the parish network" says
 * nothing against the parish (statements in other units that say "no contact" do count, see characterOf).
 */
export function partnerEvidence(ev: Evidence, partner: string, themes: ThemeConfig, top: number): PartnerEvidence {
  const segments = ev.within(partner);
  const units = new Set(segments.map(unitKey));
  let systematic = 0;
  let accidental = 0;
  let absent = 0;
  for (const key of units) {
    if (ev.unitHasConfident(key, themes.systematic)) systematic++;
    if (ev.unitHasConfident(key, themes.accidental)) accidental++;
    if (saysOnlyNoContact(ev, key, themes)) absent++;
  }
  return {
    code: partner,
    count: segments.length,
    documents: new Set(segments.map((s) => s.document)).size,
    systematic,
    accidental,
    absent,
    character: characterOf(systematic, accidental, absent),
    quotes: rankQuotes(ev, segments, top),
  };
}

function characterEvidence(ev: Evidence, code: string, top: number): CharacterEvidence {
  return { code, count: ev.count(code), quotes: quotesFor(ev, code, top) };
}

/**
 * `organizationType` is the organization's own type (org_type): a police unit is not expected to
 * partner with "the police", so that partner type is left out of its partners, its gaps and its
 * partner contradictions (see isOwnType in evidence.ts).
 */
export function networkingSection(ev: Evidence, themes: ThemeConfig, top: number, organizationType: string | null): NetworkingSection {
  const partners = ev
    .children(themes.partnerRoot)
    .filter((p) => !isOwnType(p, organizationType))
    .map((p) => partnerEvidence(ev, p, themes, top))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count || ev.compareCodes(a.code, b.code));
  const gaps: NetworkingGap[] = [];
  for (const expected of themes.expectedPartners) {
    if (!ev.has(expected)) continue;
    if (isOwnType(expected, organizationType)) continue;
    const found = partners.find((p) => p.code === expected);
    if (!found) gaps.push({ code: expected, reason: 'no-evidence', quotes: [] });
    else if (found.systematic === 0 && found.accidental === 0 && found.absent > 0) {
      const absentUnits = ev.segments.filter((s) => isWithin(s.code, expected) && ev.unitHas(unitKey(s), themes.absent));
      gaps.push({ code: expected, reason: 'absence-only', quotes: rankQuotes(ev, absentUnits, top) });
    }
  }
  return {
    partners,
    systematic: characterEvidence(ev, themes.systematic, top),
    accidental: characterEvidence(ev, themes.accidental, top),
    absent: characterEvidence(ev, themes.absent, top),
    gaps,
    contradictions: networkingContradictions(ev, themes, top, organizationType),
  };
}
