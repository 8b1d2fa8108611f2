// `qeval train`: learn a model from a person's coding, cross-validate it, write it as JSON.
import { agree, counted } from '../../model/words.js';
import path from 'node:path';
import { Option } from 'commander';
import { readDocuments } from '../../io/read-documents.js';
import { readHumanCoding } from '../../io/read-coding.js';
import { CodebookSet, languageOf } from '../../engine/code-many.js';
import { DEFAULT_FAMILIES, FEATURE_FAMILIES, type FeatureFamily } from '../../learn/features.js';
import { serializeModel } from '../../learn/model.js';
import { trainingExamples } from '../../learn/train.js';
import { trainModelInWorkers } from '../../io/train-workers.js';
import { checkWritable } from '../../io/write.js';
import { availableParallelism } from 'node:os';
import { QevalError } from '../../model/errors.js';
import { CV_FORMATS, renderCrossValidation, type CvFormat } from '../../render/cross-validation.js';
import type { CommandModule } from '../context.js';
import { attributesOption, codebookOption, emit, encodingOption, loadCodebooks, parseUnit, unitOption, openColumnsOption } from '../options.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';
import { warnJobs } from '../jobs.js';

interface TrainFlags {
  codebook?: string[];
  unit?: string;
  attributes?: string;
  encoding?: string;
  openColumns?: string[];
  root?: string;
  output?: string;
  cv?: boolean;
  format: CvFormat;
  coder?: string;
  features: string;
  l2: string;
  folds: string;
  seed: string;
  minPositives: string;
  jobs?: string;
  allowFailures?: boolean;
}

function positiveNumber(flag: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new QevalError('BAD_OPTION', `${flag} must be a positive ${integer ? 'whole number' : 'number'}, not "${value}"`);
  }
  return n;
}

/** Parses `--features words,stems,...` (or `all`). */
export function parseFamilies(value: string): FeatureFamily[] {
  if (value.trim() === 'all') return [...FEATURE_FAMILIES];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) {
    if (!(FEATURE_FAMILIES as readonly string[]).includes(f)) throw new QevalError('BAD_OPTION', `unknown feature family "${f}"; use any of ${FEATURE_FAMILIES.join(', ')} (or all)`);
  }
  if (list.length === 0) throw new QevalError('BAD_OPTION', `--features needs at least one of ${FEATURE_FAMILIES.join(', ')}`);
  return FEATURE_FAMILIES.filter((f) => list.includes(f));
}

export const trainCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('train')
      .description("learn a model from a person's coding and cross-validate it (P, R, F1, kappa per code)")
      .argument('<coding>', 'the human coding: a segments file (CSV/JSON/NDJSON with a coder) or a CSV with document, code and start/end or text')
      .argument('<documents...>', 'the coded documents (files, folders, globs)')
      .addOption(codebookOption())
      .addOption(unitOption())
      .addOption(attributesOption())
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .option('-o, --output <file>', 'write the model (JSON) here, atomically')
      .option('--cv', 'measure the model by nested cross-validation (about 4x the training time), record the figures in the model and print the report on stdout')
      .addOption(new Option('-f, --format <format>', 'format of the --cv report').choices(CV_FORMATS as unknown as string[]).default('table'))
      .option('--coder <name>', 'learn from this coder when the coding has several')
      .option('--features <list>', `feature families, comma-separated, from ${FEATURE_FAMILIES.join(',')}; or all`, DEFAULT_FAMILIES.join(','))
      .option('--l2 <lambda>', 'L2 penalty of the logistic regression', '8')
      .option('--folds <n>', 'cross-validation folds (grouped by document)', '5')
      .option('--seed <n>', 'seed of the fold assignment', '1')
      .option('--min-positives <n>', 'a code needs this many coded units to get a classifier', '8')
      .option('--jobs <n>', 'worker threads for the cross-validation folds (default: the number of cores; the model is the same whatever n)')
      .addOption(allowFailuresOption())
      .addHelpText('after', `
Units that overlap a human segment are positives for its code (and the code's ancestors); the
other coded units of the same documents are negatives, so code whole documents, not a few spans
of many. Documents without any human segment are left out. Folds never split a document; thresholds are chosen inside each fold's training part.
A document file that cannot be read would silently change what is learnt, so train refuses
(each such file named, exit 2); --allow-failures trains on the others and leaves the coding's
spans of the unreadable files out, saying how many.

Examples:
  $ qeval train coding.csv interviews/ -c codebook.yaml -o model.json --cv
  $ qeval train corpus/coding/en.adjudicated.csv corpus/en --root corpus -c codebooks/swot.yaml --cv -f csv
  $ qeval code interviews/ --model model.json -o segments.csv`)
      .action(async (coding: string, inputs: string[], flags: TrainFlags) => {
        const families = parseFamilies(flags.features);
        const l2 = positiveNumber('--l2', flags.l2, false);
        const folds = positiveNumber('--folds', flags.folds, true);
        const seed = positiveNumber('--seed', flags.seed, true);
        const minPositives = positiveNumber('--min-positives', flags.minPositives, true);
        if (folds < 2) throw new QevalError('BAD_OPTION', '--folds must be at least 2');
        // Training takes minutes on a large corpus: an -o that cannot be written is said before, not after.
        if (flags.output && flags.output !== '-') {
          // A model is JSON: a name another format's extension gives (model.csv) would mislead whoever opens it.
          const ext = path.extname(flags.output).toLowerCase();
          if (ext !== '' && ext !== '.json') throw new QevalError('BAD_OPTION', `-o ${flags.output}: a model is written as JSON; name it with .json (e.g. ${path.basename(flags.output, path.extname(flags.output))}.json)`);
          await checkWritable(path.resolve(ctx.io.cwd, flags.output));
        }
        if (flags.cv && !flags.output) ctx.io.stderr.write('qeval: warning: --cv without -o prints the figures and keeps no model; give -o model.json to keep it\n');
        const codebooks = await loadCodebooks(ctx.io, flags.codebook);
        const failures = new ReadFailures(ctx.io);
        const docs = await readDocuments(inputs, { cwd: ctx.io.cwd, root: flags.root, attributes: flags.attributes, encoding: flags.encoding, openColumns: flags.openColumns, onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`), onFailure: failures.onFailure });
        if (failures.list.length > 0 && !flags.allowFailures) {
          throw new QevalError('TRAIN_UNREADABLE_DOCUMENTS', `${counted(failures.list.length, 'document file')} could not be read (named above); a model trained without them would learn from other data than the coding describes: fix or remove them, or give --allow-failures to train on the others`);
        }
        const leftOut = new Set(failures.list.map((e) => e.place.file).filter((f): f is string => f !== undefined));
        const set = new CodebookSet(codebooks);
        const compiled = [...new Set(docs.map((d) => set.forDocument(d)))];
        if (compiled.length !== 1) {
          const langs = [...new Set(docs.map((d) => languageOf(d) ?? '?'))].sort().join(', ');
          throw new QevalError('TRAIN_SEVERAL_LANGUAGES', `the documents are in several languages (${langs}), each with its own codebook; train one model per language`);
        }
        const c = compiled[0]!;
        const foreign = docs.filter((d) => { const l = languageOf(d); return l !== undefined && l !== c.codebook.spec.language; });
        if (foreign.length > 0) {
          throw new QevalError('TRAIN_LANGUAGE_MISMATCH', `the codebook's language is "${c.codebook.spec.language}", but ${counted(foreign.length, 'document')} ${agree(foreign.length, 'is', 'are')} in "${languageOf(foreign[0]!)}" (e.g. ${foreign[0]!.id}); give the codebook of the documents' language with -c`, { file: c.codebook.file });
        }
        const unit = parseUnit(flags.unit) ?? c.codebook.spec.unit ?? 'sentence';
        const human = await readHumanCoding(path.resolve(ctx.io.cwd, coding), coding, docs, new Set(c.codebook.codes.map((x) => x.id)), flags.coder, leftOut);
        if (human.skipped > 0) ctx.io.stderr.write(`qeval: warning: ${coding}: ${counted(human.skipped, 'coded span')} of the files that could not be read ${agree(human.skipped, 'is', 'are')} left out of training\n`);
        if (human.codes.length === 0) throw new QevalError('CODING_EMPTY', 'the coding has no segments to learn from', { file: coding });
        if (human.coder.startsWith('qeval ')) ctx.io.stderr.write(`qeval: warning: ${coding}: the coder is "${human.coder}", qeval's own automatic coding; a model trained on it only imitates the rules\n`);
        const { examples, uncoded, unused } = trainingExamples(c, docs, human.codes, families, unit);
        if (unused.length > 0) ctx.io.stderr.write(`qeval: warning: ${coding}: ${counted(unused.length, 'coded span')} ${agree(unused.length, 'overlaps', 'overlap')} no coded unit (interviewer turns, headings or front matter) and ${agree(unused.length, 'is', 'are')} not used, e.g. ${unused[0]!.document} ${unused[0]!.start}-${unused[0]!.end}\n`);
        if (uncoded.length > 0) ctx.io.stderr.write(`qeval: warning: ${counted(uncoded.length, 'document')} ${agree(uncoded.length, 'has', 'have')} no human segment and ${agree(uncoded.length, 'is', 'are')} left out of training: ${uncoded.slice(0, 5).join(', ')}${uncoded.length > 5 ? ', ...' : ''}\n`);
        const documents = new Set(examples.map((e) => e.document)).size;
        if (documents < 2) throw new QevalError('TRAIN_TOO_FEW_DOCUMENTS', `only ${counted(documents, 'coded document')}; training cross-validates by holding documents out, so code at least two`, { file: coding });
        if (flags.cv && documents < 3) throw new QevalError('TRAIN_TOO_FEW_DOCUMENTS', `only ${documents} coded documents; --cv measures each fold with thresholds chosen on other documents, so it needs at least three (train without --cv, or code more documents)`, { file: coding });
        if (folds > documents) ctx.io.stderr.write(`qeval: warning: --folds ${folds} cut to ${documents}: there are only ${documents} coded documents, and a fold holds whole documents out\n`);
        if (documents < 10) ctx.io.stderr.write(`qeval: warning: only ${documents} coded documents: ${flags.cv ? 'cross-validated figures from so few documents vary a lot from fold to fold; code at least 10 before reporting them' : 'thresholds chosen on so few documents are unsteady; code at least 10, and measure with --cv'}\n`);
        const jobs = flags.jobs === undefined ? availableParallelism() : positiveNumber('--jobs', flags.jobs, true);
        if (flags.jobs !== undefined) warnJobs(ctx.io, jobs);
        const { model, workers } = await trainModelInWorkers(c, examples, { unit, families, l2, folds, seed, minPositives, coder: human.coder, crossValidate: Boolean(flags.cv) }, jobs);
        if (Object.keys(model.codes).length === 0) throw new QevalError('TRAIN_NO_CODE', `no code has ${minPositives} coded units; code more units or lower --min-positives`, { file: coding });
        const text = serializeModel(model);
        if (flags.output) await emit(ctx.io, flags.output, text);
        const cv = model.crossValidation;
        if (cv) {
          const weak = cv.model.filter((m, i) => !m.code.includes('.') && m.f1 < cv.rules[i]!.f1);
          for (const m of weak) ctx.io.stderr.write(`qeval: warning: ${m.code}: the model cross-validates below the rules alone (F1 ${(m.f1 * 100).toFixed(1)}% vs ${(cv.rules.find((r) => r.code === m.code)!.f1 * 100).toFixed(1)}%); code more units or review the coding\n`);
          ctx.io.stdout.write(renderCrossValidation(cv, flags.format));
        } else if (!flags.output) ctx.io.stdout.write(text);
        const trained = `trained ${Object.keys(model.codes).length} code classifiers on ${examples.length} units of ${documents} documents (coder ${human.coder || 'unnamed'}; ${workers === 0 ? 'in one thread' : `${workers} worker threads`})`;
        const [m, r] = cv?.summary ?? [];
        ctx.io.stderr.write(cv ? `${trained}; cross-validated top-level macro F1: model ${(m!.macroF1 * 100).toFixed(1)}%, rules ${(r!.macroF1 * 100).toFixed(1)}%\n` : `${trained}; give --cv to measure it by cross-validation\n`);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
