// `qeval merge`: joins the outputs of `--shard K/N` runs into the output of one unsharded run.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { scoreScheme } from '../../aggregate/scores.js';
import { mergeScoreCsv, mergeScoreJson, mergeSegmentShards, shardKind, type ShardText } from '../../io/merge-shards.js';
import { atomicFileSink, streamSink } from '../../io/write.js';
import { QevalError } from '../../model/errors.js';
import type { CommandModule } from '../context.js';
import { codebookOption, loadCodebooks, outputOption } from '../options.js';

export const mergeCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('merge')
      .description('join segment or score files of --shard runs into what one unsharded run writes')
      .argument('<files...>', 'outputs of qeval code or qeval score --shard K/N, all in one format (csv, ndjson or json)')
      .addOption(codebookOption())
      .addOption(outputOption())
      .addHelpText('after', `
Examples:
  $ qeval code corpus/ --shard 1/2 -o part-1.csv && qeval code corpus/ --shard 2/2 -o part-2.csv
  $ qeval merge part-1.csv part-2.csv -o segments.csv
  $ qeval merge scores-*.ndjson -o scores.ndjson     # groups (--by) split over shards are added up

Segments are joined by document id; score rows are ranked again (CSV rows by the rank:<index>
column of the header; NDJSON/JSON rows recomputed from their counts with the codebook, -c, which
must be the one the shards were scored with).`)
      .action(async (files: string[], flags: { codebook?: string[]; output?: string }) => {
        const shards: ShardText[] = [];
        for (const f of files) {
          const bytes = await readFile(path.resolve(ctx.io.cwd, f)).catch(() => {
            throw new QevalError('NOT_FOUND', 'no such file', { file: f });
          });
          // Read as written (UTF-8, CRLF in CSV, BOM kept): records are joined byte for byte.
          shards.push({ file: f, text: bytes.toString('utf8') });
        }
        const kinds = shards.map(shardKind);
        const { format, kind } = kinds[0]!;
        kinds.forEach((k, i) => {
          if (k.format !== format || k.kind !== kind) throw new QevalError('MERGE_MIXED', `this is a ${k.kind} ${k.format} file, the first is a ${kind} ${format} file; merge one kind and format at a time`, { file: shards[i]!.file });
        });
        let chunks: Iterable<string>;
        if (kind === 'segments') chunks = mergeSegmentShards(shards, format);
        else if (format === 'csv') chunks = mergeScoreCsv(shards);
        else {
          const scheme = scoreScheme(await loadCodebooks(ctx.io, flags.codebook));
          chunks = mergeScoreJson(shards, format, scheme, new Map(scheme.flags.map((f) => [f.id, f.label])), false);
        }
        const sink = flags.output === undefined || flags.output === '-' ? streamSink(ctx.io.stdout) : await atomicFileSink(path.resolve(ctx.io.cwd, flags.output));
        try {
          for (const chunk of chunks) await sink.write(chunk);
          await sink.commit();
        } catch (e) {
          await sink.abort();
          throw e;
        }
        ctx.setStatus(0);
      });
  },
};
