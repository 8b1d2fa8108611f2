// Parsing of the report options shared by `qeval swot`, `qeval report` and `qeval run`, with helpful errors.
import { QevalError } from '../model/errors.js';
import { DEFAULT_FORMATS, REPORT_FORMATS, type ReportFormat } from '../report/files.js';
import { LANGS, isLang, type Lang } from '../report/i18n.js';

export function parseTop(value: string | undefined, fallback = 3): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new QevalError('BAD_TOP', `--top must be a whole number from 1 to 50, not "${value}"`);
  return n;
}

/** `en` or `en,lt` -> languages, in the order given, without repeats. */
export function parseLangs(value: string | undefined, fallback: Lang[] = ['en']): Lang[] {
  if (value === undefined) return fallback;
  const list = [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  for (const l of list) if (!isLang(l)) throw new QevalError('BAD_LANG', `unknown report language "${l}"; use ${LANGS.join(', ')}`);
  if (list.length === 0) throw new QevalError('BAD_LANG', `--lang needs a language: ${LANGS.join(', ')}`);
  return list as Lang[];
}

/** `md,html` -> formats, in canonical order; md, html and json when none are given (docx when asked). */
export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...DEFAULT_FORMATS];
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  for (const f of list) if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new QevalError('BAD_FORMAT', `unknown report format "${f}"; use a comma-separated list of ${REPORT_FORMATS.join(', ')}`);
  if (list.length === 0) throw new QevalError('BAD_FORMAT', `--format needs at least one of ${REPORT_FORMATS.join(', ')}`);
  return REPORT_FORMATS.filter((f) => list.includes(f));
}
