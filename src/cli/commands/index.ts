// The command registry: one entry per subcommand, in help order; a command's module (and what it imports) loads only when that command runs.
import type { CommandModule } from '../context.js';

/** A subcommand as `qeval --help` lists it, and how to load its module. */
export interface LazyCommand {
  name: string;
  /** Arguments as the help listing shows them, e.g. `<inputs...>`. */
  args: string;
  /** The module's own description (a test keeps the two equal). */
  summary: string;
  load: () => Promise<CommandModule>;
}

export const commands: readonly LazyCommand[] = [
  { name: 'run', args: '[study]', summary: 'run a study file: code every document, then write segments, SWOT, per-organization reports and the summary', load: async () => (await import('./run.js')).runCommand },
  { name: 'code', args: '<inputs...>', summary: 'code documents with a codebook and write one record per coded segment', load: async () => (await import('./code.js')).codeCommand },
  { name: 'swot', args: '<inputs...>', summary: 'a four-quadrant SWOT view with counts and the strongest quotes, overall or --by an attribute', load: async () => (await import('./swot.js')).swotCommand },
  { name: 'report', args: '<inputs...>', summary: 'write one evaluation report per organization and a cross-organization summary (Markdown, HTML, JSON, Word)', load: async () => (await import('./report.js')).reportCommand },
  { name: 'score', args: '<inputs...>', summary: 'score documents: one ranked row per document or group with code densities, indices and flags', load: async () => (await import('./score.js')).scoreCommand },
  { name: 'merge', args: '<files...>', summary: 'join segment or score files of --shard runs into what one unsharded run writes', load: async () => (await import('./merge.js')).mergeCommand },
  { name: 'train', args: '<coding> <documents...>', summary: "learn a model from a person's coding and cross-validate it (P, R, F1, kappa per code)", load: async () => (await import('./train.js')).trainCommand },
  { name: 'agree', args: '[inputs...]', summary: 'intercoder agreement per code and overall: percent agreement, Cohen\'s kappa, Krippendorff\'s alpha, and P/R/F1 against a gold coder', load: async () => (await import('./agree.js')).agreeCommand },
  { name: 'export', args: '[inputs...]', summary: 'write a REFI-QDA project (.qdpx: documents, codebook, cases, coders, coded segments) or codebook (.qdc) for other QDA software', load: async () => (await import('./export.js')).exportCommand },
  { name: 'import', args: '<file>', summary: 'read a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) into documents, attributes.csv, codebook.yaml and segments.csv', load: async () => (await import('./import.js')).importCommand },
  { name: 'codebook', args: '', summary: 'validate, show, export and test codebooks; import dictionaries', load: async () => (await import('./codebook.js')).codebookCommand },
  { name: 'terms', args: '<inputs...>', summary: "list the most frequent stems in respondents' words (stop words left out), with their forms; with --by, the stems distinctive of each code or attribute value", load: async () => (await import('./terms.js')).termsCommand },
  { name: 'kwic', args: '<term-or-code> <inputs...>', summary: 'keyword in context: every occurrence of a term, or every segment of a code with the words that fired', load: async () => (await import('./kwic.js')).kwicCommand },
  { name: 'text', args: '<inputs...>', summary: 'print the text qeval codes for documents: what it read from a .docx, .odt, .pdf, .vtt or .srt, whose offsets segments use', load: async () => (await import('./text.js')).textCommand },
  { name: 'stem', args: '[words...]', summary: 'print the stem of each word (en: Porter, lt: Snowball Lithuanian)', load: async () => (await import('./stem.js')).stemCommand },
];
