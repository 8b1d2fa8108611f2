// `qeval text`: prints the text qeval codes for a document (the text segment offsets index), e.g. what it read from a PDF.
import { readDocuments } from '../../io/read-documents.js';
import type { CommandModule } from '../context.js';
import { documentKinds, encodingOption, emit, openColumnsOption } from '../options.js';
import { readStdin } from '../io.js';
import { allowFailuresOption, ReadFailures } from '../failures.js';

interface TextFlags {
  encoding?: string;
  openColumns?: string[];
  root?: string;
  output?: string;
  allowFailures?: boolean;
}

export const textCommand: CommandModule = {
  register(program, ctx) {
    program
      .command('text')
      .description('print the text qeval codes for documents: what it read from a .docx, .odt, .pdf, .vtt or .srt, whose offsets segments use')
      .argument('<inputs...>', `documents: files (${documentKinds()}), folders, globs or - (standard input)`)
      .addOption(encodingOption())
      .addOption(openColumnsOption())
      .option('--root <dir>', 'document ids are paths relative to this folder (default: current folder)')
      .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
      .addOption(allowFailuresOption())
      .addHelpText('after', `
One document is printed exactly as qeval codes it: a segment's start and end (code points)
index this text, and its line is a line of it. For several documents (a folder, a survey CSV),
each is preceded by a line "==> <document id> <==", and page breaks of PDFs are not marked.
A file that cannot be read is named on stderr and left out; the others are printed (exit 2
unless --allow-failures).

Examples:
  $ qeval text report.pdf | less
  $ qeval text meeting.vtt -o meeting.txt
  $ pdftotext report.pdf - | qeval text -`)
      .action(async (inputs: string[], flags: TextFlags) => {
        const failures = new ReadFailures(ctx.io);
        const docs = await readDocuments(inputs, { cwd: ctx.io.cwd, root: flags.root, encoding: flags.encoding, openColumns: flags.openColumns, stdin: () => readStdin(ctx.io), onWarning: (m) => ctx.io.stderr.write(`qeval: warning: ${m}\n`), onFailure: failures.onFailure });
        const [only] = docs;
        // With a file left out, the one document read still gets its "==>" line: the output says whose text it is.
        const text = docs.length === 1 && only && failures.list.length === 0 ? only.text : docs.map((d) => `==> ${d.id} <==\n${d.text}${d.text.endsWith('\n') ? '' : '\n'}`).join('\n');
        await emit(ctx.io, flags.output, text);
        await failures.writeBeside(flags.output);
        ctx.setStatus(failures.status(flags.allowFailures));
      });
  },
};
