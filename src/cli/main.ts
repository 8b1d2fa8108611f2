// The CLI layer: parses arguments, runs a command and turns errors into one line and an exit status.
import { Command, CommanderError } from 'commander';
import path from 'node:path';
import { isQevalError, QevalError } from '../model/errors.js';
import { forgetInputFiles, OUTPUT_ERROR_CODES } from '../io/write.js';
import { QEVAL_VERSION } from '../version.js';
import { commands } from './commands/index.js';
import type { CliIO } from './io.js';

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let status = 0;
  const debug = argv.includes('--debug');
  // The inputs no output may replace are this command's (see noteInputFile).
  forgetInputFiles();
  const program = new Command('qeval');
  program
    .description('Qualitative evaluation toolkit: code transcripts with a YAML codebook and write SWOT reports.')
    .version(QEVAL_VERSION, '-V, --version', 'print the qeval version')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: usageError('qeval --help'),
    });
  const ctx = { io, setStatus: (s: number) => { status = s; } };
  // Only the command that runs is loaded; the others are listed by name and summary (qeval --help).
  const chosen = chosenCommand(argv);
  // `qeval help scroe`: commander would print the whole help as the error.
  if (argv[0] === 'help' && chosen !== undefined && chosen !== 'help' && !commands.some((c) => c.name === chosen)) {
    io.stderr.write(`qeval: unknown command '${chosen}' (see qeval --help)\n`);
    return 2;
  }
  for (const command of commands) {
    if (command.name === chosen) (await command.load()).register(program, ctx);
    else program.command(`${command.name}${command.args ? ` ${command.args}` : ''}`).description(command.summary);
  }
  // A command's usage errors point to its own help, where its options are described.
  const pointToHelp = (c: Command, name: string): void => {
    c.exitOverride().configureOutput({ outputError: usageError(`${name} --help`) });
    c.commands.forEach((sub) => pointToHelp(sub, `${name} ${sub.name()}`));
  };
  program.commands.forEach((c) => pointToHelp(c, `qeval ${c.name()}`));

  try {
    refuseConflicts(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isQevalError(error)) {
      for (const e of error.list()) io.stderr.write(`qeval: ${asTyped(e, io.cwd).format()}\n`);
      return error.status;
    }
    const err = error as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && typeof err.path === 'string') {
      io.stderr.write(`qeval: ${err.path}: ${describeSystemError(err)}\n`);
      return 2;
    }
    io.stderr.write(`qeval: internal error: ${err?.message ?? String(error)} (this is a bug; rerun with --debug)\n`);
    if (debug && err?.stack) io.stderr.write(`${err.stack}\n`);
    return 3;
  }
}

/**
 * Commander's usage errors as one line (DESIGN: one line each): `qeval: unknown option '--sortt'
 * (Did you mean --sort?) (see qeval score --help)`, its suggestion joined to the message.
 */
function usageError(help: string): (message: string, write: (s: string) => void) => void {
  return (message, write) => write(message.startsWith('error:') ? `qeval: ${message.slice(7).trim().replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')} (see ${help})\n` : message);
}

/**
 * An output error names its file as the user would type it: relative to the working folder when it
 * lies inside it (the writers work with absolute paths), else absolute.
 */
function asTyped(e: QevalError, cwd: string): QevalError {
  const file = e.place.file;
  if (!OUTPUT_ERROR_CODES.has(e.code) || file === undefined || !path.isAbsolute(file)) return e;
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return e;
  return new QevalError(e.code, e.message, { ...e.place, file: relative }, e.status);
}

/** The subcommand named on the command line (`qeval help <command>` included), if any. */
function chosenCommand(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

function describeSystemError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory, expected a file';
    case 'ENOTDIR': return 'not a directory';
    default: return err.message;
  }
}

/**
 * Options that contradict each other, refused before anything runs: `--model` and `--no-model`
 * (which would otherwise be decided by their order). Throws QevalError BAD_OPTION.
 */
function refuseConflicts(argv: readonly string[]): void {
  const until = argv.indexOf('--');
  const options = until < 0 ? argv : argv.slice(0, until);
  if (options.includes('--no-model') && options.some((a) => a === '--model' || a.startsWith('--model='))) {
    throw new QevalError('BAD_OPTION', '--model and --no-model contradict each other: give one of them');
  }
}
