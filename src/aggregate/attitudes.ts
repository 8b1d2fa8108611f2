// Attitudes and stereotypes: what was said (valence), whose attitude (holder codes in the same unit), reported by whom.
import { isWithin } from '../codebook/tree.js';
import { unitKey, type Evidence } from './evidence.js';
import { attitudeContradictions, valenceCodes } from './contradictions.js';
import { rankQuotes } from './quotes.js';
import type { AttitudesSection, HolderAttitudes, ThemeConfig } from './types.js';

export function attitudesSection(ev: Evidence, themes: ThemeConfig, top: number): AttitudesSection {
  const valences = valenceCodes(ev, themes);
  const named = ev.children(themes.holderRoot);
  const holders: (string | null)[] = [...named, null];
  const rows: HolderAttitudes[] = [];
  let total = 0;
  for (const valence of valences) total += ev.count(valence);
  for (const holder of holders) {
    const row: HolderAttitudes = { holder, valences: [], total: 0 };
    for (const valence of valences) {
      // A statement belongs to a holder when a code within that holder sits on the same unit through a
      // confident segment (the model alone below p 0.5 names no holder: see isLowConfidence); a
      // statement that names none of the holders (no holder code, or only the holder root itself,
      // which names nobody) goes to the "not identified" row, so that every statement has a row.
      const segments = ev.segments.filter((s) => {
        if (!isWithin(s.code, valence)) return false;
        const key = unitKey(s);
        return holder === null ? !named.some((h) => ev.unitHasConfident(key, h)) : ev.unitHasConfident(key, holder);
      });
      row.valences.push({ code: valence, count: segments.length, quotes: rankQuotes(ev, segments, top) });
      row.total += segments.length;
    }
    if (row.total > 0) rows.push(row);
  }
  rows.sort((a, b) => {
    if (a.holder === null || b.holder === null) return a.holder === null ? (b.holder === null ? 0 : 1) : -1;
    return b.total - a.total || ev.compareCodes(a.holder, b.holder);
  });
  return { valences, holders: rows, total, contradictions: attitudeContradictions(ev, themes, top) };
}
