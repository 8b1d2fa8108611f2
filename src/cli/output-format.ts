// The output format of a single-file command from -f and the -o extension, checked before anything is read or written.
import { statSync } from 'node:fs';
import path from 'node:path';
import { QevalError } from '../model/errors.js';

/** What a file extension names (the text table and the SWOT grid are plain text: .txt). */
const EXTENSION_FORMATS: Readonly<Record<string, readonly string[]>> = {
  '.csv': ['csv'],
  '.ndjson': ['ndjson'],
  '.jsonl': ['ndjson'],
  '.json': ['json'],
  '.md': ['md'],
  '.markdown': ['md'],
  '.html': ['html'],
  '.htm': ['html'],
  '.docx': ['docx'],
  '.txt': ['table', 'grid'],
  '.qdpx': ['qdpx'],
  '.qdc': ['qdc'],
};

/** The extension to name a file of each format. */
const FORMAT_EXTENSION: Readonly<Record<string, string>> = { csv: '.csv', ndjson: '.ndjson', json: '.json', md: '.md', html: '.html', docx: '.docx', table: '.txt', grid: '.txt', qdpx: '.qdpx', qdc: '.qdc' };

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export interface OutputFormatRequest<F extends string> {
  /** The command's name, for the message (`score`). */
  command: string;
  /** The formats the command writes, in the order the message lists them. */
  formats: readonly F[];
  /** The format without -f and without a telling extension. */
  fallback: F;
  /** `-f`, if given. */
  format: F | undefined;
  /** `-o`, if given (`-` is stdout). */
  output: string | undefined;
  /** The format to suggest when the extension names none the command writes (default: -f or the fallback). */
  suggest?: F;
  /** Said after "name the file .csv" when an extension names no format (e.g. how to open it in Excel). */
  hint?: string;
  /** The current folder, to see whether -o is an existing folder (its name is no extension). */
  cwd: string;
  /** `--excel`, where the command has it: it applies to CSV alone. */
  excel?: boolean;
}

/**
 * The format to write: `-f` if given, else the one the -o extension names, else the fallback.
 * Throws QevalError BAD_OUTPUT_EXTENSION (placed at the -o file) when the extension names no format
 * the command writes, or a different one than -f. stdout (`-` or no -o) and a file without an
 * extension (or an existing folder, which the writer refuses) take -f or the fallback. Throws
 * OUTPUT_IS_DIRECTORY for an -o ending with a slash, and BAD_OPTION for `excel` with a format other than CSV.
 */
export function outputFormat<F extends string>(req: OutputFormatRequest<F>): F {
  const chosen = chooseFormat(req);
  if (req.excel && chosen !== 'csv') {
    throw new QevalError('BAD_OPTION', `--excel adds a byte-order mark to CSV for Excel, but the output is ${chosen}: leave out --excel or write CSV (-f csv)`);
  }
  return chosen;
}

function chooseFormat<F extends string>(req: OutputFormatRequest<F>): F {
  const { output, format, formats, fallback } = req;
  if (output === undefined || output === '-') return format ?? fallback;
  // "out/" names a folder: written as a file called "out", it would surprise whoever asked for it.
  if (/[\\/]$/.test(output)) throw new QevalError('OUTPUT_IS_DIRECTORY', 'names a folder (it ends with a slash); -o names the output file', { file: output });
  const ext = path.extname(output).toLowerCase();
  if (ext === '' || isDirectory(path.resolve(req.cwd, output))) return format ?? fallback;
  const named = (EXTENSION_FORMATS[ext] ?? []).filter((f): f is F => (formats as readonly string[]).includes(f));
  const writes = `qeval ${req.command} writes ${orList(formats)}`;
  if (named.length === 0) {
    const suggested = FORMAT_EXTENSION[format ?? req.suggest ?? fallback] ?? '';
    throw new QevalError('BAD_OUTPUT_EXTENSION', `${writes}; name the file ${suggested}${format === undefined && req.hint ? ` ${req.hint}` : ''}`, { file: output });
  }
  if (format !== undefined && !named.includes(format)) {
    throw new QevalError('BAD_OUTPUT_EXTENSION', `-f ${format} contradicts the ${ext} extension; name the file ${FORMAT_EXTENSION[format] ?? ''} or leave out -f`, { file: output });
  }
  return format ?? named[0]!;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
