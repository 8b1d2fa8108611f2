// What every command receives: the I/O surface and a way to report its exit status.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

export interface CommandContext {
  io: CliIO;
  /** Records the status returned by a command's action (0 success, 1 failed check). */
  setStatus(status: number): void;
}

/** A command module: adds its subcommand(s), options and usage text to the program. */
export interface CommandModule {
  register(program: Command, ctx: CommandContext): void;
}
