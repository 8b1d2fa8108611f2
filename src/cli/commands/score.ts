// `qeval score`: one ranked row per document (or per --by group) with code counts, densities, the codebook's indices and flags.
import { QevalError } from '../../model/errors.js';
import path from 'node:path';
import { Option } from 'commander';
import { addMeasures, checkSort, deriveScores, emptyMeasures, groupsAlike, rankRows, scoreScheme, sortValue, type ScoreRow } from '../../aggregate/scores.js';
import { scoreChunks, SCORE_FORMATS, type ScoreFormat } from '../../render/scores.js';
import { atomicFileSink, streamSink } from '../../io/write.js';
import type { CommandModule } from '../context.js';
import { cacheOption, jobsOption, planBatch, quietOption, refuseUnmergeableShard, runBatch, shardOption, stampShard, type BatchFlags } from '../batch.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { outputFormat } from '../output-format.js';
import { attributesOption, codebookOption, documentKinds, encodingOption, missingAttributeMessage, modelOption, noModelOption, outputOption, unitOption, openColumnsOption } from '../options.js';

interface ScoreFlags extends BatchFlags {
  by?: string;
  sort?: string;
  ascending?: boolean;
  format?: ScoreFormat;
  output?: string;
  excel?: boolean;
  allowFailures?: boolean;
}

/** The width a table written to a file is drawn for: no terminal to fit, so every index and flag is shown whole, however many and however long the ids. */
const TABLE_FILE_WIDTH = Number.POSITIVE_INFINITY;

/**
 * The width (columns) a score table is drawn for: a terminal's width when it goes to one; else, in a
 * file (`-o`, `> file`, a pipe, a cron job), TABLE_FILE_WIDTH, so that every index and flag is shown.
 */
export function tableWidth(stdout: { isTTY?: boolean; columns?: number }, output: string | undefined): number {
  const toStdout = output === undefined || output === '-';
  return toStdout && stdout.isTTY && stdout.columns ? stdout.columns : TABLE_FILE_WIDTH;
}

export const scoreCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('score')
      .description('score documents: one ranked row per document or group with code densities, indices and flags')
      .argument('<inputs...>', `files (${documentKinds()}), folders, globs, or - for standard input`)
      .addOption(codebookOption())
      .addOption(unitOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addOption(new Option('--speakers <who>', 'code turns of: respondents (default), interviewers, all (rules with their own speakers: keep them)').choices(['respondents', 'interviewers', 'all']))
      .option('--interviewer <label>', 'treat this speaker label as the interviewer (repeatable)', (v: string, p: string[] = []) => [...p, v])
      .option('--by <attribute>', 'one row per value of this document attribute (e.g. organization) instead of per document')
      .option('--sort <index>', 'rank by this index or top-level code density (default: the codebook\'s first index)')
      .option('--ascending', 'rank lowest first')
      .addOption(new Option('-f, --format <format>', 'output format (default: csv, or the one the -o extension names: .csv, .ndjson, .json, .txt for table)').choices(SCORE_FORMATS))
      .addOption(outputOption())
      .option('--excel', 'add a UTF-8 BOM to CSV so Excel shows Lithuanian letters intact')
      .addOption(jobsOption())
      .addOption(cacheOption())
      .addOption(shardOption())
      .addOption(quietOption())
      .addOption(allowFailuresOption())
      .addHelpText('after', `
Examples:
  $ qeval score samples/interviews samples/documents --root samples --excel -o scores.csv
  $ qeval score samples/interviews -a samples/attributes.csv --root samples --by organization --format table
  $ qeval score projects/ --sort systematic-share --jobs 4 --cache .qeval-cache -o ranked.csv

Columns: rank:<index>, document, title, language, pages, words, units, segments; per top-level
code count:<code> (segments, sub-codes included) and density:<code> (per 1,000 words of the coded
units); index:<id> per index of the codebook (empty when it has no value); flags (labels of the
flags raised) and flag:<id> (1 or 0). List the codebook's indices and flags with
qeval codebook show <codebook>. The counts are of the segments qeval code writes for the same
documents and options (with a model: what the model accepts). The table shows rank, the row,
the column it is ranked by, words, the other indices that fit, and the flags.

Writes the rows to stdout, or atomically to -o FILE (with <FILE>.failures.csv listing files
that could not be read, if any).`)
      .action(async (inputs: string[], flags: ScoreFlags) => {
        const format = outputFormat({ command: 'score', formats: SCORE_FORMATS, fallback: 'csv', format: flags.format, output: flags.output, hint: '(it opens in Excel with --excel)', cwd: ctx.io.cwd, excel: flags.excel });
        refuseUnmergeableShard(flags.shard, format, flags.by);
        if (flags.by !== undefined && flags.by.trim() === '') throw new QevalError('BAD_OPTION', '--by needs the name of a document attribute (e.g. --by organization)');
        const plan = await planBatch(ctx.io, inputs, flags, { scores: true });
        const scheme = scoreScheme(plan.codebooks);
        const sort = checkSort(scheme, flags.sort);
        // Opened before any file is read, so that an -o that cannot be written (a folder, a missing
        // drive) is refused at once, not after a night's scoring.
        const sink = flags.output === undefined || flags.output === '-' ? streamSink(ctx.io.stdout) : await atomicFileSink(path.resolve(ctx.io.cwd, flags.output));
        const failures = new ReadFailures(ctx.io);
        try {
          const rows: ScoreRow[] = [];
          const groups = new Map<string, ScoreRow>();
          // The attributes seen, to name the ones there are when no document has the --by one.
          const attributes = new Set<string>();
          let byFound = false;
          const summary = await runBatch(ctx.io, plan, 'scoring', flags.quiet, async (doc) => {
            const measures = doc.measures ?? emptyMeasures();
            if (flags.by === undefined) {
              rows.push({ key: doc.id, title: doc.attributes.title ?? '', language: doc.language ?? doc.codedAs, measures, rank: 0 });
              return;
            }
            for (const [name, value] of Object.entries(doc.attributes)) if (value !== '') attributes.add(name);
            const key = doc.attributes[flags.by] ?? '';
            if (key !== '') byFound = true;
            const group = groups.get(key);
            if (group) {
              addMeasures(group.measures, measures);
              group.members!.push(doc.id);
            } else groups.set(key, { key, title: '', language: '', measures: addMeasures(emptyMeasures(), measures), rank: 0, members: [doc.id] });
          }, failures.onFailure);
          if (flags.by !== undefined) rows.push(...groups.values());
          // A --by no document has is a misspelling (organisation): a one-row "ranking" would be a silent
          // wrong answer, so nothing is written (a shard may hold only documents without it: there it is a warning).
          if (flags.by !== undefined && !byFound && summary.documents > 0) {
            if (flags.shard === undefined) throw new QevalError('BY_UNKNOWN', `--by ${flags.by}: ${missingAttributeMessage(flags.by, attributes)}`);
            ctx.io.stderr.write(`qeval: warning: ${missingAttributeMessage(flags.by, attributes)}\n`);
          }
          if (flags.by !== undefined) for (const names of groupsAlike([...groups.keys()])) ctx.io.stderr.write(`qeval: warning: --by ${flags.by}: ${names.map((n) => `"${n}"`).join(' and ')} are groups of their own, told apart by case or spaces alone; write them alike in the documents or the attributes CSV if they are one\n`);
          rankRows(rows, sort === undefined ? undefined : (r) => sortValue(scheme, sort, deriveScores(scheme, r.measures)), flags.ascending);
          const options = { scheme, flagLabels: new Map(scheme.flags.map((f) => [f.id, f.label])), sort, ascending: Boolean(flags.ascending), by: flags.by, excel: flags.excel, width: tableWidth(ctx.io.stdout, flags.output) };
          for (const chunk of scoreChunks(format, rows, options)) await sink.write(chunk);
          await sink.commit();
          await stampShard(ctx.io, plan, flags, 'score', format !== 'table', { failures: failures.list.length, documents: summary.documents }, { format, ...(format === 'csv' ? { excel: flags.excel ? 'yes' : 'no' } : {}), by: flags.by ?? 'none (one row per document)', sort: sort ?? 'none (the codebook has no index)', order: flags.ascending ? 'ascending' : 'descending' });
          if (!flags.quiet) {
            const what = flags.by === undefined ? '' : ` in ${rows.length} group${rows.length === 1 ? '' : 's'} by ${flags.by}`;
            const cached = summary.cached > 0 ? ` (${summary.cached} file${summary.cached === 1 ? '' : 's'} from the cache)` : '';
            ctx.io.stderr.write(`scored ${summary.documents} document${summary.documents === 1 ? '' : 's'}${what}${sort ? `, ranked by ${sort}` : ''}${cached}\n`);
          }
        } catch (e) {
          await sink.abort();
          throw e;
        }
        await failures.writeBeside(flags.output, format === 'csv' && flags.excel === true);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
