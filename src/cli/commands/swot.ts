// `qeval swot`: a four-quadrant SWOT view (counts, sub-themes, strongest quotes), overall or by an attribute.
import { Option } from 'commander';
import { aggregateSwot } from '../../aggregate/study.js';
import { QevalError } from '../../model/errors.js';
import { renderSwotDocx, renderSwotGrid, renderSwotHtml, renderSwotJson, renderSwotMarkdown } from '../../report/swot.js';
import { codebookForLanguage } from '../../study/evidence.js';
import { parseLangs, parseTop } from '../../study/options.js';
import type { CommandModule } from '../context.js';
import { jobsOption, quietOption } from '../batch.js';
import { anyHasAttribute, attributesOption, codebookOption, documentKinds, missingAttributeMessage, modelOption, noModelOption, emit, encodingOption, evidenceFromFlags, unitOption, useColor, openColumnsOption, ungroupedWarning, checkOutputFile } from '../options.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { outputFormat } from '../output-format.js';

const SWOT_FORMATS = ['grid', 'md', 'html', 'json', 'docx'] as const;
type SwotFormat = (typeof SWOT_FORMATS)[number];

interface SwotFlags {
  quiet?: boolean;
  model?: string[] | false;
  codebook?: string[];
  by?: string;
  attributes?: string;
  organizations?: string;
  format?: SwotFormat;
  top?: string;
  lang?: string;
  unit?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
  output?: string;
  width?: string;
  allowFailures?: boolean;
  jobs?: number;
}

/**
 * Without --format, `-o x.md|.html|.json|.docx|.txt` picks the format from the extension; otherwise the grid.
 * Throws QevalError BAD_OUTPUT_EXTENSION for an extension swot does not write (.pdf) or one that contradicts --format.
 */
export function swotFormatFor(format: SwotFormat | undefined, output: string | undefined, cwd = process.cwd()): SwotFormat {
  return outputFormat({ command: 'swot', formats: SWOT_FORMATS, fallback: 'grid', suggest: 'html', format, output, hint: 'and print it to PDF from a browser, or .docx', cwd });
}

export const swotCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('swot')
      .description('a four-quadrant SWOT view with counts and the strongest quotes, overall or --by an attribute')
      .argument('<inputs...>', `documents to code (files: ${documentKinds()}; folders, globs) or segments files written by \`qeval code\` (.json, .ndjson, .csv); - reads either from standard input`)
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .option('--by <attribute>', 'one grid per value of this document attribute (e.g. organization, org_type, role)')
      .addOption(attributesOption())
      .option('--organizations <csv>', 'organizations CSV ("organization", "name" ...): grids show organization names')
      .addOption(new Option('-f, --format <format>', 'output format (default: grid, or the one the -o extension names: .md, .html, .json, .docx, .txt for grid)').choices(SWOT_FORMATS))
      .option('--top <n>', 'strongest quotes per quadrant (default: 3)')
      .option('--lang <lang>', 'language of headings and labels: en, lt (default: en)')
      .addOption(unitOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .option('--width <columns>', 'width of the terminal grid (default: the terminal\'s, or 100)')
      .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
      .addOption(allowFailuresOption())
      .addOption(jobsOption())
      .addOption(quietOption())
      .addHelpText('after', `
Writes the view to stdout (a .docx only to a pipe), or atomically to -o FILE (with
<FILE>.failures.csv listing files that could not be read, if any).

The strongest quotes come first: more distinct matched terms, then more rules
agreeing on the unit, then more codes on the unit, then document and position.

Examples:
  $ qeval swot samples/interviews -a samples/attributes.csv --root samples
  $ qeval swot segments.csv -a samples/attributes.csv --by organization --format md -o swot.md
  $ qeval swot segments.csv -a samples/attributes.csv --by organization -o swot.docx
  $ qeval swot samples/interviews/lt --lang lt --top 5
  $ qeval swot segments.json --format json | jq '.overall.quadrants[] | {quadrant, count}'`)
      .action(async (inputs: string[], flags: SwotFlags) => {
        const format = swotFormatFor(flags.format, flags.output, ctx.io.cwd);
        if (format === 'docx' && (flags.output === undefined || flags.output === '-') && ctx.io.stdout.isTTY) {
          throw new QevalError('SWOT_DOCX_NEEDS_OUTPUT', 'a .docx is a ZIP archive, not text for a terminal: name the file to write with -o swot.docx');
        }
        await checkOutputFile(ctx.io, flags.output);
        const [lang = 'en'] = parseLangs(flags.lang);
        if (flags.lang?.includes(',')) throw new QevalError('BAD_LANG', 'qeval swot writes one language; give one of en, lt');
        const top = parseTop(flags.top);
        const failures = new ReadFailures(ctx.io);
        const { codebooks, evidence } = await evidenceFromFlags(ctx.io, inputs, flags, failures.onFailure);
        const codebook = codebookForLanguage(codebooks, lang);
        const view = aggregateSwot(
          { codebook, codebooks, segments: evidence.segments, documents: evidence.documents, organizations: evidence.organizations, unit: evidence.unit ?? undefined, models: evidence.models },
          { top, by: flags.by ?? null },
        );
        if (flags.by && !anyHasAttribute(evidence.documents, flags.by)) {
          ctx.io.stderr.write(`qeval: warning: ${missingAttributeMessage(flags.by, evidence.documents.flatMap((d) => Object.keys(d.attributes).filter((k) => d.attributes[k] !== '')))}\n`);
        } else if (flags.by) {
          const note = ungroupedWarning(evidence, flags.by);
          if (note) ctx.io.stderr.write(`qeval: warning: ${note}\n`);
        }
        const names = new Map(evidence.organizations.filter((o) => o.attributes.name).map((o) => [o.id, o.attributes.name as string]));
        const options = { lang, codebook, names };
        let text: string | Uint8Array;
        switch (format) {
          case 'grid': {
            const toFile = flags.output !== undefined && flags.output !== '-';
            const columns = (ctx.io.stdout as { columns?: number }).columns;
            const width = flags.width !== undefined ? Number(flags.width) : !toFile && columns ? Math.min(columns, 160) : 100;
            if (!Number.isInteger(width) || width < 40) throw new QevalError('BAD_WIDTH', `--width must be a whole number of at least 40, not "${flags.width}"`);
            text = renderSwotGrid(view, { ...options, color: !toFile && useColor(ctx.io), width });
            break;
          }
          case 'md':
            text = renderSwotMarkdown(view, options);
            break;
          case 'html':
            text = renderSwotHtml(view, options);
            break;
          case 'json':
            text = renderSwotJson(view, options);
            break;
          case 'docx':
            text = await renderSwotDocx(view, options);
            break;
        }
        await emit(ctx.io, flags.output, text);
        await failures.writeBeside(flags.output);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
