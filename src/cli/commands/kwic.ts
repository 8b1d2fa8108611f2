// `qeval kwic`: keyword in context for a term, or for a code's segments with the words that fired.
import path from 'node:path';
import { Option } from 'commander';
import { KWIC_SORTS, kwicOfCode, kwicOfTerm, sortKwic, type KwicSort } from '../../aggregate/kwic.js';
import { CodebookSet } from '../../engine/code-many.js';
import { loadModels } from '../../io/load-model.js';
import { readDocuments } from '../../io/read-documents.js';
import { readSegmentsFile } from '../../io/read-segments.js';
import { QevalError } from '../../model/errors.js';
import { closest } from '../../codebook/suggest.js';
import { KWIC_FORMATS, renderKwic, type KwicFormat } from '../../render/kwic.js';
import { partitionInputs } from '../../study/evidence.js';
import type { CommandModule } from '../context.js';
import { outputFormat } from '../output-format.js';
import { readStdin } from '../io.js';
import { attributesOption, codebookOption, collect, emit, encodingOption, loadCodebooks, modelOption, noModelOption, outputOption, parseUnit, unitOption, openColumnsOption, checkOutputFile } from '../options.js';

interface KwicFlags {
  window: string;
  sort: KwicSort;
  format: KwicFormat;
  output?: string;
  term?: boolean;
  lang?: string;
  codebook?: string[];
  model?: string[] | false;
  unit?: string;
  interviewer?: string[];
  attributes?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
}

export const kwicCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('kwic')
      .description("keyword in context: every occurrence of a term, or every segment of a code with the words that fired")
      .argument('<term-or-code>', 'a word or phrase (* inside a word, ~word by stem), or a code id of the codebook')
      .argument('<inputs...>', 'documents (files, folders, globs); for a code also segments files (then the documents give the context)')
      .option('-w, --window <n>', 'words of context on each side', '8')
      .addOption(new Option('-s, --sort <key>', 'order: document (position), keyword, left (words before), right (words after)').choices(KWIC_SORTS).default('document'))
      .addOption(new Option('-f, --format <format>', 'output format (default: table, or the one the -o extension names: .csv, .html, .txt)').choices(KWIC_FORMATS))
      .addOption(outputOption())
      .option('--term', 'look for the text as a term even when it is a code id')
      .option('--lang <code>', 'stemmer language for ~word terms (default: each document\'s language attribute, else en)')
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(unitOption())
      .option('--interviewer <label>', 'treat this speaker label as the interviewer (repeatable)', collect)
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addHelpText('after', `
A term is matched as in codebook rules: case-insensitive, * a wildcard inside a word, ~word by
stem, a phrase's words separated by spaces or a hyphen. A code id (of -c, default the bundled
codebooks) shows the segments of that code and its sub-codes: the documents are coded here, or
read from segments files given with them; the keyword is the first word that fired.

Examples:
  $ qeval kwic "cooperat*" samples/interviews --sort left
  $ qeval kwic "know* personally" samples/interviews -w 12 -f csv -o kwic.csv
  $ qeval kwic networking.accidental samples/interviews -f html -o accidental.html
  $ qeval kwic weakness.collaboration segments.csv samples/interviews --sort keyword`)
      .action(async (query: string, inputs: string[], flags: KwicFlags) => {
        // -f, else what the -o extension names (checked before anything is read).
        flags.format = outputFormat({ command: 'kwic', formats: KWIC_FORMATS, fallback: 'table', suggest: 'csv', format: flags.format as KwicFormat | undefined, output: flags.output, cwd: ctx.io.cwd });
        await checkOutputFile(ctx.io, flags.output);
        const window = Number(flags.window);
        if (!Number.isInteger(window) || window < 0 || window > 100) throw new QevalError('BAD_OPTION', `--window must be a whole number of words from 0 to 100, not "${flags.window}"`);
        const { segments: segmentFiles, documents: documentInputs } = await partitionInputs(inputs, ctx.io.cwd);
        if (documentInputs.length === 0) throw new QevalError('KWIC_NO_DOCUMENTS', 'give the documents too (files, folders or globs): the context comes from their text');
        const docs = await readDocuments(documentInputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns, stdin: () => readStdin(ctx.io), onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`) });
        const codebooks = flags.term ? [] : await loadCodebooks(ctx.io, flags.codebook);
        const isCode = codebooks.some((b) => b.byId.has(query));
        if (!isCode && segmentFiles.length > 0) throw new QevalError('KWIC_NOT_A_CODE', `"${query}" is not a code of the codebook${flags.codebook ? '' : 's'} (${codebooks.map((b) => b.spec.codebook).join(', ') || 'none'}); segments files only make sense with a code id`);
        let lines;
        if (isCode) {
          const segments = segmentFiles.length > 0
            ? (await Promise.all(segmentFiles.map((f) => readSegmentsFile(path.resolve(ctx.io.cwd, f), f)))).flat()
            : new CodebookSet(codebooks, await loadModels(ctx.io.cwd, codebooks, flags.model)).code(docs, { unit: parseUnit(flags.unit), interviewerLabels: flags.interviewer });
          lines = kwicOfCode(docs, segments, query, { window, language: flags.lang, interviewerLabels: flags.interviewer });
        } else {
          lines = kwicOfTerm(docs, query, { window, language: flags.lang, interviewerLabels: flags.interviewer });
          // A dotted name close to a code id is a misspelt code more likely than a term: say so (it is still looked for as one).
          const guess = /^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)+$/u.test(query) ? closest(query, codebooks.flatMap((b) => [...b.byId.keys()])) : undefined;
          if (guess) ctx.io.stderr.write(`qeval: warning: "${query}" is not a code of the codebook${flags.codebook ? '' : 's'}; did you mean "${guess}"? It was looked for as a term\n`);
        }
        lines = sortKwic(lines, flags.sort);
        await emit(ctx.io, flags.output, renderKwic(lines, flags.format, { query, width: (ctx.io.stdout as { columns?: number }).columns }));
        // In how many of the documents searched: "1 occurrence ... in 4 documents" read as if all four had it.
        const found = new Set(lines.map((l) => l.document)).size;
        const within = docs.length === 1 ? (found === 1 ? 'in 1 document' : 'in the 1 document searched') : `in ${found} of ${docs.length} documents`;
        ctx.io.stderr.write(`${lines.length} ${isCode ? 'segment' : 'occurrence'}${lines.length === 1 ? '' : 's'} of ${isCode ? 'code' : 'term'} "${query}" ${within}\n`);
        ctx.setStatus(0);
      });
  },
};
