// `qeval code`: code documents with a codebook and write explainable segments.
import { Option } from 'commander';
import { readDocuments } from '../../io/read-documents.js';
import { CodebookSet } from '../../engine/code-many.js';
import { segmentFormatters, sortSegments, SEGMENT_FORMATS, type SegmentFormat } from '../../render/segments.js';
import type { SpeakerFilter } from '../../codebook/types.js';
import type { CommandModule } from '../context.js';
import { readStdin } from '../io.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { loadModels } from '../../io/load-model.js';
import { attributesOption, codebookOption, modelOption, noModelOption, emit, encodingOption, loadCodebooks, outputOption, parseUnit, progress, unitOption } from '../options.js';

interface CodeFlags {
  codebook?: string[];
  unit?: string;
  attributes?: string;
  encoding?: string;
  format: SegmentFormat;
  output?: string;
  excel?: boolean;
  root?: string;
  speakers?: string;
  interviewer?: string[];
  model?: string[] | false;
  allowFailures?: boolean;
}

export const codeCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('code')
      .description('code documents with a codebook and write one record per coded segment')
      .argument('<inputs...>', 'files (.txt, .md, .docx, .odt, .pdf, .vtt, .srt, survey .csv), folders, globs, or - for standard input')
      .addOption(codebookOption())
      .addOption(unitOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(new Option('-f, --format <format>', 'output format').choices(SEGMENT_FORMATS).default('csv'))
      .addOption(outputOption())
      .addOption(allowFailuresOption())
      .option('--excel', 'add a UTF-8 BOM to CSV so Excel reads it correctly')
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addOption(new Option('--speakers <who>', 'code turns of: respondents (default), interviewers, all').choices(['respondents', 'interviewers', 'all']))
      .option('--interviewer <label>', 'treat this speaker label as the interviewer (repeatable)', (v: string, p: string[] = []) => [...p, v])
      .addHelpText('after', `
Examples:
  $ qeval code samples/interviews/01-atrama-director.md --format table
  $ qeval code samples/interviews -a samples/attributes.csv --root samples -o segments.csv
  $ qeval code "transcripts/**/*.md" -c my-codebook.yaml --unit paragraph --format ndjson | jq .code

Fields: document, code, start, end (code points, end-exclusive), line, unit, speaker, text,
coder, rule, matched (words that fired), negated_from (set when a negated match was re-routed),
method (rule, model or rule+model), probability (the model's, 0-1) and features (the model
features that pushed it most, e.g. neg:judg, q:polic, r:strength.trust).`)
      .action(async (inputs: string[], flags: CodeFlags) => {
        const codebooks = await loadCodebooks(ctx.io, flags.codebook);
        const failures = new ReadFailures(ctx.io);
        // Codebooks and models first: a model that does not fit fails before any document is read.
        const set = new CodebookSet(codebooks, await loadModels(ctx.io.cwd, codebooks, flags.model));
        const docs = await readDocuments(inputs, { onFailure: failures.onFailure, cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, stdin: () => readStdin(ctx.io), onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`) });
        for (const lang of set.uncoveredLanguages(docs)) {
          ctx.io.stderr.write(`qeval: warning: no codebook has language "${lang}"; those documents are coded with ${set.primary.spec.codebook} (${set.primary.spec.language}); give one with -c\n`);
        }
        const bar = progress(ctx.io, 'coding documents');
        const segments = sortSegments(set.code(docs, {
          unit: parseUnit(flags.unit),
          speakers: flags.speakers as SpeakerFilter | undefined,
          interviewerLabels: flags.interviewer,
        }, bar.update));
        bar.done();
        const text = segmentFormatters[flags.format](segments, { excel: flags.excel, width: (ctx.io.stdout as { columns?: number }).columns });
        await emit(ctx.io, flags.output, text);
        await failures.writeBeside(flags.output);
        ctx.io.stderr.write(`coded ${docs.length} document${docs.length === 1 ? '' : 's'}: ${segments.length} segment${segments.length === 1 ? '' : 's'}\n`);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
