// `qeval stem`: prints the stem of each word, to check how a codebook's words will be matched.
import type { Command } from 'commander';
import { getStemmer, stemLanguages } from '../../lang/stemmers.js';
import { QevalError } from '../../model/errors.js';
import type { CommandContext, CommandModule } from '../context.js';
import { readStdin } from '../io.js';

const USAGE_EXAMPLES = `
Words are lowercased before stemming. Without words, reads them from stdin
(one per line or separated by any whitespace) and prints one stem per line.

Examples:
  $ qeval stem --lang lt prekyba prekybos aukoms
  prekyb
  prekyb
  auk
  $ tr -s '[:space:][:punct:]' '\\n' < interview.txt | qeval stem --lang en | sort | uniq -c
`;

interface StemOptions {
  lang: string;
}

export const stemCommand: CommandModule = {
  register(program: Command, ctx: CommandContext) {
    program
      .command('stem')
      .description('print the stem of each word (en: Porter, lt: Snowball Lithuanian)')
      .requiredOption('--lang <code>', `language of the words: ${stemLanguages.join(', ')}`)
      .argument('[words...]', 'words to stem (default: read from stdin)')
      .addHelpText('after', USAGE_EXAMPLES)
      .action(async (words: string[], options: StemOptions) => {
        const stem = getStemmer(options.lang);
        if (stem === undefined) {
          throw new QevalError(
            'UNKNOWN_LANGUAGE',
            `unknown language "${options.lang}"; use one of: ${stemLanguages.join(', ')}`,
            {},
            2,
          );
        }
        const input = words.length > 0 ? words : splitWords(decodeUtf8(await readStdin(ctx.io)));
        const stems = input.map((word) => stem(word.normalize('NFC').toLowerCase()));
        if (stems.length > 0) ctx.io.stdout.write(`${stems.join('\n')}\n`);
        ctx.setStatus(0);
      });
  },
};

/** Decodes stdin as UTF-8 (dropping a BOM); anything else is an input error, not silently mangled text. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new QevalError(
      'INVALID_ENCODING',
      'stdin is not valid UTF-8; convert it first, e.g. iconv -f WINDOWS-1257 -t UTF-8',
      { file: '<stdin>' },
      2,
    );
  }
}

function splitWords(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}
