// The size of what was coded in a document: units and words of the units the speaker filter lets be coded (the denominators of score densities).
import type { SourceDocument } from '../model/types.js';
import { codingSegmentation, speakerAllowed, type CodeOptions } from './code.js';
import type { CompiledCodebook } from './compile.js';

/** How much of a document was open to coding. */
export interface DocumentSize {
  /** Units of the coding kind that the speaker filter lets be coded (interviewer turns left out by default). */
  units: number;
  /** Words in those units, counted as the tokenizer counts them (runs of letters, marks and digits, with inner apostrophes). */
  words: number;
  /** Pages: the `pages` attribute when it is a whole number, else a paged source's pages (PDF), else form feeds + 1. */
  pages: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * Units, words and pages of `doc` as `codeDocument` would code it with `c` and `options` (same
 * unit kind, same interviewer labels, the codebook's default speaker filter or `options.speakers`).
 * Pure; never throws.
 */
export function measureDocument(c: CompiledCodebook, doc: SourceDocument, options: CodeOptions = {}): DocumentSize {
  const kind = options.unit ?? c.codebook.spec.unit ?? 'sentence';
  const segmentation = codingSegmentation(c, doc, options);
  const filter = options.speakers ?? c.codebook.spec.defaults?.speakers ?? 'respondents';
  let units = 0;
  let words = 0;
  for (const unit of segmentation[kind]) {
    if (!speakerAllowed(filter, unit)) continue;
    units++;
    WORD.lastIndex = unit.start;
    for (let m = WORD.exec(doc.text); m !== null && m.index < unit.end; m = WORD.exec(doc.text)) words++;
  }
  return { units, words, pages: pagesOf(doc) };
}

function pagesOf(doc: SourceDocument): number {
  const given = doc.attributes.pages?.trim();
  if (given && /^[1-9]\d*$/.test(given)) return Number(given);
  if (doc.pageBreaks) return doc.pageBreaks.length + 1;
  let pages = 1;
  for (let i = doc.text.indexOf('\f', doc.bodyStart); i >= 0; i = doc.text.indexOf('\f', i + 1)) pages++;
  return pages;
}
