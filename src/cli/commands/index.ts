// The command registry: one entry per subcommand module, in help order.
import type { CommandModule } from '../context.js';
import { codeCommand } from './code.js';
import { codebookCommand } from './codebook.js';
import { stemCommand } from './stem.js';

export const commands: readonly CommandModule[] = [codeCommand, codebookCommand, stemCommand];
