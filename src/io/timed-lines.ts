// Start times in text exports of transcription services: `Speaker 1  0:05` lines and `[00:01:05] Name:` prefixes.
import type { TimeMark } from '../model/types.js';

const TIME = String.raw`(\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,3})?`;
// A label and a time alone on a line: "Speaker 1  0:05", "Anna (00:01:05):", "Tomas [1:10]".
const LABEL_THEN_TIME = new RegExp(String.raw`^[ \t]*\p{Lu}[\p{L}\p{M}\p{N}.'’_ -]{0,38}?[ \t]*(?:\(${TIME}\)|\[${TIME}\]|[ \t]${TIME}):?[ \t]*$`, 'u');
// A time before a label: "[00:01:05] Anna: ...", "00:01:05 Anna: ...", "(1:10) Q: ...".
const TIME_THEN_LABEL = new RegExp(String.raw`^[ \t]*(?:\[${TIME}\]|\(${TIME}\)|${TIME})[ \t]+\p{Lu}[^:\n]{0,40}:`, 'u');

/**
 * The start times of the turns of a timed text transcript: each line that is a speaker label and a
 * time (`Speaker 1  0:05`, `Anna (00:01:05):`) or starts with a time before a label
 * (`[00:01:05] Anna: ...`) marks its time from that line on. Times are kept as written (`0:05`).
 * Fewer than two such lines is no timed transcript: a lone "meeting at 10:30" gives no marks.
 */
export function timedLabelLines(text: string, from = 0): TimeMark[] {
  const marks: TimeMark[] = [];
  let start = from;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 120));
    const m = LABEL_THEN_TIME.exec(line) ?? TIME_THEN_LABEL.exec(line);
    const time = m?.slice(1).find((g) => g !== undefined);
    if (time) marks.push({ start, time });
    start = end + 1;
  }
  return marks.length >= 2 ? marks : [];
}
