// `qeval report`: one evaluation report per organization plus a cross-organization summary, written to a folder.
import path from 'node:path';
import { studyReportsByCodebook } from '../../aggregate/study.js';
import { checkFolderWritable, writeFilesAtomic } from '../../io/write.js';
import { replaceOutputs } from '../../io/output-manifest.js';
import { QevalError } from '../../model/errors.js';
import { MAIN_REPORT, reportDocxFiles, reportFiles, type OutputFile } from '../../report/files.js';
import { codebookForLanguage } from '../../study/evidence.js';
import { parseFormats, parseLangs, parseTop } from '../../study/options.js';
import type { CommandModule } from '../context.js';
import { jobsOption } from '../batch.js';
import { writeWritten } from '../written.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { attributesOption, codebookOption, documentKinds, missingAttributeMessage, modelOption, noModelOption, encodingOption, evidenceFromFlags, unitOption, openColumnsOption, ungroupedWarning } from '../options.js';

interface ReportFlags {
  model?: string[] | false;
  by: string;
  output?: string;
  codebook?: string[];
  attributes?: string;
  organizations?: string;
  lang?: string;
  format?: string;
  top?: string;
  unit?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
  title?: string;
  allowFailures?: boolean;
  jobs?: number;
  verbose?: boolean;
  quiet?: boolean;
}

export const reportCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('report')
      .description('write one evaluation report per organization and a cross-organization summary (Markdown, HTML, JSON, Word)')
      .argument('<inputs...>', `documents to code (files: ${documentKinds()}; folders, globs) or segments files written by \`qeval code\` (.json, .ndjson, .csv); - reads either from standard input`)
      .option('--by <attribute>', 'the document attribute naming the organization', 'organization')
      .option('-o, --output <dir>', 'output folder (required); files are replaced atomically')
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(attributesOption())
      .option('--organizations <csv>', 'organizations CSV: an "organization" column plus name, org_type, city, founded, services ...')
      .option('--lang <langs>', 'report language(s): en, lt, or en,lt for one sub-folder each (default: en)')
      .option('--format <formats>', 'comma-separated: md, html, json, docx (default: md,html,json)')
      .option('--top <n>', 'quotes per sub-theme, cell or condition (default: 3)')
      .option('--title <text>', 'study title shown on every report')
      .addOption(unitOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addOption(allowFailuresOption())
      .addOption(jobsOption())
      .option('--verbose', 'list every file written (default: only the main report to open)')
      .option('-q, --quiet', 'no progress bar, no summary and no main report line on stderr (warnings still)')
      .addHelpText('after', `
Writes, in the output folder (or one sub-folder per language with --lang en,lt), in the
formats of --format:
  report.html|md|docx               the main report, to open first and hand over: the summary
                                    with its executive summary, then one concise report per
                                    organization (printable)
  evidence.html|md|docx             its appendix: the evidence behind it, quote by quote
  summary.md|html|json              overall SWOT, code-by-organization matrix, charts, network
  organizations/<id>.md|html|json   one organization's full report: profile, SWOT, networking,
                                    attitudes, services, barriers, recommendations, method
  matrix.csv, matrix-quotes.csv     the matrix for Excel (counts; quote per cell), UTF-8 with BOM
  network.dot                       the collaboration network for Graphviz (dot -Tsvg)
  failures.csv                      the files that could not be read (only when some could not)
stderr names the main report to open; --verbose lists every file written.

Examples:
  $ qeval report samples/interviews samples/documents -a samples/attributes.csv --root samples \\
      --organizations samples/organizations.csv -o reports
  $ qeval code samples/interviews --root samples -a samples/attributes.csv -o segments.csv
  $ qeval report segments.csv -a samples/attributes.csv --by organization -o reports --lang lt`)
      .action(async (inputs: string[], flags: ReportFlags) => {
        if (!flags.output || flags.output === '-') {
          throw new QevalError('REPORT_NEEDS_DIR', 'qeval report writes several files: name an output folder with -o DIR');
        }
        const langs = parseLangs(flags.lang);
        const formats = parseFormats(flags.format);
        const top = parseTop(flags.top);
        // Refused before any input is read, not after the coding.
        await checkFolderWritable(path.resolve(ctx.io.cwd, flags.output));
        const failures = new ReadFailures(ctx.io);
        const { codebooks, evidence } = await evidenceFromFlags(ctx.io, inputs, flags, failures.onFailure, false, flags.output);
        // Each language's reports are aggregated with its own codebook: its recommendation rules and
        // profile patterns are written in that language ("psicholog*", not "psycholog*").
        const byCodebook = studyReportsByCodebook(
          { codebook: codebookForLanguage(codebooks, langs[0] ?? 'en'), codebooks, segments: evidence.segments, documents: evidence.documents, organizations: evidence.organizations, unit: evidence.unit ?? undefined, models: evidence.models, title: flags.title },
          { top, by: flags.by },
        );
        const reportsIn = (lang: string) => byCodebook(codebookForLanguage(codebooks, lang));
        const reports = reportsIn(langs[0] ?? 'en');
        if (reports.organizations.length === 0) {
          throw new QevalError('REPORT_NO_ORGANIZATIONS', `${missingAttributeMessage(flags.by, evidence.documents.flatMap((d) => Object.keys(d.attributes).filter((k) => d.attributes[k] !== '')))}: there is no organization to report on`);
        }
        const note = ungroupedWarning(evidence, flags.by);
        if (note) ctx.io.stderr.write(`qeval: warning: ${note}\n`);
        const files: OutputFile[] = [];
        for (const lang of langs) {
          const options = { lang, codebook: codebookForLanguage(codebooks, lang) };
          const rendered = [...reportFiles(reportsIn(lang), options, formats), ...(await reportDocxFiles(reportsIn(lang), options, formats))];
          files.push(...rendered.map((f) => ({ path: langs.length > 1 ? `${lang}/${f.path}` : f.path, data: f.data })));
        }
        files.push(...failures.outputFiles());
        const dir = path.resolve(ctx.io.cwd, flags.output);
        const written = await writeFilesAtomic(dir, files);
        await failures.clearIn(dir);
        // What the previous run into this folder wrote and this one did not (an organization gone from the study) goes.
        const removed = await replaceOutputs(dir, files);
        if (removed.length > 0 && !flags.quiet) ctx.io.stderr.write(`removed ${removed.length} file${removed.length === 1 ? '' : 's'} the previous run into ${path.relative(ctx.io.cwd, dir) || '.'} wrote and this one did not\n`);
        const main = (Object.keys(MAIN_REPORT) as (keyof typeof MAIN_REPORT)[]).filter((f) => formats.includes(f)).map((f) => MAIN_REPORT[f])[0];
        const mainReport = main === undefined ? null : langs.length > 1 ? `${langs[0]}/${main}` : main;
        const n = reports.organizations.length;
        writeWritten(ctx.io, dir, written, mainReport, flags, `${n} organization report${n === 1 ? '' : 's'} and the summary; `);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
