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

const BRACKET = /^\[([^\]\n]{1,40})\]:?[ \t]*/u;
const EMPHASIS = /^\*\*([^*\n]{1,40}?):\*\*[ \t]*/u;
const COLON = /^(\p{Lu}[\p{L}\p{M}\p{N} .'’_-]{0,38}?|\p{Lu})[ \t]*:[ \t]+/u;

/** Recognizes a speaker label at the start of `line`. */
export function matchLabel(line: string): LabelMatch | undefined {
  let m = BRACKET.exec(line);
  if (m?.[1]) return { label: m[1].trim(), length: m[0].length, bracketed: true };
  m = EMPHASIS.exec(line);
  if (m?.[1]) return { label: m[1].trim(), length: m[0].length, bracketed: false };
  m = COLON.exec(line);
  if (m?.[1]) {
    const label = m[1].trim();
    // "Note: ..." in prose and a sentence's first clause are not speakers: cap the label at 4 words.
    if (label.split(/\s+/).length > 4) return undefined;
    return { label, length: m[0].length, bracketed: false };
  }
  return undefined;
}

export function normalizeLabel(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
