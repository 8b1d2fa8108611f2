// `qeval export`: a study as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder..., or its codebook (.qdc).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { readDocuments } from '../../io/read-documents.js';
import { writeFileAtomic } from '../../io/write.js';
import { QevalError } from '../../model/errors.js';
import type { SourceDocument } from '../../model/types.js';
import { writeArchive } from '../../refi/archive.js';
import { buildCodebook, buildProject } from '../../refi/write.js';
import { codebookForLanguage } from '../../study/evidence.js';
import { QEVAL_VERSION } from '../../version.js';
import type { CommandModule } from '../context.js';
import { outputFormat } from '../output-format.js';
import { attributesOption, codebookOption, documentKinds, emit, encodingOption, evidenceFromFlags, loadCodebooks, modelOption, noModelOption, unitOption, openColumnsOption } from '../options.js';

const EXPORT_FORMATS = ['qdpx', 'qdc'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportFlags {
  codebook?: string[];
  model?: string[] | false;
  attributes?: string;
  unit?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
  format?: ExportFormat;
  output?: string;
  name?: string;
  lang?: string;
  positions: 'codepoints' | 'utf16';
}

/** Without --format, the -o extension (.qdpx, .qdc) picks it; otherwise qdpx. */
export function exportFormatFor(format: ExportFormat | undefined, output: string | undefined, cwd = process.cwd()): ExportFormat {
  return outputFormat({ command: 'export', formats: EXPORT_FORMATS, fallback: 'qdpx', format, output, cwd });
}

/** Documents named by segments files but not coded here: read from --root by their ids. */
async function documentsOfSegments(ids: readonly string[], flags: ExportFlags, cwd: string): Promise<SourceDocument[]> {
  const root = path.resolve(cwd, flags.root ?? '.');
  const files = [...new Set(ids.map((id) => id.split('#')[0]!))].sort();
  for (const f of files) {
    if (!existsSync(path.join(root, f))) {
      throw new QevalError('EXPORT_DOCUMENT_NOT_FOUND', `the segments name document "${f}", which is not in ${flags.root ?? 'the current folder'}; give the folder the document ids are relative to with --root, or give the documents themselves`, { file: path.join(flags.root ?? '.', f) });
    }
  }
  return readDocuments(files.map((f) => path.join(root, f)), { cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns });
}

export const exportCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('export')
      .description('write a REFI-QDA project (.qdpx: documents, codebook, cases, coders, coded segments) or codebook (.qdc) for other QDA software')
      .argument('[inputs...]', `documents to code (files: ${documentKinds()}; folders, globs) and/or segments files written by \`qeval code\` or \`qeval import\``)
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(attributesOption())
      .addOption(unitOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder; segments files\' documents are read from it (default: current folder)')
      .addOption(new Option('-f, --format <format>', 'qdpx (a project) or qdc (the codebook alone); default: from the -o extension, else qdpx').choices(EXPORT_FORMATS))
      .option('-o, --output <file>', 'write to this file, atomically (required for qdpx)')
      .option('--name <name>', 'the project\'s name in the other tool (default: the output file name)')
      .addOption(new Option('--positions <counting>', 'count selection positions in code points (the standard) or in UTF-16 code units (for NVivo, which counts those)').choices(['codepoints', 'utf16']).default('codepoints'))
      .option('--lang <lang>', 'write the code labels and definitions of the codebook in this language (default: en, else the first)')
      .addHelpText('after', `
Writes a .qdpx project (a ZIP: project.qde and the documents' texts as sources) to -o FILE, or
a .qdc codebook (XML) to -o FILE or stdout; the format comes from -f, else the -o extension.

Every document becomes a text source (its normalized text, so positions are code points
into exactly that file), every segment a coded selection whose description says why it was
coded (rule, matched words, model probability), every coder a user, and document attributes
become case variables. Codes keep their hierarchy, colors and definitions; each code's
description ends with a "qeval code: <id>" line by which \`qeval import\` finds it again.
Rules, lexicons and recommendations have no place in REFI-QDA: keep the codebook YAML.
Positions are code points, as the standard says; NVivo counts UTF-16 code units, so for a
project meant for NVivo whose texts have emoji or other characters beyond U+FFFF, give
--positions utf16.

Examples:
  $ qeval export samples/interviews --root samples -a samples/attributes.csv -o study.qdpx
  $ qeval export segments.csv --root samples -a samples/attributes.csv -o study.qdpx
  $ qeval export -c codebooks/swot.yaml -o swot.qdc`)
      .action(async (inputs: string[], flags: ExportFlags) => {
        const format = exportFormatFor(flags.format, flags.output, ctx.io.cwd);
        const lang = flags.lang ?? 'en';
        const origin = `qeval ${QEVAL_VERSION}`;
        if (format === 'qdc') {
          const codebooks = await loadCodebooks(ctx.io, flags.codebook);
          const codebook = codebookForLanguage(codebooks, lang);
          await emit(ctx.io, flags.output, buildCodebook(codebook, origin));
          ctx.io.stderr.write(`qeval: wrote the ${codebook.codes.length} codes of ${codebook.spec.codebook} ${codebook.spec.version} as a REFI-QDA codebook${flags.output && flags.output !== '-' ? ` to ${flags.output}` : ''}\n`);
          ctx.setStatus(0);
          return;
        }
        if (!flags.output || flags.output === '-') throw new QevalError('EXPORT_NEEDS_OUTPUT', 'a .qdpx project is a ZIP archive: name the file to write with -o study.qdpx');
        if (inputs.length === 0) throw new QevalError('NO_INPUTS', 'give the documents to export (coded on the fly) or segments files written by `qeval code`');
        const { codebooks, evidence } = await evidenceFromFlags(ctx.io, inputs, flags, undefined, true);
        const codebook = codebookForLanguage(codebooks, lang);
        const byId = new Map(evidence.sources.map((d) => [d.id, d]));
        const missing = [...new Set(evidence.segments.map((s) => s.document))].filter((id) => !byId.has(id));
        if (missing.length > 0) for (const d of await documentsOfSegments(missing, flags, ctx.io.cwd)) byId.set(d.id, d);
        const attributesOf = new Map(evidence.documents.map((d) => [d.id, d.attributes]));
        const documents = [...byId.values()].map((d) => ({ id: d.id, text: d.text, attributes: { ...d.attributes, ...(attributesOf.get(d.id) ?? {}) } }));
        const codePoints = new Map<string, string[]>();
        for (const s of evidence.segments) {
          const doc = byId.get(s.document);
          if (!doc) throw new QevalError('EXPORT_DOCUMENT_NOT_FOUND', `no document "${s.document}" among the inputs or under --root`);
          let cps = codePoints.get(doc.id);
          if (!cps) codePoints.set(doc.id, (cps = Array.from(doc.text)));
          if (s.end > cps.length || cps.slice(s.start, s.end).join('') !== s.text) {
            throw new QevalError('EXPORT_SEGMENT_MISMATCH', `the segment ${s.start}-${s.end} (${s.code}) does not match the text of "${s.document}"; was the document changed after coding? Code it again`, { file: s.document, line: s.line });
          }
        }
        const name = flags.name ?? path.basename(flags.output, path.extname(flags.output));
        const project = buildProject({ name, codebook, documents, segments: evidence.segments, origin, qevalVersion: QEVAL_VERSION, positions: flags.positions });
        await writeFileAtomic(path.resolve(ctx.io.cwd, flags.output), await writeArchive(project.files));
        const c = project.counts;
        ctx.io.stderr.write(`qeval: wrote ${flags.output}: ${c.sources} sources, ${c.codes} codes, ${c.codings} codings by ${c.users} coder(s), ${c.cases} cases with ${c.variables} variables\n`);
        ctx.io.stderr.write('qeval: note: REFI-QDA has no place for rules, lexicons or recommendations; they stay in the codebook YAML\n');
        ctx.setStatus(0);
      });
  },
};
