// Speaker labels at the start of a transcript line: `Name:`, `R1:`, `[Name]`, `**Name:**`, `Q:`/`A:`.

/** Labels that mark interviewer turns unless a codebook or the command line says otherwise. */
export const DEFAULT_INTERVIEWER_LABELS: readonly string[] = [
  'interviewer', 'interviewer a', 'interviewer b', 'int', 'i', 'q', 'moderator', 'facilitator', 'researcher',
  'klausėja', 'klausėjas', 'k', 'tyrėja', 'tyrėjas', 'interviuotoja', 'interviuotojas', 'moderatorė', 'moderatorius',
];

export interface LabelMatch {
  /** The speaker label as written, without brackets, colon or emphasis. */
  label: string;
  /** Length of the label prefix including punctuation and the following spaces. */
  length: number;
  bracketed: boolean;
}

// A time code before the label ("[00:01:05] Interviewer: ...", "(12:30) Q: ...") is skipped.
const TIMESTAMP = /^(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]|\(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)[ \t]*/u;
// Non-verbal notes before a label ("[laughs] R1: ...") are skipped too.
const NONVERBAL = /^\[\p{Ll}[^\]\n]{0,30}\][ \t]*/u;
// Bracketed labels start with a capital: "[laughs]" and "[pause]" are not speakers.
const BRACKET = /^\[(\p{Lu}[^\]\n]{0,39})\]:?[ \t]+/u;
const EMPHASIS = /^\*\*([^*\n]{1,40}?)(?:[ \t]*\([^)\n]{1,30}\))?:\*\*[ \t]*/u;
// "Name:", "R1:", "Q:" and "Interviewer (A.K.):" (the qualifier is not part of the label).
const COLON = /^(\p{Lu}[\p{L}\p{M}\p{N} .'’_-]{0,38}?|\p{Lu})(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*:[ \t]+/u;

/** Recognizes a speaker label at the start of `line`. */
export function matchLabel(line: string): LabelMatch | undefined {
  let skip = 0;
  for (let m = TIMESTAMP.exec(line) ?? NONVERBAL.exec(line); m; m = TIMESTAMP.exec(line.slice(skip)) ?? NONVERBAL.exec(line.slice(skip))) {
    skip += m[0].length;
  }
  const rest = skip > 0 ? line.slice(skip) : line;
  let m = BRACKET.exec(rest);
  if (m?.[1]) return { label: m[1].trim(), length: skip + m[0].length, bracketed: true };
  m = EMPHASIS.exec(rest);
  if (m?.[1]) return { label: m[1].trim(), length: skip + m[0].length, bracketed: false };
  m = COLON.exec(rest);
  if (m?.[1]) {
    const label = m[1].trim();
    // A sentence's first clause is not a speaker: cap the label at 4 words.
    if (label.split(/\s+/).length > 4) return undefined;
    return { label, length: skip + m[0].length, bracketed: false };
  }
  return undefined;
}

export function normalizeLabel(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
