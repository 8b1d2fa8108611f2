// `qeval agree`: intercoder agreement (percent, Cohen's kappa, Krippendorff's alpha, P/R/F1 against a gold coder) between codings.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { Option } from 'commander';
import { agreementOfCodings, agreementOfMatrix, type AgreementBasis, type CodedSpan, type Coding } from '../../aggregate/agreement.js';
import { CodebookSet } from '../../engine/code-many.js';
import type { Positions } from '../../engine/positions.js';
import { isCodingFile, readCodingRows, resolveSpan } from '../../io/read-coding.js';
import { readDocuments } from '../../io/read-documents.js';
import { readFrontMatter } from '../../io/front-matter.js';
import { loadModels } from '../../io/load-model.js';
import { readReliabilityMatrix } from '../../io/read-reliability-matrix.js';
import { importRefiFile } from '../../refi/import.js';
import { QevalError } from '../../model/errors.js';
import { UNIT_KINDS, type SourceDocument } from '../../model/types.js';
import { AGREE_FORMATS, agreementSummary, renderAgreement, type AgreeFormat } from '../../render/agreement.js';
import type { CommandModule } from '../context.js';
import { outputFormat } from '../output-format.js';
import { attributesOption, codebookOption, collect, emit, encodingOption, loadCodebooks, modelOption, noModelOption, outputOption, openColumnsOption, checkOutputFile } from '../options.js';

interface AgreeFlags {
  unit: AgreementBasis;
  gold?: string;
  matrix?: string;
  depth?: string;
  minAlpha?: string;
  format: AgreeFormat;
  output?: string;
  speakers: 'respondents' | 'all';
  uncoded: 'nothing' | 'missing';
  interviewer?: string[];
  code?: boolean;
  codebook?: string[];
  model?: string[] | false;
  attributes?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
}

/** A number from an option, checked against [min, max]. */
function numberFlag(name: string, value: string | undefined, min: number, max: number, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new QevalError('BAD_OPTION', `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

async function isFile(abs: string): Promise<boolean> {
  return (await stat(abs).catch(() => undefined))?.isFile() ?? false;
}

/** Automatic coding: `qeval code` names its coder `qeval <codebook>@<version>`, one per language's codebook. */
const isQevalCoder = (coder: string) => coder === 'qeval' || coder.startsWith('qeval ');

/**
 * The codings in the coding files, one per coder: a row's `coder`, or the file's name when it names none.
 * qeval's own coders in one file (one per codebook language) are one coder, `qeval`, or `qeval (<file>)`
 * when several files (or --code) hold qeval codings. Rows of documents that were given are tied to their
 * text (checked); the others are kept as they are and left out later with a warning.
 */
async function readCodings(files: readonly string[], cwd: string, documents: readonly SourceDocument[], coding: boolean, knownCodes?: ReadonlySet<string>): Promise<Coding[]> {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const positions = new Map<string, Positions>();
  const perFile: { file: string; spans: Map<string, CodedSpan[]> }[] = [];
  for (const file of files) {
    const spans = new Map<string, CodedSpan[]>();
    for (const row of await readCodingRows(path.resolve(cwd, file), file)) {
      // With -c, a code the codebook lacks is a typo or another scheme: it would be compared as a code of its own.
      if (knownCodes && !knownCodes.has(row.code)) {
        throw new QevalError('CODING_UNKNOWN_CODE', `code "${row.code}" is not in the codebook; fix the coding or give the codebook it was coded with (-c)`, { file, line: row.line, column: row.line === undefined ? undefined : 1 });
      }
      const doc = byId.get(row.document);
      const span = doc ? resolveSpan(row, doc, positions, file) : { start: row.start ?? 0, end: row.end ?? 0 };
      const coder = row.coder || path.basename(file);
      let list = spans.get(coder);
      if (!list) spans.set(coder, (list = []));
      list.push({ document: row.document, code: row.code, ...span });
    }
    perFile.push({ file, spans });
  }
  const qevalFiles = perFile.filter((f) => [...f.spans.keys()].some(isQevalCoder)).length + (coding ? 1 : 0);
  const merged = new Map<string, CodedSpan[]>();
  for (const { file, spans } of perFile) {
    for (const [coder, list] of spans) {
      const name = isQevalCoder(coder) ? (qevalFiles > 1 ? `qeval (${path.basename(file)})` : 'qeval') : coder;
      merged.set(name, [...(merged.get(name) ?? []), ...list]);
    }
  }
  return [...merged].map(([coder, spans]) => ({ coder, spans }));
}

export const agreeCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('agree')
      .description("intercoder agreement per code and overall: percent agreement, Cohen's kappa, Krippendorff's alpha, and P/R/F1 against a gold coder")
      .argument('[inputs...]', 'coding files (segments from `qeval code` or `qeval import`, or CSVs with document, code, start/end or text, coder), REFI-QDA projects (.qdpx: their documents and one coding per user) and the coded documents (files, folders, globs)')
      .addOption(new Option('-u, --unit <unit>', 'compare per unit of the engine\'s segmentation, or per character').choices([...UNIT_KINDS, 'character']).default('sentence'))
      .option('--gold <coder>', 'score every other coder against this one (precision, recall, F1)')
      .option('--matrix <csv>', 'a reliability matrix instead of codings: rows coders, columns units, cells values (empty, *, . or NA: missing)')
      .option('--depth <n>', 'roll codes up to this many levels of their dotted id (1: top-level codes)')
      .option('--min-alpha <x>', 'exit 1 when the overall alpha is below x (or undefined)')
      .addOption(new Option('-f, --format <format>', 'output format (default: table, or the one the -o extension names: .csv, .json, .md, .txt)').choices(AGREE_FORMATS))
      .addOption(outputOption())
      .option('--code', 'also code the documents with the codebook (-c, default the bundled ones) and compare qeval as a coder')
      .addOption(codebookOption())
      .addOption(modelOption())
      .addOption(noModelOption())
      .addOption(new Option('--speakers <who>', "compare respondents' text (and whatever a coder coded), or all text").choices(['respondents', 'all']).default('respondents'))
      .addOption(new Option('--uncoded <as>', 'a document in which a coder has no segment: coded with "nothing", or "missing" (not coded by that coder)').choices(['nothing', 'missing']).default('nothing'))
      .option('--interviewer <label>', 'treat this speaker label as the interviewer (repeatable)', collect)
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .addHelpText('after', `
Each code is compared as coded / not coded per unit (a coder gives a unit a code when one of its
spans of that code overlaps it; per character, every code point counts). "overall" pools every
unit x code decision. Kappa is shown for two coders; alpha is Krippendorff's nominal alpha (any
number of coders, missing values allowed); undefined measures show as a dash.

Examples:
  $ qeval agree ann.csv bob.csv interviews/                     # two coders, per sentence
  $ qeval agree human.csv interviews/ --code --gold "Ann" --depth 1   # qeval against a person
  $ qeval agree segments.csv interviews/ -u character -f md -o agreement.md
  $ qeval agree --matrix reliability.csv --min-alpha 0.8`)
      .action(async (inputs: string[], flags: AgreeFlags) => {
        // -f, else what the -o extension names (checked before anything is read).
        flags.format = outputFormat({ command: 'agree', formats: AGREE_FORMATS, fallback: 'table', suggest: 'csv', format: flags.format as AgreeFormat | undefined, output: flags.output, cwd: ctx.io.cwd });
        await checkOutputFile(ctx.io, flags.output);
        const depth = numberFlag('--depth', flags.depth, 1, 20, true);
        const minAlpha = numberFlag('--min-alpha', flags.minAlpha, -1, 1, false);
        let report;
        if (flags.matrix !== undefined) {
          if (inputs.length > 0 || flags.code) throw new QevalError('AGREE_MATRIX_AND_INPUTS', '--matrix takes the reliability data alone; leave out the coding files and documents (and --code)');
          report = agreementOfMatrix(await readReliabilityMatrix(path.resolve(ctx.io.cwd, flags.matrix), flags.matrix), flags.gold);
        } else {
          const codingFiles: string[] = [];
          const projectFiles: string[] = [];
          const documentInputs: string[] = [];
          for (const input of inputs) {
            const abs = path.resolve(ctx.io.cwd, input);
            if (/\.(qdpx|qde)$/i.test(input) && (await isFile(abs))) projectFiles.push(input);
            else if ((await isFile(abs)) && (await isCodingFile(abs))) codingFiles.push(input);
            else documentInputs.push(input);
          }
          if (documentInputs.length === 0 && projectFiles.length === 0) throw new QevalError('AGREE_NO_DOCUMENTS', 'give the coded documents too (files, folders or globs): agreement per unit or character needs their text; or use --matrix');
          const documents = documentInputs.length === 0 ? [] : await readDocuments(documentInputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns, onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`) });
          // A REFI-QDA project brings its own documents and one coding per user.
          const projectCodings: Coding[] = [];
          for (const file of projectFiles) {
            const project = await importRefiFile(path.resolve(ctx.io.cwd, file), file);
            for (const w of project.warnings) ctx.io.stderr.write(`qeval: warning: ${file}: ${w}\n`);
            for (const d of project.documents.flatMap((x): (SourceDocument | typeof x)[] => x.rows ?? [x])) {
              if (documents.some((x) => x.id === d.id)) throw new QevalError('DUPLICATE_DOCUMENT', `document "${d.id}" is both in the project and among the documents given; give it once`, { file });
              // As `qeval import` writes it and the readers read it back: Markdown front matter is not text to code.
              const front = /\.(md|markdown)$/i.test(d.id) ? readFrontMatter(d.text, `${file}: ${d.id}`) : { attributes: {}, bodyStart: 0 };
              if ('bodyStart' in d) documents.push(d); // a survey row, as the survey reader reads it
              else documents.push({ id: d.id, text: d.text, attributes: { ...front.attributes, ...d.attributes }, encoding: 'utf-8', bodyStart: front.bodyStart });
            }
            const byCoder = new Map<string, CodedSpan[]>();
            for (const s of project.segments) {
              // qeval's own coders (one per codebook language) are one coder, as in coding files.
              const coder = isQevalCoder(s.coder) ? 'qeval' : s.coder;
              const list = byCoder.get(coder) ?? [];
              list.push({ document: s.document, code: s.code, start: s.start, end: s.end });
              byCoder.set(coder, list);
            }
            for (const [coder, spans] of [...byCoder].sort((a, b) => (a[0] < b[0] ? -1 : 1))) projectCodings.push({ coder, spans });
          }
          documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          // The codebook given with -c is also what the coding files' codes are checked against.
          const knownCodes = flags.codebook && flags.codebook.length > 0 ? new Set((await loadCodebooks(ctx.io, flags.codebook)).flatMap((b) => b.codes.map((c) => c.id))) : undefined;
          const codings = [...projectCodings, ...(await readCodings(codingFiles, ctx.io.cwd, documents, Boolean(flags.code), knownCodes))];
          const seenCoders = new Set<string>();
          for (const c of codings) {
            if (seenCoders.has(c.coder)) throw new QevalError('AGREE_DUPLICATE_CODER', `coder "${c.coder}" appears in more than one input; rename one of them`);
            seenCoders.add(c.coder);
          }
          if (flags.code) {
            const codebooks = await loadCodebooks(ctx.io, flags.codebook);
            const set = new CodebookSet(codebooks, await loadModels(ctx.io.cwd, codebooks, flags.model));
            const unit = flags.unit === 'character' ? undefined : flags.unit;
            const segments = set.code(documents, { unit, interviewerLabels: flags.interviewer });
            const name = 'qeval';
            if (codings.some((c) => c.coder === name)) throw new QevalError('AGREE_DUPLICATE_CODER', `a coding file names a coder "${name}", the name of the coding done here with --code; rename that coder in the file`);
            codings.push({ coder: name, spans: segments });
          }
          report = agreementOfCodings(documents, codings, { basis: flags.unit, depth, allSpeakers: flags.speakers === 'all', uncodedAsMissing: flags.uncoded === 'missing', interviewerLabels: flags.interviewer, gold: flags.gold });
        }
        for (const w of report.warnings) ctx.io.stderr.write(`qeval: warning: ${w}\n`);
        await emit(ctx.io, flags.output, renderAgreement(report, flags.format));
        ctx.io.stderr.write(`${agreementSummary(report)}\n`);
        const alpha = report.rows.at(-1)!.alpha;
        if (minAlpha !== undefined && (alpha === null || alpha < minAlpha)) {
          ctx.io.stderr.write(`qeval: the overall alpha ${alpha === null ? 'is undefined (no variation in the values)' : `${alpha.toFixed(3)} is below`} --min-alpha ${minAlpha}\n`);
          ctx.setStatus(1);
          return;
        }
        ctx.setStatus(0);
      });
  },
};
