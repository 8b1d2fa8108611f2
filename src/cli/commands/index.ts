// The command registry: one entry per subcommand module, in help order.
import type { CommandModule } from '../context.js';
import { codeCommand } from './code.js';
import { codebookCommand } from './codebook.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { scoreCommand } from './score.js';
import { runCommand } from './run.js';
import { stemCommand } from './stem.js';
import { swotCommand } from './swot.js';
import { termsCommand } from './terms.js';
import { trainCommand } from './train.js';

export const commands: readonly CommandModule[] = [runCommand, codeCommand, swotCommand, reportCommand, scoreCommand, mergeCommand, trainCommand, codebookCommand, termsCommand, stemCommand];
