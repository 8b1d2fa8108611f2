// Diagnostics as data: findings that do not stop a run (warnings, notes), with a stable id and a place; the CLI words them as stderr lines.
import { escapeControls } from './errors.js';

/** Where a diagnostic points: a document or input file, and where known a 0-based offset (code points) into its normalized text. */
export interface DiagnosticPlace {
  file?: string;
  offset?: number;
}

/** How much a diagnostic matters: a `warning` may change the results; `info` does not. */
export type Severity = 'warning' | 'info';

/**
 * A finding of the library that does not stop the run. `id` is stable (e.g. LANGUAGE_DETECTED) so
 * programs and the CLI can react to it; `message` is written for people and names no command-line
 * flag (the CLI adds those as hints, keyed by id); `data` carries the facts the message states, for
 * callers that word or aggregate them themselves.
 */
export interface Diagnostic {
  id: string;
  severity: Severity;
  message: string;
  place: DiagnosticPlace;
  data?: Record<string, unknown>;
}

/** A warning diagnostic (place `{}` when it concerns no one file). */
export function warning(id: string, message: string, place: DiagnosticPlace = {}, data?: Record<string, unknown>): Diagnostic {
  return data === undefined ? { id, severity: 'warning', message, place } : { id, severity: 'warning', message, place, data };
}

/**
 * The stderr line of a diagnostic (without the `qeval: ` prefix and newline):
 * `warning: <file>: <message>[; <hint>]`, leaving out the file when there is none. The offset is
 * not shown (lines stay as they were before diagnostics carried it). Control characters are escaped.
 */
export function formatDiagnostic(d: Diagnostic, hint?: string): string {
  const where = d.place.file !== undefined ? `${d.place.file}: ` : '';
  // One line, whatever the file names it quotes hold (a newline in a name is written \n).
  return escapeControls(`${d.severity}: ${where}${d.message}${hint ? `; ${hint}` : ''}`);
}
