// `qeval run`: the whole pipeline for a study file: code every document, summarize, write every report.
import path from 'node:path';
import { writeFilesAtomic } from '../../io/write.js';
import { replaceOutputs } from '../../io/output-manifest.js';
import { codingBar } from '../progress-bar.js';
import { renderSwotGrid } from '../../report/swot.js';
import { runStudy } from '../../study/run.js';
import type { CommandModule } from '../context.js';
import { documentKinds, useColor } from '../options.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { jobsOption } from '../batch.js';
import { writeDiagnostics } from '../diagnostics.js';
import { writeWritten } from '../written.js';
import { warnJobs } from '../jobs.js';

interface RunFlags {
  output?: string;
  model: boolean;
  grid: boolean;
  allowFailures?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  jobs?: number;
}

/** Hints for a study run: what to change in the study file (it names no flags). */
const STUDY_HINTS: Readonly<Record<string, string>> = {
  NOT_A_SURVEY: 'name the file itself under "sources" to code it as one',
  QEVAL_OUTPUT: 'name the file itself under "sources" to code it anyway',
  QEVAL_OUTPUT_NAMED: 'leave it out of "sources", or give its folder or a pattern, which pass over qeval\'s outputs',
  LANGUAGE_UNCOVERED: 'add it under "codebooks" in the study file',
  ATTRIBUTES_UNMATCHED: 'document ids are paths relative to the study\'s "root"',
  QUESTIONER: 'if they are the interviewer, add them to the codebook\'s speakers: interviewer list',
};

/** A reading error's advice in a study's words: the encoding is the study file's `encoding:` key, not a flag. */
export function studyWording(message: string): string {
  return message.replace(/with --encoding( [\w-]+)?/g, (_, name: string | undefined) => `with "encoding:${name ?? ''}" in the study file`);
}

export const runCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('run')
      .description('run a study file: code every document, then write segments, SWOT, per-organization reports and the summary')
      .argument('[study]', 'the study file', 'qeval.yaml')
      .option('-o, --output <dir>', 'output folder (default: the study\'s "output", else out/ next to it)')
      .option('--no-grid', 'do not print the overall SWOT grid')
      .option('--no-model', 'code with the codebooks\' rules alone, without their models')
      .addOption(allowFailuresOption())
      .option('--verbose', 'list every file written (default: only the main report to open)')
      .option('-q, --quiet', 'no progress bar, no summary and no main report line on stderr (warnings still)')
      .addOption(jobsOption())
      .addHelpText('after', `
The study file (YAML) names the sources, attributes and organizations CSVs, the codebook
per language, the unit, the report languages and the output folder; see README, "Study file".
Reads the documents the study's "sources" name
(${documentKinds()}).
Writes, in the output folder: segments.csv and segments.json (every coded segment), and per
report language <lang>/: swot.* (the SWOT view), report.* (the main report, to open first),
evidence.* (its appendix, quote by quote), summary.*, organizations/<id>.*, matrix.csv,
matrix-quotes.csv and network.dot, as qeval report writes them, in the study's formats (.md,
.html, .json, .docx); failures.csv lists the files that could not be read, if any.
stdout gets the overall SWOT grid; stderr gets the main report to open first
(<output>/<lang>/report.html) and, with --verbose, every file written.
Documents are coded one file at a time (in worker threads with --jobs, by default for
sources over 2 MB); same inputs and version give byte-identical outputs whatever --jobs is.

Examples:
  $ qeval run                     # ./qeval.yaml
  $ qeval run samples/qeval.yaml  # what npm start does`)
      .action(async (studyFile: string, flags: RunFlags) => {
        warnJobs(ctx.io, flags.jobs);
        const failures = new ReadFailures(ctx.io, studyWording);
        const bar = codingBar(ctx.io, 'coding', flags.quiet);
        const run = await runStudy(studyFile, ctx.io.cwd, { ...(flags.model ? {} : { model: false }), onFailure: failures.onFailure, jobs: flags.jobs, progress: bar.progress, bytes: true, ...(flags.output ? { outputDir: path.resolve(ctx.io.cwd, flags.output) } : {}) }).finally(() => bar.stop());
        writeDiagnostics(ctx.io, run.warnings, STUDY_HINTS);
        const dir = flags.output ? path.resolve(ctx.io.cwd, flags.output) : run.outputDir;
        // Encoded once as UTF-8 (the study's outputs by runStudy): written, then hashed for the manifest, from the same bytes.
        const outputs = [...run.files, ...failures.outputFiles()].map((f) => (typeof f.data === 'string' ? { path: f.path, data: Buffer.from(f.data) } : f));
        const written = await writeFilesAtomic(dir, outputs);
        await failures.clearIn(dir);
        // What the previous run into this folder wrote and this one did not (an organization gone from the study) goes.
        const removed = await replaceOutputs(dir, outputs);
        if (removed.length > 0 && !flags.quiet) ctx.io.stderr.write(`removed ${removed.length} file${removed.length === 1 ? '' : 's'} the previous run into ${path.relative(ctx.io.cwd, dir) || '.'} wrote and this one did not\n`);
        if (flags.grid) {
          const columns = (ctx.io.stdout as { columns?: number }).columns;
          ctx.io.stdout.write(
            renderSwotGrid({ ...run.swot, by: null, groups: [] }, { lang: run.gridLang, codebook: run.gridCodebook, color: useColor(ctx.io), width: columns ? Math.min(columns, 160) : 100, names: run.names }),
          );
        }
        writeWritten(ctx.io, dir, written, run.mainReport, flags, `coded ${run.documents} documents: ${run.segments} segments; `);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
