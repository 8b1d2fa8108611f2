// `qeval terms`: the most frequent stems in respondents' words, or with --by the stems distinctive of each code or attribute value.
import path from 'node:path';
import { Option } from 'commander';
import { readDocuments } from '../../io/read-documents.js';
import type { SourceDocument } from '../../model/types.js';
import { keynessPieces, keyTerms, termFrequencies } from '../../aggregate/terms.js';
import { CodebookSet } from '../../engine/code-many.js';
import { loadModels } from '../../io/load-model.js';
import { readSegmentsFile } from '../../io/read-segments.js';
import { partitionInputs } from '../../study/evidence.js';
import { stemLanguages } from '../../lang/stemmers.js';
import { QevalError } from '../../model/errors.js';
import { toCsv } from '../../render/csv.js';
import type { CommandContext, CommandModule } from '../context.js';
import { readStdin } from '../io.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { outputFormat } from '../output-format.js';
import { attributesOption, codebookOption, documentKinds, emit, encodingOption, loadCodebooks, missingAttributeMessage, modelOption, noModelOption, outputOption, parseUnit, unitOption, openColumnsOption, checkOutputFile } from '../options.js';

interface TermsFlags {
  lang: string;
  top: string;
  format: 'table' | 'csv';
  stopwords: boolean;
  attributes?: string;
  encoding?: string;
  openColumns?: string[];
  output?: string;
  root?: string;
  by?: string;
  codebook?: string[];
  model?: string[] | false;
  unit?: string;
  depth?: string;
  minCount: string;
  minLl: string;
  allowFailures?: boolean;
}

/** A whole number or a number from an option, or a QevalError BAD_OPTION. */
function numberOption(name: string, value: string, min: number, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new QevalError('BAD_OPTION', `${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, not "${value}"`);
  return n;
}

export const termsCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('terms')
      .description("list the most frequent stems in respondents' words (stop words left out), with their forms; with --by, the stems distinctive of each code or attribute value")
      .argument('<inputs...>', `files (${documentKinds()}), folders, globs, or - for standard input`)
      .requiredOption('--lang <code>', `language of the documents: ${stemLanguages.join(', ')}`)
      .option('--top <n>', 'how many stems to list', '40')
      .addOption(new Option('-f, --format <format>', 'output format (default: table, or the one the -o extension names: .csv, .txt)').choices(['table', 'csv']))
      .option('--no-stopwords', 'keep stop words in the list')
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .addOption(outputOption())
      .option('--root <dir>', 'document ids are paths relative to this folder')
      .option('--by <what>', 'list the stems distinctive of each code ("code") or of each value of a document attribute (e.g. "organization"), by log-likelihood keyness')
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(unitOption())
      .option('--depth <n>', 'with --by code: roll codes up to this many levels (1: top-level codes)')
      .option('--min-count <n>', 'with --by: least occurrences in a group\'s text', '3')
      .option('--min-ll <x>', 'with --by: least log-likelihood (3.84: p < 0.05; 6.63: p < 0.01; 10.83: p < 0.001)', '3.84')
      .addOption(allowFailuresOption())
      .addHelpText('after', `
Interviewer turns and front matter are not counted. Use it to find the words respondents use
before writing rules, and to see which forms a stemmed term (stem: true or ~word) will match.

With --by code, the documents are coded (or segments files given with them are read) and each
code's units are compared with all other units: the stems listed are those a code's text uses
significantly more (log-likelihood G2, Rayson & Garside 2000), with the log ratio as effect size
(Hardie 2014) -- candidate terms for the code's rules. --by <attribute> compares the documents of
each attribute value (e.g. each organization) with the others.

Examples:
  $ qeval terms samples/interviews/lt --lang lt --top 30
  $ qeval terms samples/interviews --lang en -f csv -o terms.csv
  $ qeval terms samples/interviews --lang en --by code --depth 1 --top 10
  $ qeval terms segments.csv samples/interviews --lang en --by code
  $ qeval terms samples/interviews --lang en --by organization -a samples/attributes.csv --root samples`)
      .action(async (inputs: string[], flags: TermsFlags) => {
        // -f, else what the -o extension names (checked before anything is read).
        flags.format = outputFormat({ command: 'terms', formats: ['table', 'csv'] as const, fallback: 'table', suggest: 'csv', format: flags.format as 'table' | 'csv' | undefined, output: flags.output, cwd: ctx.io.cwd });
        await checkOutputFile(ctx.io, flags.output);
        if (!stemLanguages.includes(flags.lang)) throw new QevalError('UNKNOWN_LANGUAGE', `unknown language "${flags.lang}"; use one of: ${stemLanguages.join(', ')}`);
        const top = Number(flags.top);
        if (!Number.isInteger(top) || top < 1) throw new QevalError('BAD_TOP', `--top must be a positive whole number, not "${flags.top}"`);
        // A file that cannot be read is reported in one line and left out; the others are counted.
        const failures = new ReadFailures(ctx.io);
        if (flags.by !== undefined) {
          await emit(ctx.io, flags.output, await keynessTable(ctx, inputs, flags, top, failures));
          await failures.writeBeside(flags.output);
          ctx.setStatus(failures.status(flags.allowFailures));
          return;
        }
        const docs = await readDocuments(inputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns, stdin: () => readStdin(ctx.io), onFailure: failures.onFailure, onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`) });
        const terms = termFrequencies(inLanguage(ctx, docs, flags.lang), { language: flags.lang, skipStopwords: flags.stopwords }).slice(0, top);
        const rows = terms.map((t) => [t.stem, t.count, t.documents, t.forms.slice(0, 6).join(', ')]);
        const text = flags.format === 'csv'
          ? toCsv(['stem', 'count', 'documents', 'forms'], rows)
          : `${['stem'.padEnd(18), 'count'.padStart(6), 'docs'.padStart(5), '  forms'].join('')}\n${rows.map((r) => `${String(r[0]).padEnd(18)}${String(r[1]).padStart(6)}${String(r[2]).padStart(5)}  ${r[3]}`).join('\n')}\n`;
        await emit(ctx.io, flags.output, text);
        await failures.writeBeside(flags.output);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};

/**
 * The documents in `lang`, the language whose stemmer and stop words --lang picks: by their
 * `language` attribute, else by the language detected in their text (a document too short to tell
 * is kept). The others are left out, with one warning naming them: their words stemmed as another
 * language's would be counted as nonsense stems ("the", "and" as Lithuanian).
 */
function inLanguage(ctx: CommandContext, docs: SourceDocument[], lang: string): SourceDocument[] {
  // readDocuments has normalized the attributes and detected the missing ones.
  const other = docs.filter((d) => d.attributes.language !== undefined && d.attributes.language !== lang);
  if (other.length === 0) return docs;
  const ids = [...new Set(other.map((d) => (d.regions ? d.id.split('#')[0]! : d.id)))];
  const named = ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
  const languages = [...new Set(other.map((d) => d.attributes.language!))].sort().join(', ');
  ctx.io.stderr.write(`qeval: warning: left out ${other.length} document${other.length === 1 ? '' : 's'} in ${languages}, not ${lang} (their language attribute, or the language detected): ${named}; run terms once per language with its --lang\n`);
  return docs.filter((d) => !other.includes(d));
}

/** `--by`: the keyness table (or CSV) of every group, `top` stems each. */
async function keynessTable(ctx: CommandContext, inputs: string[], flags: TermsFlags, top: number, failures: ReadFailures): Promise<string> {
  const by = flags.by!;
  const depth = flags.depth === undefined ? undefined : numberOption('--depth', flags.depth, 1, true);
  const { segments: segmentFiles, documents: documentInputs } = await partitionInputs(inputs, ctx.io.cwd);
  const docs = documentInputs.length > 0 ? inLanguage(ctx, await readDocuments(documentInputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns, onFailure: failures.onFailure, onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`) }), flags.lang) : [];
  let segments;
  if (by === 'code') {
    if (segmentFiles.length > 0) {
      segments = (await Promise.all(segmentFiles.map((f) => readSegmentsFile(path.resolve(ctx.io.cwd, f), f)))).flat();
    } else {
      const codebooks = await loadCodebooks(ctx.io, flags.codebook);
      segments = new CodebookSet(codebooks, await loadModels(ctx.io.cwd, codebooks, flags.model)).code(docs, { unit: parseUnit(flags.unit) });
    }
  } else if (docs.length === 0) {
    throw new QevalError('TERMS_BY_NEEDS_DOCUMENTS', `--by ${by} compares documents by their "${by}" attribute; give the documents (and -a for an attributes CSV)`);
  } else if (!docs.some((d) => d.attributes[by] !== undefined && d.attributes[by] !== '')) {
    throw new QevalError('TERMS_BY_UNKNOWN', `${missingAttributeMessage(by, docs.flatMap((d) => Object.keys(d.attributes).filter((k) => d.attributes[k] !== '')))} (--by code compares codes instead)`);
  }
  const pieces = keynessPieces(docs, segments, { by, depth, unit: parseUnit(flags.unit) });
  const terms = keyTerms(pieces, { language: flags.lang, skipStopwords: flags.stopwords, minCount: numberOption('--min-count', flags.minCount, 1, true), minLL: numberOption('--min-ll', flags.minLl, 0, false) });
  const shown = new Map<string, number>();
  const kept = terms.filter((t) => {
    const n = shown.get(t.group) ?? 0;
    shown.set(t.group, n + 1);
    return n < top;
  });
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  if (flags.format === 'csv') {
    return toCsv([by, 'stem', 'count', 'count_elsewhere', 'words', 'words_elsewhere', 'log_likelihood', 'log_ratio', 'forms'], kept.map((t) => [t.group, t.stem, t.target, t.reference, t.targetWords, t.referenceWords, round(t.ll, 2), round(t.logRatio, 2), t.forms.slice(0, 6).join(', ')]));
  }
  const lines: string[] = [];
  const groupWidth = Math.max(by.length, ...kept.map((t) => t.group.length));
  lines.push(`${by.padEnd(groupWidth)}  ${'stem'.padEnd(16)}${'count'.padStart(6)}${'else'.padStart(7)}${'LL'.padStart(9)}${'log2'.padStart(7)}  forms`);
  let last = '';
  for (const t of kept) {
    if (last !== '' && t.group !== last) lines.push('');
    lines.push(`${(t.group === last ? '' : t.group).padEnd(groupWidth)}  ${t.stem.padEnd(16)}${String(t.target).padStart(6)}${String(t.reference).padStart(7)}${t.ll.toFixed(1).padStart(9)}${t.logRatio.toFixed(2).padStart(7)}  ${t.forms.slice(0, 6).join(', ')}`);
    last = t.group;
  }
  if (kept.length === 0) lines.push('(no stem is significantly more frequent in any group; try a lower --min-count or --min-ll)');
  return `${lines.join('\n')}\n`;
}
