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
  return [{ id, ...fromCues(parseCues(dotTimes(text), id, 'WebVTT', options), id), encoding, bodyStart: 0 }];
}

/**
 * Reads SubRip (.srt) subtitles like WebVTT (the same cue model; SRT writes `,` before the
 * milliseconds and has no header). Throws as readVtt.
 */
export function readSrt(file: string, id: string, bytes: Buffer, options: ReadOptions): SourceDocument[] {
  const { text, encoding } = decodeBytes(bytes, id, options.encoding);
  // Only the timing lines change, and no line is added or removed, so the parser's line numbers are the file's once 2 are taken off.
  const asVtt = `WEBVTT\n\n${dotTimes(text)}`;
  return [{ id, ...fromCues(parseCues(asVtt, id, 'SubRip', options, 2), id), encoding, bodyStart: 0 }];
}

/**
 * The text with the milliseconds of every time on a timing line (a line with `-->`) after a dot:
 * SubRip writes `00:01:02,500`, and files of either kind mix the two; the time is the same, so a
 * comma costs no cue. Each comma becomes one dot, and an arrow written without spaces
 * (`00:00:01,000-->00:00:03,000`, which players accept) gets them: lines stay the file's.
 */
function dotTimes(text: string): string {
  return text.replace(/^.*-->.*$/gm, (line) => line.replace(/(\d:\d{2}),(\d{1,3})(?!\d)/g, '$1.$2').replace(/^(\s*[\d:.]+)-->([\d:.]+)/, '$1 --> $2'));
}

/** The parser's words for a timing line it could not read (the cue is then dropped). */
const CUE_LOST = /timestamp|decimal separator|digits|seconds found|time unit separator|cue identifier|'-->'/i;
/** Its words for times it read and kept the cue of (out of order, ending before starting, inline times). */
const CUE_KEPT = /not greater than (or equal to )?start timestamp|must be between start timestamp|greater than any previous timestamp/i;

/**
 * The cues of a subtitle file, in order of their start times (as players show them). A cue that ends
 * before it starts, or starts before the cue above it, is told to `options` as the warning
 * SUBTITLE_TIMES (its line in the file): the text is then not in the file's order. Throws QevalError
 * SUBTITLES_INVALID (with the line) when a cue's timing line cannot be read: the parser would drop the cue.
 */
function parseCues(text: string, id: string, kind: string, options: FindingListeners, lineShift = 0): Cue[] {
  let tree: ParseResult;
  try {
    tree = new webvtt.WebVTTParser(ENTITIES).parse(text, 'metadata');
  } catch (e) {
    throw new QevalError('SUBTITLES_INVALID', `not readable ${kind} (${(e as Error).message})`, { file: id });
  }
  if (tree.cues.length === 0) {
    const first = tree.errors[0];
    const said = first?.message;
    if (first) throw new QevalError('SUBTITLES_INVALID', `not ${kind} subtitles: ${said!.replace(/\.$/, '')}`, { file: id, line: Math.max(1, first.line - lineShift), column: 1 });
    throw new QevalError('EMPTY_DOCUMENT', `the ${kind} file has no cues`, { file: id });
  }
  // A cue whose timing line cannot be read is left out by the parser, words and all: the file is refused
  // with that line rather than coded without what was said there.
  const lost = tree.errors.find((e) => CUE_LOST.test(e.message) && !CUE_KEPT.test(e.message));
  if (lost) {
    const said = lost.message.replace(/\.$/, '');
    // A mistyped time with no cue number above it (`00:00:04.000 -> 00:00:09.000`) is read as the cue's
    // identifier, and the parser names the line after it: the time's own line is the one to fix.
    const above = text.split('\n')[lost.line - 2] ?? '';
    const line = /cue identifier/i.test(lost.message) && /\d:\d{2}/.test(above) ? lost.line - 1 : lost.line;
    throw new QevalError('SUBTITLES_INVALID', `a cue's time is not readable (${said.charAt(0).toLowerCase()}${said.slice(1)}), so its words would be lost; write it as ${kind === 'SubRip' ? '00:01:02,500 --> 00:01:04,000' : '00:01:02.500 --> 00:01:04.000'}`, { file: id, line: Math.max(1, line - lineShift), column: line === lost.line ? (lost.col ?? 1) : 1 });
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
