// `qeval codebook import`: a LIWC, quanteda/YAML or WordStat dictionary as a qeval codebook, with a report of what was left out.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { Document, isSeq, visit } from 'yaml';
import { parseCodebook } from '../../codebook/load.js';
import { DICTIONARY_FORMATS, dictionaryToCodebook, formatOfFile, readDictionary, type DictionaryFormat } from '../../codebook/import-dictionary.js';
import { decodeBytes } from '../../io/decode.js';
import { formatPlace, QevalError } from '../../model/errors.js';
import { UNIT_KINDS, type UnitKind } from '../../model/types.js';
import type { CommandContext } from '../context.js';
import { emit, outputOption } from '../options.js';

interface ImportFlags {
  format?: DictionaryFormat;
  name?: string;
  lang: string;
  unit: UnitKind;
  output?: string;
}

const FORMAT_NAMES: Record<DictionaryFormat, string> = { liwc: 'LIWC dictionary', yaml: 'YAML dictionary', wordstat: 'WordStat dictionary' };

/** The codebook as YAML: term lists on one line each, a comment saying where it came from. */
function toYaml(spec: object, from: string): string {
  const doc = new Document(spec);
  visit(doc, {
    Seq(_, node, path) {
      const parent = path.at(-1);
      if (isSeq(node) && parent && 'key' in parent && ['any', 'except'].includes(String((parent.key as { value?: unknown })?.value))) node.flow = true;
    },
  });
  doc.commentBefore = ` Imported with qeval codebook import from ${from}. Check it with: qeval codebook validate / show`;
  return doc.toString({ lineWidth: 120 });
}

/** Adds `codebook import` to the `codebook` command. */
export function importDictionaryCommand(cb: Command, ctx: CommandContext): void {
  cb.command('import')
    .description('turn a LIWC .dic, quanteda/YAML or WordStat .cat dictionary into a qeval codebook; report what cannot be carried over')
    .argument('<dictionary>', 'the dictionary file')
    .addOption(new Option('--format <format>', 'dictionary format (default: by extension: .dic liwc, .yml/.yaml yaml, .cat wordstat)').choices(DICTIONARY_FORMATS))
    .option('--name <name>', "the codebook's name (default: the file name)")
    .option('--lang <code>', 'language of the texts to code', 'en')
    .addOption(new Option('-u, --unit <unit>', 'coding unit').choices(UNIT_KINDS as string[]).default('sentence'))
    .addOption(outputOption())
    .addHelpText('after', `
Each category becomes a code (sub-categories nested) with one "any" rule of its entries; "*"
globs and multi-word entries keep their meaning. The codebook counts words as the dictionary does:
negated words count, every speaker's words count, no stemming; "?" globs become regex rules.
What cannot be carried over (LIWC conditional categories, weights, entries without letters) is
listed on stderr.

Examples:
  $ qeval codebook import my.dic -o my-codebook.yaml
  $ qeval codebook import policy.yml --lang lt --name policy -o policy.yaml
  $ qeval codebook import themes.cat -o themes.yaml && qeval code interviews -c themes.yaml`)
    .action(async (file: string, flags: ImportFlags) => {
      const format = flags.format ?? formatOfFile(file);
      if (!format) throw new QevalError('DICTIONARY_FORMAT', 'cannot tell the dictionary format from the file name; give --format liwc, yaml or wordstat', { file });
      if (!/^[a-z]{2,3}$/.test(flags.lang)) throw new QevalError('BAD_OPTION', `--lang must be an ISO 639 code such as en or lt, not "${flags.lang}"`);
      const bytes = await readFile(path.resolve(ctx.io.cwd, file));
      const dictionary = readDictionary(decodeBytes(bytes, file).text, file, format);
      const source = `${FORMAT_NAMES[format]} ${path.basename(file)}`;
      const { spec, notes } = dictionaryToCodebook(dictionary, { name: flags.name ?? path.basename(file).replace(/\.[^.]+$/, ''), language: flags.lang, unit: flags.unit, source });
      const yaml = toYaml(spec, path.basename(file));
      // The codebook must load as any other: a failure here is a bug, reported as one.
      const book = parseCodebook(yaml, flags.output ?? '<imported codebook>');
      await emit(ctx.io, flags.output, yaml);
      for (const n of notes) ctx.io.stderr.write(`qeval: warning: ${formatPlace(n.place) || file}: ${n.message}\n`);
      const terms = book.codes.reduce((n, c) => n + c.rules.reduce((m, r) => m + (r.any?.length ?? 0), 0), 0);
      const regexes = book.codes.reduce((n, c) => n + c.rules.filter((r) => r.regex !== undefined).length, 0);
      ctx.io.stderr.write(`${file}: ${book.codes.length} codes, ${terms} terms${regexes ? ` and ${regexes} regex rule${regexes === 1 ? '' : 's'}` : ''} imported; ${notes.length === 0 ? 'everything carried over' : `${notes.length} note${notes.length === 1 ? '' : 's'} above`}\n`);
      ctx.setStatus(0);
    });
}
