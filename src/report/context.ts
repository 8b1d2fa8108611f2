// What every renderer receives (language and the codebook whose labels it prints) and the pieces they share.
import type { Codebook } from '../codebook/types.js';
import type { GroupKey, Quote } from '../aggregate/types.js';
import type { Quadrant } from '../model/types.js';
import { translateGroupAttribute, translateRole, translateValue, translator, type Lang, type MessageKey, type Translate } from './i18n.js';

export interface RenderOptions {
  lang: Lang;
  /** Labels and recommendation texts come from this codebook (the one in the report language). */
  codebook: Codebook;
}

/** A renderer's working context: the options plus a bound translator. */
export interface Ctx extends RenderOptions {
  tr: Translate;
}

export function makeCtx(options: RenderOptions): Ctx {
  return { ...options, tr: translator(options.lang) };
}

/** A number with `digits` decimals as the report's language writes it: 0.22 in English, 0,22 in Lithuanian. */
export function decimal(ctx: Pick<Ctx, 'lang'>, value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  return ctx.lang === 'lt' ? fixed.replace('.', ',') : fixed;
}

/** The label of a code in the report's codebook, or its id when the codebook does not know it. */
export function codeLabel(ctx: Ctx, id: string): string {
  return ctx.codebook.byId.get(id)?.label ?? id;
}

/**
 * A sub-theme's label in a SWOT list. The quadrant code itself, as a theme of its own, holds the
 * statements no sub-code describes: "Strengths, kind not specified", not a second "Strengths". A
 * catch-all sub-theme (`role: catch-all`) says so, "Practice that works (all other kinds)", unless its
 * label does ("Other opportunities"): it gathers what no named sub-theme describes, and is often the largest.
 */
export function themeLabel(ctx: Ctx, id: string): string {
  const code = ctx.codebook.byId.get(id);
  if (code && code.depth === 0 && code.quadrant) return ctx.tr('swot.unspecified', { label: code.label });
  const label = codeLabel(ctx, id);
  return code?.role === 'catch-all' && !SAYS_OTHER.test(label) ? `${label} ${ctx.tr('swot.catchAll')}` : label;
}

/** A label that says it holds the rest already ("Other opportunities", "Kitos galimybės"). */
const SAYS_OTHER = /^(other|others|kit(a|as|i|os|ų))\b/iu;

export function quadrantLabel(ctx: Ctx, quadrant: Quadrant): string {
  return ctx.tr(`quadrant.${quadrant}` as MessageKey);
}

/** A recommendation's text in the report's codebook (falls back to the text it was evaluated with). */
export function recommendationText(ctx: Ctx, id: string, fallback: string): string {
  return ctx.codebook.spec.recommendations?.find((r) => r.id === id)?.text ?? fallback;
}

export function groupTitle(ctx: Ctx, group: GroupKey | null, valueLabel?: (value: string) => string): string {
  if (group === null) return ctx.tr('swot.overall');
  const attribute = translateGroupAttribute(ctx.lang, group.attribute);
  if (group.value === null) return ctx.tr('swot.groupNone', { attribute });
  // A value the reports know (a role, a kind of document: social_worker, interview) in the report's words.
  const value = valueLabel ? valueLabel(group.value) : GROUP_VALUES_TRANSLATED.has(group.attribute) ? translateValue(ctx.lang, group.value) : group.value;
  return ctx.tr('swot.group', { attribute, value });
}

/** Attributes whose values the message table names (roles, kinds of document, organization types). */
const GROUP_VALUES_TRANSLATED = new Set(['role', 'kind', 'org_type']);

/**
 * The parts of a citation after the document id: line, page or time (paged and timed sources),
 * speaker, role, a negation note and a low-confidence note. Every back-end cites through this one function.
 */
export function citationDetails(ctx: Ctx, quote: Quote): string[] {
  const parts = [ctx.tr('quote.line', { line: quote.line })];
  if (quote.page !== undefined) parts.push(ctx.tr('quote.page', { page: quote.page }));
  if (quote.time !== undefined) parts.push(ctx.tr('quote.time', { time: quote.time }));
  // A survey answer's "speaker" is its question (the column: see read-survey): cited as the question.
  if (quote.speaker) parts.push(ctx.tr(SURVEY_ROW.test(quote.document) ? 'quote.question' : 'quote.speaker', { speaker: quote.speaker }));
  if (quote.role) parts.push(ctx.tr('quote.role', { role: translateRole(ctx.lang, quote.role, quote.gender) }));
  if (quote.negatedFrom) parts.push(ctx.tr('quote.negated', { code: codeLabel(ctx, quote.negatedFrom) }));
  if (quote.lowConfidence) parts.push(ctx.tr('quote.low', { probability: decimal(ctx, quote.strength.confidence ?? 0, 2) }));
  return parts;
}

/** A survey row's document id: the survey file, `#`, the row's id (`survey.csv#S04`). */
const SURVEY_ROW = /\.(csv|tsv)#[^#/]+$/i;

/** The whole citation as one line: `document, line 12, speaker R1, role: director`. */
export function citation(ctx: Ctx, quote: Quote): string {
  return [quote.document, ...citationDetails(ctx, quote)].join(', ');
}

/** Labels of a quote's codes, for quotes that stand for a whole quadrant. */
export function quoteCodes(ctx: Ctx, quote: Quote): string {
  return ctx.tr('quote.codes', { codes: quote.codes.map((c) => codeLabel(ctx, c)).join(', ') });
}

/** Cuts text to `max` code points at a word boundary, with an ellipsis (terminal only; files keep full quotes). */
export function truncate(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
