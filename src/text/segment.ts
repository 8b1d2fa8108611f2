// Cuts a document into coding units (sentences, paragraphs, speaker turns) with exact offsets.
import type { SpeakerRole, Unit } from '../model/types.js';
import { DEFAULT_INTERVIEWER_LABELS, matchLabel, normalizeLabel } from './speakers.js';
import { abbreviationsFor } from './abbreviations.js';

export interface SegmentOptions {
  /** Language of the document (picks abbreviation lists); defaults to English. */
  language?: string;
  /** Speaker labels of interviewer turns (case-insensitive), added to the defaults. */
  interviewerLabels?: Iterable<string>;
}

export interface Segmentation {
  sentence: Unit[];
  paragraph: Unit[];
  turn: Unit[];
}

interface Block {
  start: number;
  end: number;
  speaker?: string;
  role: SpeakerRole;
  labelled: boolean;
}

const LIST_MARKER = /^(?:[-*+•]|\d{1,3}[.)])[ \t]/u;
const HEADING = /^#{1,6}[ \t]/u;
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '“']);
const TERMINATORS = new Set(['.', '!', '?', '…']);

/** Segments `text` from `bodyStart` on (front matter is never a unit). */
export function segmentText(text: string, bodyStart = 0, options: SegmentOptions = {}): Segmentation {
  const interviewer = new Set(DEFAULT_INTERVIEWER_LABELS);
  for (const l of options.interviewerLabels ?? []) interviewer.add(normalizeLabel(l));
  const lines = splitLines(text, bodyStart);
  const speakers = acceptedLabels(text, lines, interviewer);
  const blocks = toBlocks(text, lines, speakers, interviewer);
  const abbreviations = abbreviationsFor(options.language);

  const paragraph: Unit[] = blocks.map((b, i) => ({ kind: 'paragraph', index: i + 1, start: b.start, end: b.end, speaker: b.speaker, role: b.role }));
  const turn: Unit[] = [];
  for (const b of blocks) {
    const last = turn[turn.length - 1];
    if (last && b.speaker !== undefined && !b.labelled && last.speaker === b.speaker) last.end = b.end;
    else turn.push({ kind: 'turn', index: turn.length + 1, start: b.start, end: b.end, speaker: b.speaker, role: b.role });
  }
  const sentence: Unit[] = [];
  for (const b of blocks) {
    for (const [start, end] of splitSentences(text, b.start, b.end, abbreviations)) {
      sentence.push({ kind: 'sentence', index: sentence.length + 1, start, end, speaker: b.speaker, role: b.role });
    }
  }
  return { sentence, paragraph, turn };
}


interface Line {
  start: number;
  end: number;
}

function splitLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, end });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

/**
 * Labels used as speakers. A document is a transcript only when at least two different labels
 * open lines and either one of them is an interviewer label or the labels take turns; then
 * bracketed labels, interviewer labels, labels seen twice and labels opening a paragraph count.
 * A lone "Researcher: ..." or a repeated "Note: ..." in a report does not make it a transcript.
 */
function acceptedLabels(text: string, lines: Line[], interviewer: Set<string>): Set<string> {
  const counts = new Map<string, number>();
  const candidates = new Set<string>();
  const atParagraphStart = new Set<string>();
  const sequence: string[] = [];
  let previousBlank = true;
  for (const line of lines) {
    const raw = text.slice(line.start, Math.min(line.end, line.start + 80));
    const m = matchLabel(raw);
    if (m) {
      const key = normalizeLabel(m.label);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      sequence.push(key);
      if (m.bracketed || interviewer.has(key)) candidates.add(key);
      if (previousBlank) atParagraphStart.add(key);
    }
    previousBlank = raw.trim() === '';
  }
  for (const [key, n] of counts) if (n >= 2) candidates.add(key);
  const hasInterviewer = [...candidates].some((k) => interviewer.has(k));
  if (hasInterviewer) for (const k of atParagraphStart) candidates.add(k);
  const turns = sequence.filter((k, i) => candidates.has(k) && i > 0 && k !== sequence[i - 1]).length;
  if (candidates.size < 2 || (!hasInterviewer && turns < 3)) return new Set();
  return candidates;
}

function toBlocks(text: string, lines: Line[], speakers: Set<string>, interviewer: Set<string>): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let speaker: string | undefined;
  let role: SpeakerRole = 'none';
  const close = () => {
    if (current) {
      const end = trimEnd(text, current.start, current.end);
      if (end > current.start) blocks.push({ ...current, end });
      current = undefined;
    }
  };
  for (const line of lines) {
    const raw = text.slice(line.start, line.end);
    if (raw.trim() === '') {
      close();
      continue;
    }
    if (HEADING.test(raw)) {
      // Headings structure a document; they are not evidence and never part of a unit.
      close();
      continue;
    }
    const m = speakers.size > 0 ? matchLabel(raw.slice(0, 80)) : undefined;
    const isSpeaker = m !== undefined && speakers.has(normalizeLabel(m.label));
    if (isSpeaker && m) {
      close();
      speaker = m.label;
      role = interviewer.has(normalizeLabel(m.label)) ? 'interviewer' : 'respondent';
      const start = skipSpace(text, line.start + m.length, line.end);
      current = { start, end: line.end, speaker, role, labelled: true };
      continue;
    }
    if (!current) {
      current = { start: skipSpace(text, line.start, line.end), end: line.end, speaker, role, labelled: false };
    } else {
      current.end = line.end;
    }
  }
  close();
  return blocks;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && /\s/u.test(text[i] as string)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/u.test(text[end - 1] as string)) end--;
  return end;
}

/** Sentence spans inside one block. */
function splitSentences(text: string, start: number, end: number, abbreviations: AbbreviationSet): [number, number][] {
  const out: [number, number][] = [];
  let sentenceStart = start;
  const push = (s: number, e: number) => {
    // A list item's sentence starts after its marker ("- ", "2. ").
    const marker = LIST_MARKER.exec(text.slice(s, Math.min(e, s + 8)));
    if (marker) s = skipSpace(text, s + marker[0].length, e);
    const te = trimEnd(text, s, e);
    if (te > s) out.push([s, te]);
  };
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    if (ch === '\n') {
      // A hard line break ends a sentence only before a list item or heading, or after a line without end punctuation that is itself a list item/heading.
      const next = skipSpace(text, i + 1, end);
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      const thisLine = text.slice(Math.max(lineStart, start), i);
      const nextLine = text.slice(next, Math.min(end, next + 8));
      if (LIST_MARKER.test(nextLine) || HEADING.test(nextLine) || LIST_MARKER.test(thisLine.trimStart()) || HEADING.test(thisLine.trimStart())) {
        push(sentenceStart, i);
        sentenceStart = next;
        i = next - 1;
      }
      continue;
    }
    if (!TERMINATORS.has(ch)) continue;
    let j = i + 1;
    while (j < end && (TERMINATORS.has(text[j] as string) || CLOSERS.has(text[j] as string))) j++;
    if (j >= end) break;
    if (!/\s/u.test(text[j] as string)) {
      i = j - 1;
      continue;
    }
    const next = skipSpace(text, j, end);
    const nextChar = text[next] ?? '';
    const singleDot = ch === '.' && j === i + 1;
    if (/\p{Ll}/u.test(nextChar)) {
      i = j - 1;
      continue;
    }
    if (singleDot && abbreviations.blocksBoundary(text, i, start, nextChar)) {
      i = j - 1;
      continue;
    }
    push(sentenceStart, j);
    sentenceStart = next;
    i = next - 1;
  }
  push(sentenceStart, end);
  return out;
}

export interface AbbreviationSet {
  /** True when the dot at `dot` belongs to an abbreviation that does not end the sentence here. */
  blocksBoundary(text: string, dot: number, floor: number, nextChar: string): boolean;
}
