// `qeval codebook validate|show|export|test`: check, view and publish a codebook.
import path from 'node:path';
import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { loadCodebookFile } from '../../io/load-codebook.js';
import { formatPlace, isQevalError, QevalError } from '../../model/errors.js';
import { loadModels } from '../../io/load-model.js';
import { checkExamples } from '../../codebook/check-examples.js';
import { codebookToMarkdown, describeFlag, describeIndex, describeRule } from '../../render/codebook.js';
import type { Codebook } from '../../codebook/types.js';
import type { ModelSource } from '../../engine/code-many.js';
import type { CommandContext, CommandModule } from '../context.js';
import { emit, outputOption } from '../options.js';
import { outputFormat } from '../output-format.js';
import { importDictionaryCommand } from './codebook-import.js';

async function load(ctx: CommandContext, file: string): Promise<Codebook> {
  return loadCodebookFile(path.resolve(ctx.io.cwd, file), file);
}

export const codebookCommand: CommandModule = {
  register(program: Command, ctx: CommandContext) {
    const cb = program.command('codebook').description('validate, show, export and test codebooks; import dictionaries');

    cb.command('validate')
      .description('check codebooks against the schema and the id, lexicon and rule checks; exit 1 if invalid')
      .argument('<files...>', 'codebook YAML files')
      .addHelpText('after', '\nExample:\n  $ qeval codebook validate codebooks/swot.yaml')
      .action(async (files: string[]) => {
        let status = 0;
        for (const file of files) {
          try {
            const book = await load(ctx, file);
            const rules = book.codes.reduce((n, c) => n + c.rules.length, 0);
            ctx.io.stdout.write(`${file}: valid (${book.codes.length} codes, ${rules} rules)\n`);
          } catch (e) {
            if (!isQevalError(e) || e.code === 'CODEBOOK_UNREADABLE') throw e;
            for (const err of e.list()) ctx.io.stderr.write(`qeval: ${err.format()}\n`);
            status = 1;
          }
        }
        ctx.setStatus(status);
      });

    cb.command('show')
      .description('print the code tree with definitions and rules as a table')
      .argument('<file>', 'codebook YAML')
      .option('--no-rules', 'leave out each code\'s rules (the tree, labels and examples only)')
      .addHelpText('after', '\nExample:\n  $ qeval codebook show codebooks/swot.yaml')
      .action(async (file: string, flags: { rules: boolean }) => {
        const book = await load(ctx, file);
        const width = Math.max(100, (ctx.io.stdout as { columns?: number }).columns ?? 140);
        const table = new Table({
          head: ['code', 'label', 'quadrant', ...(flags.rules ? ['rules'] : []), 'examples'],
          colWidths: [34, 28, 12, ...(flags.rules ? [Math.max(30, width - 90)] : []), 10],
          wordWrap: true,
          style: { head: [], border: [] },
        });
        for (const code of book.codes) {
          table.push([`${'  '.repeat(code.depth)}${code.id}`, code.label, code.quadrant ?? '', ...(flags.rules ? [code.rules.map((r) => describeRule(r)).join('\n') || '(none)'] : []), `${code.examples.length}/${code.counter_examples.length}`]);
        }
        const spec = book.spec;
        const scores = [
          ...(spec.indices ?? []).map((ix) => `  index ${ix.id} (${ix.label}): ${describeIndex(ix)}\n`),
          ...(spec.flags ?? []).map((f) => `  flag ${f.id} (${f.label}): when ${describeFlag(f)}\n`),
        ];
        const scoreText = scores.length > 0 ? `Scores (qeval score):\n${scores.join('')}` : '';
        await emit(ctx.io, undefined, `${spec.title ?? spec.codebook} ${spec.version} (${spec.language}, unit: ${spec.unit ?? 'sentence'})\n${table.toString()}\n${scoreText}`);
        ctx.setStatus(0);
      });

    cb.command('export')
      .description('write the codebook as a human-readable appendix')
      .argument('<file>', 'codebook YAML')
      .addOption(new Option('-f, --format <format>', 'output format (default: md, or the one the -o extension names: .md, .json)').choices(['md', 'json']))
      .addOption(outputOption())
      .addHelpText('after', '\nExample:\n  $ qeval codebook export codebooks/swot.yaml --format md -o codebook-appendix.md')
      .action(async (file: string, flags: { format: 'md' | 'json'; output?: string }) => {
        flags.format = outputFormat({ command: 'codebook export', formats: ['md', 'json'] as const, fallback: 'md', format: flags.format as 'md' | 'json' | undefined, output: flags.output, cwd: ctx.io.cwd });
        const book = await load(ctx, file);
        const text = flags.format === 'md' ? codebookToMarkdown(book) : `${JSON.stringify(book.spec, null, 2)}\n`;
        await emit(ctx.io, flags.output, text);
        ctx.setStatus(0);
      });

    importDictionaryCommand(cb, ctx);

    cb.command('test')
      .description("code every code's examples and counter-examples; exit 1 if any is coded wrongly")
      .argument('<files...>', 'codebook YAML files')
      .option('-v, --verbose', 'list passing examples too')
      .option('--model [file]', "code the examples as `qeval code` does, with the codebook's model (or this one) beside the rules, in the model's unit")
      .addHelpText('after', '\nExamples:\n  $ qeval codebook test codebooks/swot.yaml codebooks/swot.lt.yaml\n  $ qeval codebook test codebooks/swot.lt.yaml --model')
      .action(async (files: string[], flags: { verbose?: boolean; model?: string | true }) => {
        // Every codebook and model is loaded and checked before anything is written: an error leaves no partial listing.
        const books = await Promise.all(files.map((file) => load(ctx, file)));
        const models = flags.model === undefined ? [] : await loadModels(ctx.io.cwd, books, flags.model === true ? undefined : [flags.model]);
        const belongs = (m: ModelSource, b: Codebook) => m.model.codebook.name === b.spec.codebook && m.model.codebook.language === b.spec.language;
        if (typeof flags.model === 'string' && !books.some((b) => belongs(models[0]!, b))) {
          const m = models[0]!.model.codebook;
          throw new QevalError('MODEL_CODEBOOK_MISMATCH', `the model was trained for codebook ${m.name} (${m.language}), which is none of the codebooks given; give its codebook, or another model`, { file: flags.model });
        }
        const own = books.map((b, i) => {
          const m = models.find((x) => belongs(x, b));
          if (flags.model !== undefined && m === undefined) {
            throw new QevalError('MODEL_NOT_GIVEN', 'the codebook names no model (`model:`); give one with --model FILE, or test its rules alone without --model', { file: files[i] });
          }
          return m;
        });
        const reports = books.map((b, i) => checkExamples(b, own[i] ? [own[i]] : []));
        let failed = 0;
        books.forEach((book, i) => {
          const file = files[i]!;
          const report = reports[i]!;
          const model = own[i];
          for (const r of flags.verbose ? report.results : report.failures) {
            const place = book.places.get(`${r.code}:${r.kind === 'example' ? 'examples' : 'counter_examples'}:${r.index}`) ?? { file };
            const got = r.got.length ? r.got.map((g) => `${g.code} [${g.rule === null && model ? 'model' : g.matched.join(', ')}]${g.probability === undefined ? '' : ` p = ${g.probability.toFixed(2)}`}`).join('; ') : 'no codes';
            const which = r.kind === 'example' ? `example ${r.index + 1}` : `counter-example ${r.index + 1}`;
            const what = r.passed ? `${which} coded as expected` : `${which} ${r.kind === 'example' ? 'is not coded' : 'is coded'} "${r.code}"`;
            ctx.io.stdout.write(`${formatPlace(place)}: ${r.passed ? 'ok' : 'FAIL'}: ${what}: "${r.text}" -> ${got}\n`);
          }
          const ex = report.results.filter((r) => r.kind === 'example').length;
          const cx = report.results.length - ex;
          const how = model ? ` (rules and model ${model.file}, ${model.model.unit} units)` : '';
          ctx.io.stdout.write(`${file}: ${ex} examples, ${cx} counter-examples, ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'}${how}\n`);
          failed += report.failures.length;
        });
        ctx.setStatus(failed > 0 ? 1 : 0);
      });
  },
};
