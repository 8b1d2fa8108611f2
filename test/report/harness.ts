// Runs qeval's CLI layer in memory with the report commands registered, like bin/ does with process streams.
import { Command, CommanderError } from 'commander';
import { isQevalError } from '../../src/model/errors.js';
import { reportCommand } from '../../src/cli/commands/report.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { swotCommand } from '../../src/cli/commands/swot.js';
import type { CliIO } from '../../src/cli/io.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Parses argv with the swot, report and run commands and returns the exit status and output. */
export async function runCli(argv: string[], cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (c: string | Uint8Array) => (stdout += String(c)), isTTY: options.tty ?? false },
    stderr: { write: (c: string | Uint8Array) => (stderr += String(c)) },
    stdin: process.stdin,
    cwd,
    env: options.env ?? {},
  };
  let status = 0;
  const program = new Command('qeval').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  const ctx = { io, setStatus: (s: number) => (status = s) };
  for (const c of [swotCommand, reportCommand, runCommand]) c.register(program, ctx);
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) status = error.exitCode === 0 ? 0 : 2;
    else if (isQevalError(error)) {
      for (const e of error.list()) stderr += `qeval: ${e.format()}\n`;
      status = error.status;
    } else throw error;
  }
  return { status, stdout, stderr };
}
