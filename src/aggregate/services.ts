// Services by level (necessary help, social-psychological, educational-professional) and barriers to entry.
import type { Evidence } from './evidence.js';
import { quotesFor } from './quotes.js';
import type { BarrierEvidence, ServiceLevel, ThemeConfig } from './types.js';

/** One entry per level code, in codebook (level) order, also for levels without evidence. */
export function servicesSection(ev: Evidence, themes: ThemeConfig, top: number): ServiceLevel[] {
  return ev.children(themes.servicesRoot).map((code, i) => {
    const count = ev.count(code);
    return { code, level: i + 1, count, documents: ev.documentCount(code), offered: count > 0, quotes: quotesFor(ev, code, top) };
  });
}

/** Barrier codes with evidence, most frequent first. */
export function barriersSection(ev: Evidence, themes: ThemeConfig, top: number): BarrierEvidence[] {
  return ev
    .children(themes.barriersRoot)
    .map((code) => ({ code, count: ev.count(code), documents: ev.documentCount(code), quotes: quotesFor(ev, code, top) }))
    .filter((b) => b.count > 0)
    .sort((a, b) => b.count - a.count || ev.compareCodes(a.code, b.code));
}
