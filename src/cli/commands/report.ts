// `qeval report`: one evaluation report per organization plus a cross-organization summary, written to a folder.
import path from 'node:path';
import { aggregateStudy } from '../../aggregate/study.js';
import { writeFilesAtomic } from '../../io/write.js';
import { QevalError } from '../../model/errors.js';
import { reportDocxFiles, reportFiles, type OutputFile } from '../../report/files.js';
import { codebookForLanguage } from '../../study/evidence.js';
import { parseFormats, parseLangs, parseTop } from '../../study/options.js';
import type { CommandModule } from '../context.js';
import { jobsOption } from '../batch.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { attributesOption, codebookOption, missingAttributeMessage, modelOption, noModelOption, encodingOption, evidenceFromFlags, unitOption } from '../options.js';

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
  root?: string;
  title?: string;
  allowFailures?: boolean;
  jobs?: number;
}

export const reportCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('report')
      .description('write one evaluation report per organization and a cross-organization summary (Markdown, HTML, JSON)')
      .argument('<inputs...>', 'documents to code (files, folders, globs) or segments files written by `qeval code` (.json, .ndjson, .csv); - reads either from standard input')
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
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addOption(allowFailuresOption())
      .addOption(jobsOption())
      .addHelpText('after', `
Writes, in the output folder (or one sub-folder per language with --lang en,lt):
  summary.md|html|json              overall SWOT, code-by-organization matrix, charts, network
  organizations/<id>.md|html|json   profile, SWOT, networking, attitudes, services, barriers,
                                    recommendations, method appendix
  report.html                       everything in one printable page
  matrix.csv, matrix-quotes.csv     the matrix for Excel (counts; quote per cell), UTF-8 with BOM
  network.dot                       the collaboration network for Graphviz (dot -Tsvg)

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
        const failures = new ReadFailures(ctx.io);
        const { codebooks, evidence } = await evidenceFromFlags(ctx.io, inputs, flags, failures.onFailure);
        const primary = codebookForLanguage(codebooks, langs[0] ?? 'en');
        const reports = aggregateStudy(
          { codebook: primary, codebooks, segments: evidence.segments, documents: evidence.documents, organizations: evidence.organizations, unit: evidence.unit ?? undefined, models: evidence.models, title: flags.title },
          { top, by: flags.by },
        );
        if (reports.organizations.length === 0) {
          throw new QevalError('REPORT_NO_ORGANIZATIONS', `${missingAttributeMessage(flags.by, evidence.documents.flatMap((d) => Object.keys(d.attributes).filter((k) => d.attributes[k] !== '')))}: there is no organization to report on`);
        }
        const files: OutputFile[] = [];
        for (const lang of langs) {
          const options = { lang, codebook: codebookForLanguage(codebooks, lang) };
          const rendered = [...reportFiles(reports, options, formats), ...(await reportDocxFiles(reports, options, formats))];
          files.push(...rendered.map((f) => ({ path: langs.length > 1 ? `${lang}/${f.path}` : f.path, data: f.data })));
        }
        files.push(...failures.outputFiles());
        const dir = path.resolve(ctx.io.cwd, flags.output);
        const written = await writeFilesAtomic(dir, files);
        await failures.clearIn(dir);
        for (const file of written) ctx.io.stderr.write(`${path.relative(ctx.io.cwd, file) || file}\n`);
        ctx.io.stderr.write(`wrote ${reports.organizations.length} organization report(s) and the summary: ${written.length} files\n`);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
