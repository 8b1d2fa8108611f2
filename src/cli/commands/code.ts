// `qeval code`: code documents with a codebook and write explainable segments.
import path from 'node:path';
import { Option } from 'commander';
import { segmentStreamFormats, SEGMENT_FORMATS, type SegmentFormat } from '../../render/segments.js';
import { atomicFileSink, streamSink } from '../../io/write.js';
import { isSpilled, writeSpilled } from '../../io/analysis.js';
import type { CommandModule } from '../context.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { outputFormat } from '../output-format.js';
import { cacheOption, jobsOption, planBatch, quietOption, refuseUnmergeableShard, runBatch, shardOption, stampShard, type BatchFlags } from '../batch.js';
import { attributesOption, codebookOption, documentKinds, modelOption, noModelOption, encodingOption, outputOption, unitOption, openColumnsOption } from '../options.js';

interface CodeFlags extends BatchFlags {
  format?: SegmentFormat;
  allowFailures?: boolean;
  output?: string;
  excel?: boolean;
}

export const codeCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('code')
      .description('code documents with a codebook and write one record per coded segment')
      .argument('<inputs...>', `files (${documentKinds()}), folders, globs, or - for standard input`)
      .addOption(codebookOption())
      .addOption(unitOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .addOption(new Option('-f, --format <format>', 'output format (default: csv, or the one the -o extension names: .csv, .ndjson, .json, .txt for table)').choices(SEGMENT_FORMATS))
      .addOption(outputOption())
      .addOption(allowFailuresOption())
      .option('--excel', 'add a UTF-8 BOM to CSV so Excel reads it correctly')
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addOption(new Option('--speakers <who>', 'code turns of: respondents (default), interviewers, all (rules with their own speakers: keep them)').choices(['respondents', 'interviewers', 'all']))
      .option('--interviewer <label>', 'treat this speaker label as the interviewer (repeatable)', (v: string, p: string[] = []) => [...p, v])
      .addOption(jobsOption())
      .addOption(cacheOption())
      .addOption(shardOption())
      .addOption(quietOption())
      .addHelpText('after', `
Examples:
  $ qeval code samples/interviews/01-atrama-director.md --format table
  $ qeval code samples/interviews -a samples/attributes.csv --root samples -o segments.csv
  $ qeval code "transcripts/**/*.md" -c my-codebook.yaml --unit paragraph --format ndjson | jq .code
  $ qeval code corpus/ --jobs 4 --cache .qeval-cache -o segments.csv
  $ qeval code corpus/ --shard 2/8 -f ndjson -o part-2.ndjson      # then: qeval merge part-*.ndjson

Writes one record per coded segment to stdout, or atomically to -o FILE (with <FILE>.failures.csv
listing files that could not be read, if any). Documents are read, coded and written one file at a time, in document id order, whatever --jobs is.

Fields: document, code, start, end (code points, end-exclusive), line, unit, speaker, text,
coder, rule, matched (words that fired), negated_from (set when a negated match was re-routed),
method (rule, model or rule+model), probability (the model's, 0-1) and features (the model
features that pushed it most, e.g. neg:judg, q:polic, r:strength.trust).`)
      .action(async (inputs: string[], flags: CodeFlags) => {
        const chosen = outputFormat({ command: 'code', formats: SEGMENT_FORMATS, fallback: 'csv', format: flags.format, output: flags.output, hint: '(it opens in Excel with --excel)', cwd: ctx.io.cwd, excel: flags.excel });
        refuseUnmergeableShard(flags.shard, chosen);
        const width = (ctx.io.stdout as { columns?: number }).columns;
        const plan = await planBatch(ctx.io, inputs, flags, { segments: { format: chosen, width }, scores: false });
        const format = segmentStreamFormats[chosen];
        const sink = flags.output === undefined || flags.output === '-' ? streamSink(ctx.io.stdout) : await atomicFileSink(path.resolve(ctx.io.cwd, flags.output));
        const failures = new ReadFailures(ctx.io);
        let any = false;
        // The head goes out with the first document's result, so an error in the first file leaves stdout empty.
        let started = false;
        const start = async () => {
          if (!started) await sink.write(format.head({ excel: flags.excel, width }));
          started = true;
        };
        try {
          const summary = await runBatch(ctx.io, plan, 'coding', flags.quiet, async (doc) => {
            await start();
            for (const part of doc.body ?? []) {
              if (any) await sink.write(format.separator);
              if (isSpilled(part)) await writeSpilled(sink, part);
              else await sink.write(part);
              any = true;
            }
          }, failures.onFailure);
          await start();
          await sink.write(format.tail(any, { excel: flags.excel, width }));
          await sink.commit();
          await stampShard(ctx.io, plan, flags, 'code', chosen !== 'table', { failures: failures.list.length, documents: summary.documents }, { format: chosen, ...(chosen === 'csv' ? { excel: flags.excel ? 'yes' : 'no' } : {}) });
          if (!flags.quiet) {
            const cached = summary.cached > 0 ? ` (${summary.cached} file${summary.cached === 1 ? '' : 's'} from the cache)` : '';
            ctx.io.stderr.write(`coded ${summary.documents} document${summary.documents === 1 ? '' : 's'}: ${summary.segments} segment${summary.segments === 1 ? '' : 's'}${cached}\n`);
          }
        } catch (e) {
          await sink.abort();
          throw e;
        }
        await failures.writeBeside(flags.output, chosen === 'csv' && flags.excel === true);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
