// Options shared by several commands, declared once: codebook, unit, output, formats.
import { agree, counted } from '../model/words.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { QevalError } from '../model/errors.js';
import { UNIT_KINDS, type UnitKind } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { loadCodebookFile } from '../io/load-codebook.js';
import { loadModels } from '../io/load-model.js';
import { checkWritable, streamSink, writeFileAtomic } from '../io/write.js';
import { readStdin, type CliIO } from './io.js';
import { FLAG_HINTS, writeDiagnostics } from './diagnostics.js';
import { warnJobs } from './jobs.js';
import { codingBar } from './progress-bar.js';
import { gatherEvidence, type GatheredEvidence } from '../study/evidence.js';
import { documentIndex } from '../aggregate/evidence.js';
import { readers } from '../io/read-documents.js';
import { knownEncoding, unknownEncodingMessage } from '../io/decode.js';

/** The folder of bundled codebooks (codebooks/ at the package root). */
export const BUNDLED_CODEBOOKS = fileURLToPath(new URL('../../codebooks/', import.meta.url));
export const DEFAULT_CODEBOOKS = ['swot.yaml', 'swot.lt.yaml'];

export const unitOption = () => new Option('-u, --unit <unit>', 'coding unit (default: the codebook\'s)').choices(UNIT_KINDS as string[]);
export const codebookOption = () =>
  new Option('-c, --codebook <file>', 'codebook YAML; repeat for one per language (default: bundled swot.yaml + swot.lt.yaml)').argParser(collect);
export const attributesOption = () => new Option('-a, --attributes <csv>', 'attributes CSV with a "document" column');
export const encodingOption = () =>
  new Option('--encoding <name>', 'encoding of all inputs (default: detect UTF-8/UTF-16 BOM/Windows-1257)').argParser((value: string) => {
    // Refused before any file is read, not once per file.
    if (!knownEncoding(value)) throw new QevalError('BAD_OPTION', `--encoding: ${unknownEncodingMessage(value)}`);
    return value;
  });
export const openColumnsOption = () =>
  new Option('--open-columns <names>', 'survey CSVs: code exactly these columns as the open answers, by header or question text, comma-separated (quote a name with a comma: \'"Why, if so?"\'); repeatable (default: the columns whose answers are sentences)').argParser(collectColumns);
export const modelOption = () => new Option('--model <file>', 'code with this trained model too (repeatable, one per codebook; default: the codebook\'s own `model:`)').argParser(collect);
export const noModelOption = () => new Option('--no-model', 'code with the codebook\'s rules alone, without any model');
export const outputOption = () => new Option('-o, --output <file>', 'write to this file (atomically) instead of stdout');

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--open-columns` values -> column names: each value is a comma-separated list in which a name
 * with a comma is quoted as in CSV (`a,"b, c"`); names are trimmed, empty ones dropped. Throws
 * QevalError BAD_OPTION when a value names none or leaves a quote open.
 */
export function collectColumns(value: string, previous: string[] | undefined): string[] {
  const names: string[] = [];
  let name = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (quoted) {
      if (ch === '"' && value[i + 1] === '"') {
        name += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        name += ch;
      }
    } else if (ch === '"' && name.trim() === '') {
      quoted = true;
      name = '';
    } else if (ch === ',') {
      names.push(name.trim());
      name = '';
    } else {
      name += ch;
    }
  }
  if (quoted) throw new QevalError('BAD_OPTION', `--open-columns: a quote is not closed in "${value}"`);
  names.push(name.trim());
  const given = names.filter((n) => n !== '');
  if (given.length === 0) throw new QevalError('BAD_OPTION', `--open-columns takes column names separated by commas (e.g. --open-columns "strengths,weaknesses"), not "${value}"`);
  return [...(previous ?? []), ...given];
}

/**
 * `codebooks` (loaded from `files`, in order) when no two share a language: a document picks its
 * codebook by language, so a second one for the same language would never be used. Throws
 * QevalError CODEBOOK_LANGUAGE_TWICE naming the second file.
 */
function oneCodebookPerLanguage(codebooks: Codebook[], files: readonly string[]): Codebook[] {
  const first = new Map<string, number>();
  codebooks.forEach((c, i) => {
    const lang = c.spec.language;
    const before = first.get(lang);
    if (before !== undefined) {
      throw new QevalError('CODEBOOK_LANGUAGE_TWICE', `a second codebook for language "${lang}" (the first is ${files[before]}): documents pick their codebook by language, so it would never be used; give one -c per language`, { file: files[i] });
    }
    first.set(lang, i);
  });
  return codebooks;
}

/** Loads the codebooks named with -c, or the bundled ones. */
export async function loadCodebooks(io: CliIO, files: string[] | undefined): Promise<Codebook[]> {
  if (files && files.length > 0) return oneCodebookPerLanguage(await Promise.all(files.map((f) => loadCodebookFile(path.resolve(io.cwd, f), f))), files);
  const bundled = DEFAULT_CODEBOOKS.map((f) => path.join(BUNDLED_CODEBOOKS, f)).filter((f) => existsSync(f));
  return Promise.all(bundled.map((f) => loadCodebookFile(f, path.relative(io.cwd, f) || f)));
}

export function parseUnit(value: string | undefined): UnitKind | undefined {
  if (value === undefined) return undefined;
  if (!(UNIT_KINDS as string[]).includes(value)) throw new QevalError('BAD_UNIT', `unknown unit "${value}"; use ${UNIT_KINDS.join(', ')}`);
  return value as UnitKind;
}

/**
 * Refuses, before any input is read, an `-o FILE` that `emit` could not write (a folder, a folder
 * without write permission), so a long run does not end in that error. Stdout (`-`, none) passes.
 * Throws QevalError OUTPUT_IS_DIRECTORY, OUTPUT_NOT_WRITABLE or OUTPUT_IS_INPUT naming the file.
 */
export async function checkOutputFile(io: CliIO, output: string | undefined): Promise<void> {
  if (output !== undefined && output !== '-') await checkWritable(path.resolve(io.cwd, output));
}

/**
 * Sends a command's output to stdout, or atomically to `-o FILE` (`-` is stdout). Resolves once the
 * output is out, so what a command says after it (a summary on stderr) follows a write that worked.
 * Throws QevalError OUTPUT_NOT_WRITABLE (stdout or the file cannot be written: the disk is full) or
 * OUTPUT_IS_DIRECTORY; a reader gone from stdout (`| head`) is no failure.
 */
export async function emit(io: CliIO, output: string | undefined, data: string | Uint8Array): Promise<void> {
  if (output === undefined || output === '-') {
    const sink = streamSink(io.stdout);
    await sink.write(data);
    await sink.commit();
    return;
  }
  await writeFileAtomic(path.resolve(io.cwd, output), data);
}

/** Colour is on only for a TTY and when NO_COLOR is unset. */
export function useColor(io: CliIO): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}

/** The flags `swot` and `report` share for finding their evidence. */
export interface EvidenceFlags {
  codebook?: string[];
  /** `--model` files, or false for `--no-model`. */
  model?: string[] | false;
  attributes?: string;
  organizations?: string;
  unit?: string;
  encoding?: string;
  /** `--open-columns`: the open-answer columns of survey CSVs. */
  openColumns?: string[];
  root?: string;
  /** `--jobs`: worker threads to code documents with. */
  jobs?: number;
  /** `--quiet`: no progress bar. */
  quiet?: boolean;
}

/**
 * Loads the codebooks and models and gathers coded evidence (documents coded on the fly through the
 * streaming analysis, or segments files); writes its diagnostics on stderr with flag hints. `texts`
 * keeps the documents' texts (for export). Throws what loadCodebooks, loadModels and gatherEvidence throw.
 */
export async function evidenceFromFlags(io: CliIO, inputs: string[], flags: EvidenceFlags, onFailure?: (error: QevalError, file: string) => void, texts = false, outputFolder?: string): Promise<{ codebooks: Codebook[]; evidence: GatheredEvidence }> {
  warnJobs(io, flags.jobs);
  const codebooks = await loadCodebooks(io, flags.codebook);
  const bar = codingBar(io, 'coding', flags.quiet);
  const evidence = await gatherEvidence({
    inputs,
    cwd: io.cwd,
    codebooks,
    models: await loadModels(io.cwd, codebooks, flags.model),
    modelsNamed: Array.isArray(flags.model) && flags.model.length > 0,
    attributes: flags.attributes,
    organizations: flags.organizations,
    unit: parseUnit(flags.unit),
    encoding: flags.encoding,
    openColumns: flags.openColumns,
    root: flags.root,
    onFailure,
    stdin: () => readStdin(io),
    jobs: flags.jobs,
    texts,
    progress: bar.progress,
    ...(outputFolder === undefined ? {} : { excludeFolders: [path.resolve(io.cwd, outputFolder)] }),
  }).finally(() => bar.stop());
  // swot, report and export have no --interviewer: their advice names the codebook's list alone.
  writeDiagnostics(io, evidence.diagnostics, { ...FLAG_HINTS, QUESTIONER: 'if they are the interviewer, add them to the codebook\'s speakers: interviewer list' });
  return { codebooks, evidence };
}

/** A one-line progress display on stderr, only when stderr is a terminal; `done()` clears it. */
export function progress(io: CliIO, label: string): { update(done: number, total: number): void; done(): void } {
  if (!io.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(done, total) {
      if (total < 20 && !shown) return;
      shown = true;
      io.stderr.write(`\r${label} ${done}/${total}`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}

/**
 * The sentence for a `--by` attribute no document has (a misspelling, or attributes not given), the
 * same in every command with --by: which attributes the documents do have, and where attributes come from.
 */
export function missingAttributeMessage(by: string, known: Iterable<string>): string {
  const names = [...new Set(known)].sort();
  const have = names.length > 0 ? `the documents have ${names.map((n) => `"${n}"`).join(', ')}` : 'the documents have no attributes';
  return `no document has the attribute "${by}" (${have}); check the spelling, or give it in front matter or with --attributes`;
}

/**
 * The warning for documents without the `--by` attribute when others have it (they count overall,
 * in no group), or undefined when every document has it or none does (missingAttributeMessage's case).
 * The documents are the evidence's, with those only its segments name; `fromSegments`: some inputs
 * were segments files, whose documents have only the attributes CSV's attributes (a survey row's
 * own columns are not in a segments file).
 */
export function ungroupedWarning(evidence: Pick<GatheredEvidence, 'documents' | 'segments' | 'fromSegments'>, by: string): string | undefined {
  const documents = [...documentIndex(evidence.documents, evidence.segments).values()];
  const fromSegments = evidence.fromSegments;
  // A survey file's own attributes row (`survey.csv` beside `survey.csv#S01` ...) is no document of its own.
  const files = new Set(documents.filter((d) => d.id.includes('#')).map((d) => d.id.slice(0, d.id.indexOf('#'))));
  const own = documents.filter((d) => !files.has(d.id));
  const without = own.filter((d) => !d.attributes[by]);
  if (without.length === 0 || without.length === own.length) return undefined;
  const examples = without.slice(0, 3).map((d) => d.id).join(', ') + (without.length > 3 ? ` and ${without.length - 3} more` : '');
  const hint = fromSegments ? `; documents read from segments files have only the attributes the attributes CSV (-a) gives them: add "${by}" there, or report on the documents themselves` : `; give "${by}" in their front matter or the attributes CSV (-a)`;
  return `${counted(without.length, 'document')} ${agree(without.length, 'has', 'have')} no "${by}" attribute (${examples}): ${agree(without.length, 'it counts', 'they count')} in the overall figures, but in no "${by}" group${hint}`;
}

/** Whether any document has a non-empty value for the attribute. */
export function anyHasAttribute(documents: Iterable<{ attributes: Record<string, string> }>, by: string): boolean {
  for (const d of documents) if (d.attributes[by] !== undefined && d.attributes[by] !== '') return true;
  return false;
}

/** The document files the commands that code documents read, from the readers table (`.txt, .md, ..., survey .csv`). */
export function documentKinds(): string {
  return [...Object.keys(readers).filter((ext) => ext !== '.csv'), 'survey .csv'].join(', ');
}
