// The CLI's side of diagnostics: the library's findings written as `qeval: warning: ...` lines, with the flag hints only the CLI knows.
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import type { CliIO } from './io.js';
import { NAMED_OUTPUT_HINT } from '../model/output-marks.js';

/** What to do about a finding, by diagnostic id, naming the command-line flags (library messages name none). */
export const FLAG_HINTS: Readonly<Record<string, string>> = {
  NOT_A_SURVEY: 'name the file itself to code it as one',
  QEVAL_OUTPUT: 'name the file itself to code it anyway',
  QEVAL_OUTPUT_NAMED: NAMED_OUTPUT_HINT,
  QUESTIONER: 'if they are the interviewer, name them with --interviewer LABEL (or the codebook\'s speakers: interviewer list)',
  LANGUAGE_UNCOVERED: 'give one with -c',
  ATTRIBUTES_UNMATCHED: 'document ids are paths relative to --root',
  SEGMENTS_WITHOUT_ATTRIBUTES: 'pass --attributes CSV to group them by organization',
};

/** Writes each diagnostic as one `qeval: <severity>: [<file>: ]<message>[; <hint>]` line on stderr, the hint from `hints` by id (default FLAG_HINTS). */
export function writeDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[], hints: Readonly<Record<string, string>> = FLAG_HINTS): void {
  for (const d of diagnostics) io.stderr.write(`qeval: ${formatDiagnostic(d, hints[d.id])}\n`);
}
