// `qeval import`: a REFI-QDA project or codebook from NVivo, ATLAS.ti, MAXQDA, QualCoder... as documents, attributes, codebook and segments.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { Option } from 'commander';
import { writeFilesAtomic, type OutputFile } from '../../io/write.js';
import { IMPORT_EXTENSIONS, replaceOutputs } from '../../io/output-manifest.js';
import { QevalError } from '../../model/errors.js';
import { importRefiFile } from '../../refi/import.js';
import { POSITION_COUNTINGS, type PositionCounting } from '../../refi/positions.js';
import { segmentFormatters } from '../../render/segments.js';
import type { CommandModule } from '../context.js';

interface ImportFlags {
  output: string;
  positions: PositionCounting | 'auto';
  language?: string;
  skipInvalid?: boolean;
  force?: boolean;
}

const COUNTING_TEXT: Record<PositionCounting, string> = {
  codepoints: 'code points (the standard)',
  utf16: 'UTF-16 code units (NVivo)',
  'crlf-one': 'characters with CR LF as one (ATLAS.ti)',
};

/** The output folder must be new or empty (or --force), so no file of an earlier import is mistaken for this one's. */
async function checkOutput(dir: string, display: string, force: boolean | undefined): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    if (e.code === 'ENOTDIR') throw new QevalError('OUTPUT_NOT_DIRECTORY', 'is a file; -o names the folder to import into', { file: display });
    throw e;
  });
  if (entries.length > 0 && !force) throw new QevalError('OUTPUT_NOT_EMPTY', 'the folder is not empty; import into a new folder, or give --force to write over it', { file: display });
}

export const importCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('import')
      .description('read a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) into documents, attributes.csv, codebook.yaml and segments.csv')
      .argument('<file>', 'a .qdpx project (NVivo, ATLAS.ti, MAXQDA, QualCoder ...), a .qde project file, or a .qdc codebook')
      .requiredOption('-o, --output <dir>', 'the folder to write into (new or empty)')
      .addOption(new Option('--positions <counting>', 'how the project counts text positions: auto (from the exporting tool), codepoints (the standard), utf16 (NVivo), crlf-one (ATLAS.ti)').choices(['auto', ...POSITION_COUNTINGS]).default('auto'))
      .option('--language <code>', 'language of the codebook written (ISO 639, e.g. en, lt; default: from the project, else the language most documents are in, else en)')
      .option('--skip-invalid', 'import what is valid and list the rest (selections outside their text, unknown codes, missing texts) as warnings')
      .option('--force', 'write into a folder that is not empty')
      .addHelpText('after', `
Writes into the folder:
  documents/<name>.txt   each text source, UTF-8 with LF line ends (document ids are paths
                         relative to documents/, so use --root <dir>/documents)
  attributes.csv         a "document" column and one column per case or source variable
  codebook.yaml          the code tree with names as labels and descriptions as definitions,
                         rules empty (a qeval codebook; add rules or train a model)
  segments.csv           one segment per coding, coder = the coding's user

Positions are converted to code points in the normalized text; a selection outside its text
is an error (or, with --skip-invalid, a warning), never clamped.

Examples:
  $ qeval import nvivo-project.qdpx -o study
  $ qeval train study/segments.csv study/documents --root study/documents -c study/codebook.yaml --cv
  $ qeval import atlas.qdc -o codes && qeval codebook show codes/codebook.yaml`)
      .action(async (file: string, flags: ImportFlags) => {
        const dir = path.resolve(ctx.io.cwd, flags.output);
        if (flags.language !== undefined && !/^[a-z]{2,3}$/.test(flags.language)) throw new QevalError('BAD_OPTION', `--language must be an ISO 639 code such as en or lt, not "${flags.language}"`);
        await checkOutput(dir, flags.output, flags.force);
        const result = await importRefiFile(path.resolve(ctx.io.cwd, file), file, { positions: flags.positions, language: flags.language, skipInvalid: flags.skipInvalid });
        const files: OutputFile[] = [];
        if (result.codebookYaml) files.push({ path: 'codebook.yaml', data: result.codebookYaml });
        if (result.kind === 'project') {
          for (const d of result.documents) files.push({ path: `documents/${d.id}`, data: d.text });
          files.push({ path: 'attributes.csv', data: result.attributesCsv });
          files.push({ path: 'segments.csv', data: segmentFormatters.csv(result.segments, {}) });
        }
        for (const f of files) {
          const target = path.resolve(dir, ...f.path.split('/'));
          if (!target.startsWith(dir + path.sep)) throw new QevalError('IMPORT_UNSAFE_PATH', `refusing to write "${f.path}" outside the output folder`, { file });
        }
        for (const w of result.warnings) ctx.io.stderr.write(`qeval: warning: ${file}: ${w}\n`);
        await writeFilesAtomic(dir, files);
        // Into a folder an earlier import wrote (--force): its files this import does not write again go,
        // unless changed since, so that `documents/` holds this project's texts only.
        await replaceOutputs(dir, files, IMPORT_EXTENSIONS);
        const origin = result.project.origin ?? 'unknown tool';
        const c = result.counts;
        const coders = Object.entries(c.byCoder).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k} ${v}`).join(', ');
        const lines = result.kind === 'codebook'
          ? [`imported ${file} (a codebook${result.project.origin ? ` written by ${result.project.origin}` : ''})`, `  codes    ${c.codes}`, `wrote ${flags.output}: codebook.yaml`]
          : [
            `imported ${file} (written by ${origin}; positions counted in ${COUNTING_TEXT[result.counting]})`,
            `  sources  ${c.sources}`,
            `  codes    ${c.codes}`,
            `  codings  ${c.codings}${coders ? ` (${coders})` : ''}`,
            `  users    ${c.users}`,
            `wrote ${flags.output}: ${files.map((f) => f.path).filter((p) => !p.startsWith('documents/')).join(', ')}${result.documents.length > 0 ? `, documents/ (${result.documents.length})` : ''}`,
          ];
        if (result.kind === 'project' && c.codings > 0) {
          const out = flags.output.replace(/\/+$/, '');
          lines.push(`next: qeval train ${out}/segments.csv ${out}/documents --root ${out}/documents -c ${out}/codebook.yaml --cv${Object.keys(c.byCoder).length > 1 ? ' --coder NAME' : ''}`);
        }
        ctx.io.stderr.write(`${lines.join('\n')}\n`);
        ctx.setStatus(0);
      });
  },
};
