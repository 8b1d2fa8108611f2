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
  { name: 'report', args: '<inputs...>', summary: 'write one evaluation report per organization and a cross-organization summary (Markdown, HTML, JSON)', load: async () => (await import('./report.js')).reportCommand },
  { name: 'score', args: '<inputs...>', summary: 'score documents: one ranked row per document or group with code densities, indices and flags', load: async () => (await import('./score.js')).scoreCommand },
  { name: 'merge', args: '<files...>', summary: 'join segment or score files of --shard runs into what one unsharded run writes', load: async () => (await import('./merge.js')).mergeCommand },
  { name: 'train', args: '<coding> <documents...>', summary: "learn a model from a person's coding and cross-validate it (P, R, F1, kappa per code)", load: async () => (await import('./train.js')).trainCommand },
  { name: 'codebook', args: '', summary: 'validate, show, export and test codebooks', load: async () => (await import('./codebook.js')).codebookCommand },
  { name: 'terms', args: '<inputs...>', summary: "list the most frequent stems in respondents' words (stop words left out), with their forms", load: async () => (await import('./terms.js')).termsCommand },
  { name: 'stem', args: '[words...]', summary: 'print the stem of each word (en: Porter, lt: Snowball Lithuanian)', load: async () => (await import('./stem.js')).stemCommand },
];
