// Subtitle and caption readers (.vtt, .srt): cues -> speaker turns, with each cue's start time kept.
import { createRequire } from 'node:module';
import webvtt, { type CueNode, type ParsedCue as Cue, type ParseResult } from 'webvtt-parser';
import { warning } from '../model/diagnostics.js';
import { QevalError } from '../model/errors.js';
import type { SourceDocument, TimeMark } from '../model/types.js';
import { formatTime } from './clock.js';
import { decodeBytes } from './decode.js';
import type { ReadOptions } from './read-documents.js';
import { tellFinding, type FindingListeners } from './reader-findings.js';


/** The full table of HTML character references, so `&amp;` and `&nbsp;` decode as WebVTT says. */
const ENTITIES = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<string, string>;

// "Anna: ..." at the start of a cue (Zoom's captions), the same label forms as text transcripts.
const CUE_LABEL = /^(\p{Lu}[\p{L}\p{M}\p{N} .'’_-]{0,38}?)[ \t]*:[ \t]+/u;
// A pause this long (seconds) between cues without speakers starts a new paragraph.
const PARAGRAPH_PAUSE = 2;

/**
 * Reads WebVTT captions (Teams, Zoom, YouTube). The text qeval codes (and offsets index) is built
 * from the cues: cue numbers, timings, settings, NOTE and STYLE blocks and markup are left out;
 * consecutive cues of one speaker (from `<v Name>` or a leading `Name:`) form one turn, written
 * `Name: words` as in a text transcript, and turns are separated by blank lines (with one speaker
 * only, no labels: see fromCues). Each cue's start time (`hh:mm:ss`) is kept in `times`, so quotes
 * cite when it was said.
 * Throws QevalError SUBTITLES_INVALID (with the line) or EMPTY_DOCUMENT.
 */
export function readVtt(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  return [{ id, ...fromCues(parseCues(dotTimes(text), text, id, 'WebVTT', options), id), encoding, bodyStart: 0 }];
}

/**
 * Reads SubRip (.srt) subtitles like WebVTT (the same cue model; SRT writes `,` before the
 * milliseconds and has no header). Throws as readVtt.
 */
export function readSrt(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  // Only the timing lines change, and no line is added or removed, so the parser's line numbers are the file's once 2 are taken off.
  const asVtt = `WEBVTT\n\n${dotTimes(text)}`;
  return [{ id, ...fromCues(parseCues(asVtt, text, id, 'SubRip', options, 2), id), encoding, bodyStart: 0 }];
}

/** A timing line: before its arrow only times (digits, `:`, `.`, `,`) or nothing, as a cue's timing is written or mistyped. */
const TIMING_LINE = /^\s*[\d:.,]*\s*-->/;
/** A cue number: a line of digits alone. */
const CUE_NUMBER = /^\s*\d+\s*$/;

/**
 * The text made ready for the WebVTT parser, line for line (no line is added or removed, so the
 * parser's lines are the file's):
 * - on a timing line, the milliseconds of every time after a dot: SubRip writes `00:01:02,500`, and
 *   files of either kind mix the two; the time is the same, so a comma costs no cue. An arrow written
 *   without spaces (`00:00:01,000-->00:00:03,000`, which players accept) gets them;
 * - an arrow inside a cue's words ("from A --> B", words before it) is written `--&gt;`, which the
 *   parser reads back as `-->`: it would otherwise take the line for a timing line and drop the cue;
 * - a cue number written right under the previous cue's words, without the blank line between cues,
 *   is blanked: the parser would read it as a word of that cue ("Hello there. 2"). Only the number
 *   that follows the cue above's is taken for one: a number among the words ("2019") stays a word.
 */
function dotTimes(text: string): string {
  const lines = text.split('\n');
  // The number of the last cue seen (the line above its timing line), so that only the next cue's
  // number is taken for one: "2019" under a cue's words is a word.
  let lastNumber: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('-->')) continue;
    if (!TIMING_LINE.test(line)) {
      lines[i] = line.replace(/-->/g, '--&gt;');
      continue;
    }
    lines[i] = line.replace(/(\d:\d{2}),(\d{1,3})(?!\d)/g, '$1.$2').replace(/^(\s*[\d:.]+)-->([\d:.]+)/, '$1 --> $2');
    const above = i >= 1 && CUE_NUMBER.test(lines[i - 1]!) ? Number(lines[i - 1]!.trim()) : undefined;
    // A number with a blank line (or the file's start) above it is a cue number as written.
    const standing = above !== undefined && (i < 2 || lines[i - 2]!.trim() === '');
    const squeezed = above !== undefined && !standing && above === (lastNumber ?? 0) + 1;
    if (squeezed) lines[i - 1] = lines[i - 1]!.endsWith('\r') ? '\r' : '';
    lastNumber = standing || squeezed ? above : (lastNumber ?? 0) + 1;
  }
  return lines.join('\n');
}

/** Whole times written on a line (`00:01:02,500`, `1:02.5`, `01:02`; not `00:00:0x`), as the line has them. */
const TIMES = /(?<![\w:.,])\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?(?![\w:.,])/g;

/**
 * What to write instead of a timing line that cannot be read: its own two times with SubRip's or
 * WebVTT's arrow and separator (`00:00:04,000 --> 00:00:09,000` for `00:00:04.000 -> 00:00:09.000`),
 * or the form when the line does not hold two times.
 */
function timingHint(kind: string, line: string): string {
  const sep = kind === 'SubRip' ? ',' : '.';
  const times = line.match(TIMES) ?? [];
  const whole = (t: string) => {
    const [clock, ms = '000'] = t.split(/[.,]/);
    const parts = clock!.split(':').map((p) => p.padStart(2, '0'));
    while (parts.length < 3) parts.unshift('00');
    return `${parts.join(':')}${sep}${ms.padEnd(3, '0')}`;
  };
  // Minutes and seconds run to 59: a time past that is not guessed at.
  const inRange = (t: string) => t.split(/[.,]/)[0]!.split(':').slice(-2).every((p) => Number(p) < 60);
  if (times.length === 2 && times.every(inRange)) return `write it as ${whole(times[0]!)} --> ${whole(times[1]!)}`;
  return `write a cue's time as hh:mm:ss${sep}mmm --> hh:mm:ss${sep}mmm (00:01:02${sep}500 --> 00:01:04${sep}000)`;
}

/** The parser's words for a timing line it could not read (the cue is then dropped). */
const CUE_LOST = /timestamp|decimal separator|digits|seconds found|time unit separator|cue identifier|'-->'|cannot have more than/i;
/** Its words for times it read and kept the cue of (out of order, ending before starting, inline times). */
const CUE_KEPT = /not greater than (or equal to )?start timestamp|must be between start timestamp|greater than any previous timestamp/i;

/**
 * The line (1-based, in `lines`) of the timing line a parser error is about: a mistyped time with no
 * cue number above it (`00:00:04.000 -> 00:00:09.000`) is read as the cue's identifier, and the
 * parser names the line after it, so then the line above, which holds the time.
 */
function timeLineOf(lines: readonly string[], line: number, message: string): number {
  return /cue identifier/i.test(message) && /\d:\d{2}/.test(lines[line - 2] ?? '') && !/\d:\d{2}/.test(lines[line - 1] ?? '') ? line - 1 : line;
}

/**
 * The cues of a subtitle file, in order of their start times (as players show them). A cue that ends
 * before it starts, or starts before the cue above it, is told to `options` as the warning
 * SUBTITLE_TIMES (its line in the file): the text is then not in the file's order. Throws QevalError
 * SUBTITLES_INVALID (with the line, quoted from `file`, and the same times written as they should be)
 * when a cue's timing line cannot be read: the parser would drop the cue. `text` is the WebVTT the
 * parser reads (dotTimes of `file`, after `lineShift` header lines), `file` the file's own text.
 */
function parseCues(text: string, file: string, id: string, kind: string, options: FindingListeners, lineShift = 0): Cue[] {
  const lines = text.split('\n');
  // The file's own line (1-based, as the parser counts in `text`), quoted in messages as the user wrote it.
  const own = (line: number) => (file.split('\n')[line - 1 - lineShift] ?? '').trim();
  let tree: ParseResult;
  try {
    tree = new webvtt.WebVTTParser(ENTITIES).parse(text, 'metadata');
  } catch (e) {
    throw new QevalError('SUBTITLES_INVALID', `not readable ${kind} (${(e as Error).message})`, { file: id });
  }
  if (tree.cues.length === 0) {
    const first = tree.errors[0];
    const said = first?.message;
    if (first) {
      // A mistyped time (`00:00:04.000 -> 00:00:09.000`) is read as a cue identifier, and the parser
      // names the line after it: the time's own line is the one to fix.
      const line = timeLineOf(lines, first.line, first.message);
      const hint = /\d:\d{2}/.test(own(line)) ? `; "${own(line)}" is not a cue's time: ${timingHint(kind, own(line))}` : '';
      throw new QevalError('SUBTITLES_INVALID', `not ${kind} subtitles: ${said!.replace(/\.$/, '')}${hint}`, { file: id, line: Math.max(1, line - lineShift), column: 1 });
    }
    throw new QevalError('EMPTY_DOCUMENT', `the ${kind} file has no cues`, { file: id });
  }
  // A cue whose timing line cannot be read is left out by the parser, words and all: the file is refused
  // with that line rather than coded without what was said there.
  const lost = tree.errors.find((e) => CUE_LOST.test(e.message) && !CUE_KEPT.test(e.message));
  if (lost) {
    const said = lost.message.replace(/\.$/, '');
    // Words standing where a cue's time should be (a cue without its timing line): the parser names the line after them.
    if (/cannot be standalone/i.test(lost.message)) {
      const words = lost.line - 1;
      throw new QevalError('SUBTITLES_INVALID', `a cue without a timing line ("${own(words)}"), so its words would be lost; give it one above them, written as ${kind === 'SubRip' ? '00:01:02,500 --> 00:01:04,000' : '00:01:02.500 --> 00:01:04.000'}`, { file: id, line: Math.max(1, words - lineShift), column: 1 });
    }
    const line = timeLineOf(lines, lost.line, lost.message);
    const written = own(line);
    throw new QevalError('SUBTITLES_INVALID', `a cue's time is not readable ("${written}": ${said.charAt(0).toLowerCase()}${said.slice(1)}), so its words would be lost; ${timingHint(kind, written)}`, { file: id, line: Math.max(1, line - lineShift), column: line === lost.line ? (lost.col ?? 1) : 1 });
  }
  // Whatever the parser says, a timing line it made no cue of has lost its words: every line with an
  // arrow left (see dotTimes) opens a cue.
  const timingLines = lines.filter((l) => l.includes('-->')).length;
  if (tree.cues.length < timingLines) {
    const first = tree.errors[0];
    const line = first?.line ?? 1;
    throw new QevalError('SUBTITLES_INVALID', `${timingLines - tree.cues.length} of ${timingLines} cues cannot be read${first ? ` ("${own(line)}": ${first.message.replace(/\.$/, '').toLowerCase()})` : ''}, so their words would be lost; ${timingHint(kind, own(line))}`, { file: id, line: Math.max(1, line - lineShift), column: 1 });
  }
  const timing = tree.errors.filter((e) => /timestamp/i.test(e.message) && CUE_KEPT.test(e.message));
  if (timing.length > 0) {
    const lines = timing.map((e) => Math.max(1, e.line - lineShift));
    const first = timing[0]!.message.replace(/\.$/, '');
    const more = timing.length > 1 ? ` (and ${timing.length - 1} more cue time problem${timing.length > 2 ? 's' : ''}, at line${timing.length > 2 ? 's' : ''} ${lines.slice(1, 6).join(', ')}${timing.length > 6 ? ' ...' : ''})` : '';
    tellFinding(options, warning('SUBTITLE_TIMES', `line ${lines[0]}: ${first.charAt(0).toLowerCase()}${first.slice(1)}${more}; the cues are read in order of their start times, not as the file lists them: check the times`, { file: id }, { lines }));
  }
  return tree.cues;
}

/** Cue -> the text of its nodes and the voice (`<v Name>`) it carries, if any. */
function cueContent(node: CueNode | { children: CueNode[]; type?: undefined; name?: undefined; value?: undefined }, voice: { name?: string }): string {
  if (node.type === 'text') return node.value ?? '';
  if (node.name === 'v' && node.value && !voice.name) voice.name = node.value.trim();
  if (node.name === 'ruby' || node.name === 'rt') return (node.children ?? []).filter((c) => c.name !== 'rt').map((c) => cueContent(c, voice)).join('');
  return (node.children ?? []).map((c) => cueContent(c, voice)).join('');
}

/** A cue's words and its speaker: the voice (`<v Name>`), else a leading `Name:` when `labels` says the file uses them. */
function cueTurn(cue: Cue, labels: boolean): { name?: string; words: string } {
  const voice: { name?: string } = {};
  const words = cueContent(cue.tree, voice).replace(/\s+/g, ' ').trim();
  if (voice.name) return { name: voice.name, words };
  const label = labels ? CUE_LABEL.exec(words) : null;
  if (label?.[1] && label[1].split(/\s+/).length <= 4) return { name: label[1].trim(), words: words.slice(label[0].length) };
  return { words };
}

/**
 * The text and time marks of the cues. A leading `Name:` names a speaker only when at least two cues
 * name one (by a voice or a leading name: so a lone "Note: ..." caption stays text); with a single speaker the text carries
 * no labels (a lone label does not make a transcript) and the speaker becomes the `speaker` attribute.
 */
function fromCues(cues: Cue[], id: string): { text: string; times: TimeMark[]; attributes: Record<string, string>; speakers?: string[] } {
  const labelled = cues.filter((c) => {
    const voice: { name?: string } = {};
    return CUE_LABEL.test(cueContent(c.tree, voice).replace(/\s+/g, ' ').trim()) || voice.name !== undefined;
  }).length >= 2;
  const turns = cues.map((c) => ({ cue: c, ...cueTurn(c, labelled) })).filter((t) => t.words !== '');
  const names = new Set(turns.map((t) => t.name).filter((n): n is string => n !== undefined));
  const single = names.size === 1 ? [...names][0] : undefined;
  let text = '';
  const times: TimeMark[] = [];
  let speaker: string | undefined;
  let lastEnd = -Infinity;
  let open = false;
  for (const { cue, name, words } of turns) {
    // A cue without a speaker continues the current speaker's turn (captions split one turn over many cues).
    const newTurn = !open || (name !== undefined && name !== speaker) || ((name === undefined || single !== undefined) && cue.startTime - lastEnd >= PARAGRAPH_PAUSE);
    if (newTurn) {
      if (name !== undefined) speaker = name;
      text += open ? '\n\n' : '';
      if (speaker !== undefined && single === undefined) text += `${speaker}: `;
      open = true;
    } else {
      text += ' ';
    }
    times.push({ start: text.length, time: formatTime(cue.startTime) });
    text += words;
    lastEnd = cue.endTime;
  }
  if (text === '') throw new QevalError('EMPTY_DOCUMENT', 'the subtitles have no text', { file: id });
  // The labels written are speakers: the text is a transcript however few turns it has.
  return { text: `${text}\n`, times, attributes: single === undefined ? {} : { speaker: single }, ...(single === undefined && names.size > 0 ? { speakers: [...names].sort() } : {}) };
}
