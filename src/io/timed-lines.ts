// Start times in text exports of transcription services: `Speaker 1  0:05` lines, `[00:01:05] Name:` and `Ann [0:05]:` labels.
import type { TimeMark } from '../model/types.js';
import { clockTime } from './clock.js';
import { labelReading } from '../text/segment.js';
import { matchLabel, normalizeLabel } from '../text/speakers.js';

/**
 * The start times of the turns of a timed text transcript, read with the same label forms as the
 * segmenter (text/speakers.ts): a label and a time alone on a line (`Speaker 1  0:05`,
 * `00:01:05 Ann Lee`), a time before the label (`[00:01:05] Anna: ...`, `0:05 - Ann: ...`,
 * `(1:10) Q: ...`), after it (`Ann [00:01:05]: ...`, `Anna (00:01:05): ...`, `**Ann [0:05]:**`) or
 * right after the colon (`Ann: [00:01:05] ...`). Each speaker's labelled line marks its time from
 * that line's start (UTF-16) on, as `hh:mm:ss` like subtitle cues (`0:05` -> `00:00:05`, fractions of
 * a second dropped); a turn label without a time marks `''`, so a
 * turn never borrows the time of the turn before. In a text the segmenter reads as a transcript, one
 * timed label is enough (`Anna [00:01:05]: ...` among untimed turns); otherwise fewer than two timed
 * labels give no marks: a lone "Meeting 10:30" line or a time inside a sentence is no time code.
 */
export function timedLabelLines(text: string, from = 0): TimeMark[] {
  // Each timed mark is a line holding a time code (`m:ss` at least); a text with fewer than two is
  // done without reading its labels, which is most of a plain transcript's cost here.
  if (!hasTimes(text, from, 1)) return [];
  // The segmenter's speakers; in a short export it does not take for a transcript (two turns, no
  // interviewer), the labels that carry a time are the turns.
  const speakers = labelReading({ text, bodyStart: from }).speakers;
  const marks: TimeMark[] = [];
  let timed = 0;
  let start = from;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const m = matchLabel(text.slice(start, Math.min(end, start + 80)));
    if (m && (speakers.size > 0 ? speakers.has(normalizeLabel(m.label)) : m.time !== undefined)) {
      marks.push({ start, time: m.time === undefined ? '' : clockTime(m.time) });
      if (m.time) timed++;
    }
    start = end + 1;
  }
  return timed >= 2 || (timed === 1 && speakers.size > 0) ? marks : [];
}

/** Whether `text` from `from` on holds `count` or more `d:dd` time codes' cores (a cheap necessary condition of that many timed labels). */
function hasTimes(text: string, from: number, count: number): boolean {
  const re = /\d:\d\d/g;
  re.lastIndex = from;
  for (let n = 0; n < count; n++) if (re.exec(text) === null) return false;
  return true;
}
