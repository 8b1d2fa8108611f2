// The command registry: one entry per subcommand module, in help order.
import type { CommandModule } from '../context.js';
import { agreeCommand } from './agree.js';
import { codeCommand } from './code.js';
import { codebookCommand } from './codebook.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { kwicCommand } from './kwic.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { stemCommand } from './stem.js';
import { swotCommand } from './swot.js';
import { termsCommand } from './terms.js';
import { textCommand } from './text.js';
import { trainCommand } from './train.js';

export const commands: readonly CommandModule[] = [runCommand, codeCommand, swotCommand, reportCommand, trainCommand, agreeCommand, exportCommand, importCommand, codebookCommand, termsCommand, kwicCommand, textCommand, stemCommand];
