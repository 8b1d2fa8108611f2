// A report document made ready for the Word back-end: its quotes worded in the report's language, so that it is plain data any thread can render without the codebook.
import { citationDetails, quoteCodes, type Ctx } from './context.js';
import { quoteLanguage } from './html.js';
import type { Block, Doc } from './doc.js';

/**
 * A block of a WordDoc: a Block whose quotes are two finished lines (what Word prints), whose figures
 * keep only the fallback Word shows (no SVG) and whose other blocks are as they were. Plain data:
 * it survives structured cloning (postMessage) unchanged.
 */
export type WordBlock =
  | Extract<Block, { kind: 'heading' | 'paragraph' | 'list' | 'table' }>
  | {
      kind: 'quote';
      /** The quote's line: `[n] “text”` (the number only when findings cite it). */
      text: string;
      /** Its citation line: `— document, line 12, ...` (and the codes it evidences, when the block shows them). */
      source: string;
      /** The quote's language tag when it is not the report's (see quoteLanguage): Word proofs the quote in it. */
      language?: string;
      /** Coded by the model alone with low confidence: shown in the Low Confidence style, as the HTML marks it. */
      low?: boolean;
    }
  | { kind: 'grid'; level: number; cells: { title: string; className?: string; blocks: WordBlock[] }[] }
  | { kind: 'figure'; caption: string; fallback: WordBlock[] }
  | { kind: 'section'; heading: string; level: number; pageBreak?: boolean; blocks: WordBlock[] };

/** A whole document for the Word back-end (see wordDoc). */
export interface WordDoc {
  /** The report's language (`en`, `lt`): Word proofs the document's text in it. */
  language: string;
  title: string;
  subtitle?: string;
  blocks: WordBlock[];
}

function wordBlocks(ctx: Ctx, list: readonly Block[]): WordBlock[] {
  return list.map((b): WordBlock => {
    switch (b.kind) {
      case 'quote': {
        const q = b.quote;
        const num = b.number !== undefined ? `[${b.number}] ` : '';
        const codes = b.showCodes ? ` (${quoteCodes(ctx, q)})` : '';
        const language = quoteLanguage(ctx, q);
        return { kind: 'quote', text: `${num}${ctx.tr('quote.text', { text: q.text })}`, source: `— ${[q.document, ...citationDetails(ctx, q)].join(', ')}${codes}`, ...(language === undefined ? {} : { language }), ...(q.lowConfidence ? { low: true } : {}) };
      }
      case 'grid':
        return { kind: 'grid', level: b.level, cells: b.cells.map((c) => ({ title: c.title, ...(c.className === undefined ? {} : { className: c.className }), blocks: wordBlocks(ctx, c.blocks) })) };
      case 'figure':
        return { kind: 'figure', caption: b.caption, fallback: wordBlocks(ctx, b.fallback) };
      case 'section':
        return { kind: 'section', heading: b.heading, level: b.level, ...(b.pageBreak === undefined ? {} : { pageBreak: b.pageBreak }), blocks: wordBlocks(ctx, b.blocks) };
      default:
        return b;
    }
  });
}

/**
 * The document as the Word back-end renders it (wordDocx): every quote worded with `ctx` (its
 * language and codebook labels), so that the result needs neither to become a .docx. Pure; the
 * blocks it does not change are shared with `doc`, not copied.
 */
export function wordDoc(ctx: Ctx, doc: Doc): WordDoc {
  return { language: ctx.lang, title: doc.title, ...(doc.subtitle === undefined ? {} : { subtitle: doc.subtitle }), blocks: wordBlocks(ctx, doc.blocks) };
}
