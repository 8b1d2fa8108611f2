// Speaker labels at the start of a transcript line: `Name:`, `R1:`, `[Name]`, `**Name:**`, `Speaker 1  0:05` on its own line.

/** Labels that mark interviewer turns unless a codebook or the command line says otherwise. */
export const DEFAULT_INTERVIEWER_LABELS: readonly string[] = [
  'interviewer', 'interviewer a', 'interviewer b', 'int', 'i', 'q', 'moderator', 'facilitator', 'researcher',
  'klausėja', 'klausėjas', 'k', 'tyrėja', 'tyrėjas', 'interviuotoja', 'interviuotojas', 'moderatorė', 'moderatorius',
];

/**
 * Words that open lines as `Word:` in documents (headers of reports and e-mails) but never name a
 * speaker; they are not turned into speakers because another line of the same form is one.
 */
export const NOT_SPEAKER_LABELS: ReadonlySet<string> = new Set([
  'date', 'time', 'place', 'location', 'venue', 'duration', 'length', 'note', 'notes', 'nb', 'title', 'subject', 'topic',
  're', 'from', 'to', 'cc', 'bcc', 'sent', 'attachment', 'attachments', 'source', 'transcript', 'transcribed by', 'recording',
  'organization', 'organisation', 'project', 'programme', 'program', 'language', 'keywords', 'summary', 'example', 'e.g', 'total',
  'data', 'laikas', 'vieta', 'trukmė', 'pastaba', 'pastabos', 'tema', 'kam', 'nuo', 'organizacija', 'projektas', 'kalba', 'pavyzdys',
]);

/**
 * How a label is written. A document read as a transcript turns every line opening with a label of
 * one of its speakers' forms into a turn.
 * - `colon`: `Name: text`, `R1: text`, `Interviewer (A.K.): text`, also alone on its line (`Name:`)
 * - `bracket`: `[Name] text`
 * - `emphasis`: `**Name:** text` (Markdown bold)
 * - `line`: a label and a time code alone on a line (`Speaker 1  0:05`, `00:01:05 Ann Lee`), the
 *   words on the following lines, as meeting and transcription services export them
 */
export type LabelForm = 'colon' | 'bracket' | 'emphasis' | 'line';

export interface LabelMatch {
  /** The speaker label as written, without brackets, colon, time code or emphasis. */
  label: string;
  /** Length (UTF-16) of the label prefix including punctuation, time codes and the following spaces. */
  length: number;
  bracketed: boolean;
  form: LabelForm;
  /** True when the label (with its time code) is the whole line: the turn's words start on the next line. */
  ownLine: boolean;
  /** The time code written before or after the label (`0:05`, `00:01:05`), if any. */
  time?: string;
}

// Space separators (no-break, narrow no-break, thin, figure ...) and invisible format characters
// (zero-width space/joiner, soft hyphen) count as the spaces between a label and its words.
const SP = '[\\t\\p{Zs}\\p{Cf}]';
const TIME = '(?:\\d{1,2}:)?\\d{1,2}:\\d{2}(?:[.,]\\d{1,3})?';
const TIMECODE = `(?:\\[${TIME}\\]|\\(${TIME}\\)|${TIME})`;
// A time code before the label ("[00:01:05] Interviewer: ...", "(12:30) Q: ...", "0:05 - Ann: ...") is skipped.
const TIMESTAMP = new RegExp(`^${TIMECODE}(?:${SP}*[-–—|]${SP}*|${SP}+)`, 'u');
// Non-verbal notes before a label ("[laughs] R1: ...") are skipped too.
const NONVERBAL = new RegExp(`^\\[\\p{Ll}[^\\]\\n]{0,30}\\]${SP}*`, 'u');
// A time code right after the label (`Ann [00:01:05]: ...`).
const TIME_AFTER = `(?:${SP}+(?<after>${TIMECODE}))?`;
// Bracketed labels start with a capital: "[laughs]" and "[pause]" are not speakers.
const BRACKET = new RegExp(`^\\[(\\p{Lu}[^\\]\\n]{0,39})\\]:?${SP}+`, 'u');
const EMPHASIS = new RegExp(`^\\*\\*([^*\\n]{1,40}?)(?:${SP}*\\((?<qualifier>[^)\\n]{1,30})\\))?${TIME_AFTER}:\\*\\*${SP}*`, 'u');
const NAME = `\\p{Lu}[\\p{L}\\p{M}\\p{N}\\p{Zs}\\p{Cf}.'’_-]{0,38}?`;
// "Name:", "R1:", "Q:" and "Interviewer (A.K.):" (the qualifier is not part of the label).
const COLON = new RegExp(`^(${NAME}|\\p{Lu})(?:${SP}*\\((?<qualifier>[^)\\n]{1,30})\\))?${TIME_AFTER}${SP}*:(?:${SP}+|$)`, 'u');
// A label and a time code alone on a line, either way round: "Speaker 1  0:05", "[00:01:05] Ann Lee".
const LINE_LABEL_TIME = new RegExp(`^(${NAME})${SP}+(${TIMECODE})${SP}*$`, 'u');
const LINE_TIME_LABEL = new RegExp(`^(${TIMECODE})${SP}+(${NAME})${SP}*$`, 'u');
// A time code at the start of a turn's words ("Ann: [00:01:05] Yes.") is not part of them.
const LEADING_TIME = new RegExp(`^${TIMECODE}${SP}+`, 'u');

// A label alone on its line must look like a name: up to three words, each capitalized or a number.
const NAME_LIKE = /^(?:[\p{Lu}\p{N}][^\s]*)(?: [\p{Lu}\p{N}(][^\s]*){0,2}$/u;

const bare = (time: string | undefined) => time?.replace(/^[[(]|[\])]$/g, '');

/** Recognizes a speaker label at the start of `line` (one line, without its line break). */
export function matchLabel(line: string): LabelMatch | undefined {
  const own = matchOwnLine(line);
  if (own) return own;
  let skip = 0;
  let time: string | undefined;
  for (let m = TIMESTAMP.exec(line) ?? NONVERBAL.exec(line); m; m = TIMESTAMP.exec(line.slice(skip)) ?? NONVERBAL.exec(line.slice(skip))) {
    if (m[0].startsWith('[') && !/\d/.test(m[0][1] ?? '')) skip += m[0].length;
    else {
      time ??= bare(/^[[(]?([\d:.,]+)/.exec(m[0])?.[1]);
      skip += m[0].length;
    }
  }
  const rest = skip > 0 ? line.slice(skip) : line;
  const found = matchAt(rest);
  if (!found) return undefined;
  let length = skip + found.length;
  const after = LEADING_TIME.exec(line.slice(length));
  if (after) {
    time ??= bare(after[0].trim());
    length += after[0].length;
  }
  const t = time ?? found.time;
  // Built field by field, not by spreading `found` and overwriting its length: V8 gives each object
  // so cloned a hidden class of its own, and a transcript keeps one match per turn (some 40,000 extra
  // classes, 10 MB, in a 10 MB transcript).
  const match: LabelMatch = { label: found.label, length, bracketed: found.bracketed, form: found.form, ownLine: length >= trimmedLength(line) };
  if (t) match.time = t;
  return match;
}

function matchAt(rest: string): Omit<LabelMatch, 'ownLine'> | undefined {
  let m = BRACKET.exec(rest);
  if (m?.[1]) return { label: m[1].trim(), length: m[0].length, bracketed: true, form: 'bracket' };
  m = EMPHASIS.exec(rest);
  if (m?.[1]) return withTime({ label: clean(m[1]), length: m[0].length, bracketed: false, form: 'emphasis' }, timeOf(m.groups));
  m = COLON.exec(rest);
  if (m?.[1]) {
    const label = clean(m[1]);
    // A sentence's first clause is not a speaker: cap the label at 4 words.
    if (label === '' || label.split(/\s+/u).length > 4) return undefined;
    // Alone on its line ("Maria:"), a label must look like a name, not like a list's lead-in ("Our services:").
    if (m[0].length >= trimmedLength(rest) && !NAME_LIKE.test(label)) return undefined;
    return withTime({ label, length: m[0].length, bracketed: false, form: 'colon' }, timeOf(m.groups));
  }
  return undefined;
}

function matchOwnLine(line: string): LabelMatch | undefined {
  let label: string | undefined;
  let time: string | undefined;
  let m = LINE_LABEL_TIME.exec(line);
  if (m) [label, time] = [m[1], m[2]];
  else if ((m = LINE_TIME_LABEL.exec(line))) [time, label] = [m[1], m[2]];
  if (label === undefined || time === undefined) return undefined;
  label = clean(label);
  if (label === '' || label.split(/\s+/u).length > 4 || /[.]$/.test(label) || !NAME_LIKE.test(label)) return undefined;
  return { label, length: line.length, bracketed: false, form: 'line', ownLine: true, time: bare(time) as string };
}

// A qualifier that is a time code (`Anna (00:01:05): ...`) is the turn's time.
const QUALIFIER_TIME = new RegExp(`^${TIME}$`, 'u');

function timeOf(groups: Record<string, string | undefined> | undefined): string | undefined {
  const q = groups?.qualifier?.trim();
  return groups?.after ?? (q !== undefined && QUALIFIER_TIME.test(q) ? q : undefined);
}

function withTime(m: Omit<LabelMatch, 'ownLine'>, time: string | undefined): Omit<LabelMatch, 'ownLine'> {
  // Set on the fresh match, not spread into a copy (see matchLabel).
  if (time) m.time = bare(time) as string;
  return m;
}

function clean(label: string): string {
  return label.replace(/\p{Cf}/gu, '').replace(/\p{Zs}+/gu, ' ').trim();
}

function trimmedLength(line: string): number {
  let end = line.length;
  while (end > 0 && /[\s\p{Cf}]/u.test(line[end - 1] as string)) end--;
  return end;
}

/** A label's key for comparison: NFC, lower case, one plain space between words, no format characters. */
export function normalizeLabel(label: string): string {
  // A transcript repeats a few labels on every turn: their keys are remembered (up to 1,000 labels).
  let key = labelKeys.get(label);
  if (key === undefined) {
    key = label.normalize('NFC').replace(/\p{Cf}/gu, '').toLowerCase().replace(/[\s\p{Zs}]+/gu, ' ').trim();
    if (labelKeys.size >= 1000) labelKeys.clear();
    labelKeys.set(label, key);
  }
  return key;
}

const labelKeys = new Map<string, string>();
