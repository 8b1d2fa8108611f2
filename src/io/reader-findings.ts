// What a reader found in a file it could read (pages without text, subtitle cues out of order), told to whoever listens.
import type { Diagnostic } from '../model/diagnostics.js';

/** The listeners of ReadOptions a reader tells its findings to. */
export interface FindingListeners {
  onDiagnostic?: (d: Diagnostic) => void;
  onWarning?: (message: string) => void;
}

/**
 * Tells a reader's finding about a file: to `onDiagnostic` as it is, else to `onWarning` as the
 * line `<file>: <message>`; to no one when neither listens.
 */
export function tellFinding(options: FindingListeners, d: Diagnostic): void {
  if (options.onDiagnostic) options.onDiagnostic(d);
  else options.onWarning?.(d.place.file === undefined ? d.message : `${d.place.file}: ${d.message}`);
}
