// Diagnostics: one error type with a stable code, a place and a sentence written once.

/** A place in an input file. `line` and `column` are 1-based (column counts code points). */
export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * An error the user can act on. The CLI prints it as one line,
 * `qeval: <file>[:<line>:<column>]: <message>`, and exits with `status` (2 for bad input or usage,
 * 1 for a check the user asked for that failed).
 */
export class QevalError extends Error {
  readonly code: string;
  readonly place: Place;
  readonly status: 1 | 2;
  /** Further errors found in the same pass (e.g. every schema violation of a codebook). */
  readonly others: QevalError[];

  constructor(code: string, message: string, place: Place = {}, status: 1 | 2 = 2, others: QevalError[] = []) {
    super(message);
    this.name = 'QevalError';
    this.code = code;
    this.place = place;
    this.status = status;
    this.others = others;
  }

  /** One error standing for several: the first, carrying the rest. */
  static all(errors: QevalError[]): QevalError {
    const [first, ...rest] = errors;
    if (!first) throw new Error('QevalError.all needs at least one error');
    return new QevalError(first.code, first.message, first.place, first.status, rest);
  }

  /** This error and the ones it carries, in order. */
  list(): QevalError[] {
    return [this, ...this.others];
  }

  withStatus(status: 1 | 2): QevalError {
    return new QevalError(this.code, this.message, this.place, status, this.others);
  }

  /** `file:line:column: message`, leaving out the parts that are unknown; one line (control characters, as a file name's newline in the message, escaped). */
  format(): string {
    const where = formatPlace(this.place);
    const message = escapeControls(this.message);
    return where ? `${where}: ${message}` : message;
  }
}

/** `text` with its control characters (code points below 32, and 127) written as JSON escapes, so that a message naming files stays one line. */
export function escapeControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    out += code < 32 ? JSON.stringify(c).slice(1, -1) : code === 127 ? '\\u007f' : c;
  }
  return out;
}

/**
 * `file:line:column`, leaving out the parts that are unknown ('' without a file). Control characters
 * in a file name (a newline) are written escaped (`\n`, `\u0007`), so an error stays one line.
 */
export function formatPlace({ file, line, column }: Place): string {
  let where = file === undefined ? '' : escapeControls(file);
  if (file !== undefined && line !== undefined) where += `:${line}`;
  if (file !== undefined && line !== undefined && column !== undefined) where += `:${column}`;
  return where;
}

export function isQevalError(value: unknown): value is QevalError {
  return value instanceof QevalError;
}
