// `qeval terms`: the most frequent stems in respondents' words, for drafting and checking codebook terms.
import { Option } from 'commander';
import { readDocuments } from '../../io/read-documents.js';
import { termFrequencies } from '../../aggregate/terms.js';
import { stemLanguages } from '../../lang/stemmers.js';
import { QevalError } from '../../model/errors.js';
import { toCsv } from '../../render/csv.js';
import type { CommandModule } from '../context.js';
import { readStdin } from '../io.js';
import { attributesOption, emit, encodingOption, outputOption } from '../options.js';

interface TermsFlags {
  lang: string;
  top: string;
  format: 'table' | 'csv';
  stopwords: boolean;
  attributes?: string;
  encoding?: string;
  output?: string;
  root?: string;
}

export const termsCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('terms')
      .description("list the most frequent stems in respondents' words (stop words left out), with their forms")
      .argument('<inputs...>', 'files, folders, globs, or - for standard input')
      .requiredOption('--lang <code>', `language of the documents: ${stemLanguages.join(', ')}`)
      .option('--top <n>', 'how many stems to list', '40')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv']).default('table'))
      .option('--no-stopwords', 'keep stop words in the list')
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(outputOption())
      .option('--root <dir>', 'document ids are paths relative to this folder')
      .addHelpText('after', `
Interviewer turns and front matter are not counted. Use it to find the words respondents use
before writing rules, and to see which forms a stemmed term (stem: true or ~word) will match.

Examples:
  $ qeval terms samples/interviews/lt --lang lt --top 30
  $ qeval terms samples/interviews --lang en -f csv -o terms.csv`)
      .action(async (inputs: string[], flags: TermsFlags) => {
        if (!stemLanguages.includes(flags.lang)) throw new QevalError('UNKNOWN_LANGUAGE', `unknown language "${flags.lang}"; use one of: ${stemLanguages.join(', ')}`);
        const top = Number(flags.top);
        if (!Number.isInteger(top) || top < 1) throw new QevalError('BAD_TOP', `--top must be a positive whole number, not "${flags.top}"`);
        const docs = await readDocuments(inputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, stdin: () => readStdin(ctx.io) });
        const terms = termFrequencies(docs, { language: flags.lang, skipStopwords: flags.stopwords }).slice(0, top);
        const rows = terms.map((t) => [t.stem, t.count, t.documents, t.forms.slice(0, 6).join(', ')]);
        const text = flags.format === 'csv'
          ? toCsv(['stem', 'count', 'documents', 'forms'], rows)
          : `${['stem'.padEnd(18), 'count'.padStart(6), 'docs'.padStart(5), '  forms'].join('')}\n${rows.map((r) => `${String(r[0]).padEnd(18)}${String(r[1]).padStart(6)}${String(r[2]).padStart(5)}  ${r[3]}`).join('\n')}\n`;
        await emit(ctx.io, flags.output, text);
        ctx.setStatus(0);
      });
  },
};
