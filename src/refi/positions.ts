// Text positions of REFI-QDA selections: how each tool counts, and conversion to qeval's code points in LF-normalized text.

/**
 * How a tool counts characters in a source's plain text (the BOM never counts):
 * - `codepoints`: Unicode code points, CR and LF each one (the REFI-QDA 1.5 standard, section 10.2;
 *   MAXQDA, QualCoder and most others);
 * - `utf16`: UTF-16 code units, so a character outside the Basic Multilingual Plane (emoji) counts two
 *   (NVivo);
 * - `crlf-one`: code points, but a CR LF line break counts as one character (ATLAS.ti).
 */
export type PositionCounting = 'codepoints' | 'utf16' | 'crlf-one';
export const POSITION_COUNTINGS: readonly PositionCounting[] = ['codepoints', 'utf16', 'crlf-one'];

/** The counting a project states (a qeval export for NVivo says so in its description), else the one its origin implies. */
export function countingForProject(project: { origin?: string; description?: string }): PositionCounting {
  if (/^qeval\b/i.test(project.origin ?? '') && /^qeval positions: utf16\b/m.test(project.description ?? '')) return 'utf16';
  return countingForOrigin(project.origin);
}

/** The counting a project's `origin` attribute implies (NVivo, ATLAS.ti), else the standard's. */
export function countingForOrigin(origin: string | undefined): PositionCounting {
  if (origin && /nvivo/i.test(origin)) return 'utf16';
  if (origin && /atlas\s*\.?\s*ti/i.test(origin)) return 'crlf-one';
  return 'codepoints';
}

/**
 * Maps positions in a source's raw text (as the tool counted them) to code point offsets in the
 * normalized text (CR LF and lone CR become LF). A position inside a character (between CR and LF,
 * inside a surrogate pair) maps down for a start and up for an end, so a selection never loses
 * the character it touches.
 */
export class PositionMap {
  /** Raw positions counted so far: the largest valid position. */
  readonly length: number;
  private readonly startOf: Int32Array;
  private readonly endOf: Int32Array;

  constructor(raw: string, counting: PositionCounting) {
    const starts: number[] = [];
    const ends: number[] = [];
    let out = 0;
    for (let i = 0; i < raw.length;) {
      const c = raw.charCodeAt(i);
      let rawChars = 1;
      let units = 1;
      if (c === 0x0d && raw.charCodeAt(i + 1) === 0x0a) {
        rawChars = 2;
        units = counting === 'crlf-one' ? 1 : 2;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < raw.length && (raw.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        rawChars = 2;
        units = counting === 'utf16' ? 2 : 1;
      }
      // Unit 0 of this character starts it; later units are inside it.
      starts.push(out);
      ends.push(out);
      for (let k = 1; k < units; k++) {
        starts.push(out);
        ends.push(out + 1);
      }
      out++;
      i += rawChars;
    }
    starts.push(out);
    ends.push(out);
    this.startOf = Int32Array.from(starts);
    this.endOf = Int32Array.from(ends);
    this.length = starts.length - 1;
  }

  /** The normalized code point offset of a selection's start, or undefined when out of range. */
  start(position: number): number | undefined {
    return Number.isInteger(position) && position >= 0 && position <= this.length ? this.startOf[position] : undefined;
  }

  /** The normalized code point offset of a selection's (exclusive) end, or undefined when out of range. */
  end(position: number): number | undefined {
    return Number.isInteger(position) && position >= 0 && position <= this.length ? this.endOf[position] : undefined;
  }
}

/** UTF-16 index of every code point offset of `text` (and of its end). */
export function utf16Offsets(text: string): Int32Array {
  const out: number[] = [];
  let i = 0;
  for (const ch of text) {
    out.push(i);
    i += ch.length;
  }
  out.push(i);
  return Int32Array.from(out);
}
