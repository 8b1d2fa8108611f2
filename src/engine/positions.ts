// Converts UTF-16 indices to code point offsets and 1-based lines (the output's position shape).

export class Positions {
  private readonly lineStarts: number[];
  private cp: Int32Array | undefined;
  private readonly astral: boolean;

  private static last: Positions | undefined;

  /**
   * The positions of `text`, reusing the last ones built when the text is the same: the rows of a
   * survey share their file's text, and indexing it once per row would cost rows × file size.
   */
  static of(text: string): Positions {
    if (Positions.last?.text !== text) Positions.last = new Positions(text);
    return Positions.last;
  }

  constructor(private readonly text: string) {
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.astral = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text);
  }

  /** Code point offset of a UTF-16 index. */
  codePoint(index: number): number {
    if (!this.astral) return index;
    if (!this.cp) {
      const cp = new Int32Array(this.text.length + 1);
      let n = 0;
      for (let i = 0; i < this.text.length; i++) {
        cp[i] = n;
        const c = this.text.charCodeAt(i);
        // The low half of a surrogate pair shares its code point with the high half.
        if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && isHigh(this.text.charCodeAt(i - 1)))) n++;
        else cp[i] = n - 1;
      }
      cp[this.text.length] = n;
      this.cp = cp;
    }
    return this.cp[index] as number;
  }

  /** 1-based line of a UTF-16 index. */
  line(index: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Slices a string by code point offsets (for checking and for consumers of segments). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
