// Key findings in words: each finding's template (i18n.ts, `find.*`) filled with its numbers and labels, followed by the numbers of the quotes it cites.
import type { Finding, FindingArea, Quote } from '../aggregate/types.js';
import { unitKey } from '../aggregate/evidence.js';
import { codeLabel, quadrantLabel, type Ctx } from './context.js';
import type { Block, Inline } from './doc.js';
import type { MessageKey } from './i18n.js';
import { MESSAGES } from './i18n.js';

/**
 * Numbers quotes as a report cites them: the first quote cited is [1]; a unit cited twice keeps its
 * number. `anchor` makes the HTML ids unique when several reports share a page.
 */
export class Citations {
  readonly anchor: string;
  private readonly numbers = new Map<string, number>();
  private readonly quotes: Quote[] = [];

  constructor(anchor: string) {
    this.anchor = anchor;
  }

  cite(quotes: readonly Quote[]): number[] {
    return quotes.map((q) => {
      const key = unitKey(q);
      let n = this.numbers.get(key);
      if (n === undefined) {
        this.quotes.push(q);
        n = this.quotes.length;
        this.numbers.set(key, n);
      }
      return n;
    });
  }

  /** The reference run after a sentence: " [1, 2]". */
  refs(quotes: readonly Quote[]): Inline[] {
    return quotes.length === 0 ? [] : [{ refs: this.cite(quotes), prefix: ' ', anchor: this.anchor }];
  }

  get count(): number {
    return this.quotes.length;
  }

  /** The cited quotes, numbered, from `from` (1-based) on. */
  blocks(from = 1): Block[] {
    return this.quotes.slice(from - 1).map((quote, i) => ({ kind: 'quote', quote, number: from + i, anchor: this.anchor }));
  }
}

/** The label of a finding area: a quadrant, or the section it summarizes. */
export function areaLabel(ctx: Ctx, area: FindingArea): string {
  switch (area) {
    case 'networking':
      return ctx.tr('org.networking');
    case 'attitudes':
      return ctx.tr('org.attitudes');
    case 'services':
      return ctx.tr('org.services');
    case 'barriers':
      return ctx.tr('find.area.barriers');
    default:
      return quadrantLabel(ctx, area);
  }
}

/** The template of a finding: `find.<key>.<strength>` when the wording depends on the evidence, else `find.<key>`. */
export function findingTemplate(f: Pick<Finding, 'key' | 'strength'>): MessageKey {
  const graded = `find.${f.key}.${f.strength}`;
  return (graded in MESSAGES.en ? graded : `find.${f.key}`) as MessageKey;
}

/** One finding as a sentence in the report language. */
export function findingSentence(ctx: Ctx, f: Finding): string {
  const params: Record<string, string | number> = { ...f.params };
  if (typeof f.params.code === 'string') params.code = codeLabel(ctx, f.params.code);
  if (typeof f.params.other === 'string') params.other = codeLabel(ctx, f.params.other);
  if (f.area === 'strength' || f.area === 'weakness' || f.area === 'opportunity' || f.area === 'threat') params.quadrant = ctx.tr(`find.q.${f.area}`);
  // Who the statements come from: respondents, documents without speakers, or both.
  const respondents = Number(f.params.respondents ?? 0);
  const texts = Number(f.params.texts ?? 0);
  params.from = ctx.tr(texts === 0 ? 'find.from.speakers' : respondents === 0 ? 'find.from.texts' : 'find.from.mixed', { respondents, texts, documents: Number(f.params.documents ?? 0) });
  const sentence = ctx.tr(findingTemplate(f), params);
  return f.lowConfidence ? sentence.replace(/\.?$/, `${ctx.tr('find.low')}.`) : sentence;
}

/**
 * The key findings as one paragraph per area (area name in bold, then its sentences, each followed
 * by the numbers of the quotes behind it), citing into `citations`.
 */
export function findingsBlocks(ctx: Ctx, findings: readonly Finding[], citations: Citations): Block[] {
  const areas: FindingArea[] = [];
  for (const f of findings) if (!areas.includes(f.area)) areas.push(f.area);
  return areas.map((area) => {
    const content: Inline[] = [{ text: `${areaLabel(ctx, area)}.`, strong: true }];
    for (const f of findings.filter((x) => x.area === area)) {
      content.push(` ${findingSentence(ctx, f)}`);
      content.push(...citations.refs(f.quotes));
    }
    return { kind: 'paragraph', content, className: 'finding' } satisfies Block;
  });
}
