// Cuts a document into coding units (sentences, paragraphs, speaker turns) with exact offsets.
import type { SpeakerRole, TextRegion, Unit } from '../model/types.js';
import { DEFAULT_INTERVIEWER_LABELS, matchLabel, normalizeLabel, NOT_SPEAKER_LABELS, type LabelForm, type LabelMatch } from './speakers.js';
import { abbreviationsFor } from './abbreviations.js';

export interface SegmentOptions {
  /** Language of the document (picks abbreviation lists); defaults to English. */
  language?: string;
  /** Speaker labels of interviewer turns (case-insensitive), added to the defaults. */
  interviewerLabels?: Iterable<string>;
  /**
   * The parts of `text` that are the document's content (a survey row's answer cells): each is a
   * turn of its own, spoken by a respondent labelled with the region's label, and every line break
   * inside it ends a sentence. Without regions the whole text from `bodyStart` on is the content.
   */
  regions?: readonly TextRegion[];
  /** Labels known to be speakers (SourceDocument.speakers): the text is a transcript with them, however few turns it has. */
  speakers?: readonly string[];
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
  /** Line breaks inside the block end sentences (survey cells, where each line is an item). */
  lineBreaks?: boolean;
}

const LIST_MARKER = /^(?:[-*+•]|\d{1,3}[.)])[ \t\p{Zs}]/u;
const HEADING = /^#{1,6}[ \t]/u;
// A Markdown setext underline or thematic break: "=====", "-----", "***".
const RULE_LINE = /^[ \t]*(?:={3,}|-{3,}|\*{3,}|_{3,})[ \t]*$/u;
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '“', '*', '_']);
const TERMINATORS = new Set(['.', '!', '?', '…']);
// Markup that opens or closes a unit without being part of its words: emphasis and block quotes.
const SPACE = /[\s\p{Cf}]/u;

/** Segments `text` from `bodyStart` on (front matter is never a unit). */
export function segmentText(text: string, bodyStart = 0, options: SegmentOptions = {}): Segmentation {
  const interviewer = new Set(DEFAULT_INTERVIEWER_LABELS);
  for (const l of options.interviewerLabels ?? []) interviewer.add(normalizeLabel(l));
  const abbreviations = abbreviationsFor(options.language);
  let blocks: Block[];
  if (options.regions) {
    blocks = regionBlocks(text, options.regions);
  } else {
    const { lines, labels } = labelledLines(text, bodyStart);
    const speakers = readLabels(text, lines, interviewer, labels, options.speakers).speakers;
    blocks = toBlocks(text, lines, speakers, interviewer, labels);
    // Segmented, the document needs its lines no more (a large one's are megabytes of objects).
    if (lastLabelled?.text === text) lastLabelled = undefined;
  }

  const paragraph: Unit[] = blocks.map((b, i) => ({ kind: 'paragraph', index: i + 1, start: b.start, end: b.end, speaker: b.speaker, role: b.role }));
  const turn: Unit[] = [];
  for (const b of blocks) {
    const last = turn[turn.length - 1];
    if (last && b.speaker !== undefined && !b.labelled && last.speaker === b.speaker) last.end = b.end;
    else turn.push({ kind: 'turn', index: turn.length + 1, start: b.start, end: b.end, speaker: b.speaker, role: b.role });
  }
  // Sentences, the costly kind, are split only when asked for (coding by paragraph or turn never needs them).
  let sentence: Unit[] | undefined;
  return {
    paragraph,
    turn,
    get sentence(): Unit[] {
      if (!sentence) {
        sentence = [];
        for (const b of blocks) {
          for (const [start, end] of splitSentences(text, b.start, b.end, abbreviations, b.lineBreaks === true)) {
            sentence.push({ kind: 'sentence', index: sentence.length + 1, start, end, speaker: b.speaker, role: b.role });
          }
        }
      }
      return sentence;
    },
  };
}

/** Segments a document: its regions when it has them (a survey row), else its text from `bodyStart` on. */
export function segmentSource(doc: { text: string; bodyStart: number; regions?: readonly TextRegion[]; speakers?: readonly string[] }, options: Omit<SegmentOptions, 'regions' | 'speakers'> = {}): Segmentation {
  const key = `${doc.bodyStart}\u0000${options.language ?? ''}\u0000${[...(options.interviewerLabels ?? [])].join('\u0001')}\u0000${(doc.speakers ?? []).join('\u0001')}`;
  const last = lastSegmentation;
  if (last && last.text === doc.text && last.regions === doc.regions && last.key === key) return last.segmentation;
  const segmentation = segmentText(doc.text, doc.bodyStart, { ...options, regions: doc.regions, speakers: doc.speakers });
  lastSegmentation = { text: doc.text, regions: doc.regions, key, segmentation };
  return segmentation;
}

/**
 * The last segmentation made, reused while the same document is segmented the same way again: the
 * rule coder, the learned coder and the measures each segment a document, and a large document coded
 * window by window is segmented once, not once per window. Callers must not change the units.
 */
let lastSegmentation: { text: string; regions: readonly TextRegion[] | undefined; key: string; segmentation: Segmentation } | undefined;

/** Where a document's content lies in its text (UTF-16): its regions' extent, or `bodyStart` to the end. */
export function contentRange(doc: { text: string; bodyStart: number; regions?: readonly TextRegion[] }): [number, number] {
  const r = doc.regions;
  if (!r || r.length === 0) return r ? [doc.bodyStart, doc.bodyStart] : [doc.bodyStart, doc.text.length];
  return [Math.min(...r.map((x) => x.start)), Math.max(...r.map((x) => x.end))];
}

/** Each region is a turn; blank lines inside it separate its paragraphs. */
function regionBlocks(text: string, regions: readonly TextRegion[]): Block[] {
  const blocks: Block[] = [];
  for (const region of regions) {
    let labelled = true;
    for (const p of text.slice(region.start, region.end).split(/\n[ \t\p{Zs}]*\n/u).reduce<[number, number][]>((acc, part) => {
      const from = acc.length === 0 ? region.start : (acc[acc.length - 1] as [number, number])[1];
      const s = text.indexOf(part, from);
      acc.push([s, s + part.length]);
      return acc;
    }, [])) {
      const start = skipSpace(text, p[0], p[1]);
      const end = trimEnd(text, start, p[1]);
      if (end <= start) continue;
      blocks.push({ start, end, speaker: region.label, role: 'respondent', labelled, lineBreaks: true });
      labelled = false;
    }
  }
  return blocks;
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

/** How a document's label-like lines are read (for warnings at the edge); lines count from the file's first line. */
export function labelReading(doc: { text: string; bodyStart: number; speakers?: readonly string[] }, interviewerLabels: Iterable<string> = []): LabelReading {
  const interviewer = new Set(DEFAULT_INTERVIEWER_LABELS);
  for (const l of interviewerLabels) interviewer.add(normalizeLabel(l));
  const { lines, labels } = labelledLines(doc.text, doc.bodyStart);
  const reading = readLabels(doc.text, lines, interviewer, labels, doc.speakers);
  const offset = doc.text.slice(0, doc.bodyStart).split('\n').length - 1;
  return { ...reading, unrecognized: reading.unrecognized.map((u) => ({ ...u, line: u.line + offset })) };
}

/** What the label-like lines of a document amount to. */
export interface LabelReading {
  /** Normalized labels read as speakers (empty: the document is not a transcript). */
  speakers: Set<string>;
  /** Lines that look like speaker labels but were not read as turns: 1-based line (from `bodyStart`'s line) and the label. */
  unrecognized: { line: number; label: string; form: LabelForm }[];
}

/**
 * Which labels are speakers. A document is a transcript when at least two different labels open
 * lines and the labels take turns (three changes of speaker, or one when one of them is an interviewer
 * label); the labels counted are bracketed ones, interviewer labels and labels
 * seen twice. Then every label written in the same form as those (`Name:`, `[Name]`, `**Name:**`,
 * a label-and-time line) is a speaker too, even one who speaks once, except words that head
 * documents rather than name people ("Date:", "Note:"). A lone "Researcher: ..." or repeated
 * "Note: ..." lines in a report do not make it a transcript. Labels the reader knows to be speakers
 * (`known`, SourceDocument.speakers) count as such, and one of them opening a line makes the text a
 * transcript, however few turns it has.
 */
export function readLabels(text: string, lines: readonly Line[], interviewer: ReadonlySet<string>, labels: readonly (LineLabel | undefined)[] = lineLabels(text, lines), known: readonly string[] = []): LabelReading {
  const knownKeys = new Set(known.map(normalizeLabel));
  const found: { key: string; m: LabelMatch; line: number }[] = [];
  labels.forEach((label, i) => {
    if (label && !NOT_SPEAKER_LABELS.has(label.key)) found.push({ key: label.key, m: label.m, line: i });
  });
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
  const core = new Set(found.filter((f) => f.m.bracketed || interviewer.has(f.key) || knownKeys.has(f.key) || (counts.get(f.key) ?? 0) >= 2).map((f) => f.key));
  const forms = new Set(found.filter((f) => core.has(f.key)).map((f) => f.m.form));
  const speakers = new Set(found.filter((f) => core.has(f.key) || forms.has(f.m.form)).map((f) => f.key));
  const sequence = found.filter((f) => speakers.has(f.key)).map((f) => f.key);
  const changes = sequence.filter((k, i) => i > 0 && k !== sequence[i - 1]).length;
  const hasInterviewer = [...speakers].some((k) => interviewer.has(k));
  const transcript = (speakers.size >= 2 && core.size >= 1 && changes >= (hasInterviewer ? 1 : 3)) || [...speakers].some((k) => knownKeys.has(k));
  const accepted = transcript ? speakers : new Set<string>();
  const unrecognized = found.filter((f) => !accepted.has(f.key)).map((f) => ({ line: f.line + 1, label: f.m.label, form: f.m.form }));
  return { speakers: accepted, unrecognized };
}

/** A line's speaker label (matchLabel on its first 80 UTF-16 units) and the label's key (normalizeLabel). */
interface LineLabel {
  m: LabelMatch;
  key: string;
}

/** The label opening each of `lines`, index for index (undefined where none does): read once for both readLabels and toBlocks. */
function lineLabels(text: string, lines: readonly Line[]): (LineLabel | undefined)[] {
  return lines.map((line) => {
    const m = matchLabel(text.slice(line.start, Math.min(line.end, line.start + 80)));
    return m ? { m, key: normalizeLabel(m.label) } : undefined;
  });
}

/**
 * The lines of `text` from `from` on and their labels. The last document's are kept until it is
 * segmented: reading a document inspects its labels (labelReading) and segmenting it reads them again.
 */
function labelledLines(text: string, from: number): { lines: Line[]; labels: (LineLabel | undefined)[] } {
  const last = lastLabelled;
  if (last && last.text === text && last.from === from) return last;
  const lines = splitLines(text, from);
  lastLabelled = { text, from, lines, labels: lineLabels(text, lines) };
  return lastLabelled;
}

let lastLabelled: { text: string; from: number; lines: Line[]; labels: (LineLabel | undefined)[] } | undefined;

function toBlocks(text: string, lines: Line[], speakers: Set<string>, interviewer: Set<string>, labels: readonly (LineLabel | undefined)[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let speaker: string | undefined;
  let role: SpeakerRole = 'none';
  // After a label alone on its line, the next words open that speaker's turn.
  let pendingLabel = false;
  let firstContent = true;
  const close = () => {
    if (current) {
      const [start, end] = trimMarkup(text, current.start, trimEnd(text, current.start, current.end));
      // The block itself, trimmed, rather than a spread copy: V8 would give each copy a hidden class of its own.
      if (end > start) {
        current.start = start;
        current.end = end;
        blocks.push(current);
      }
      current = undefined;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const raw = text.slice(line.start, line.end);
    if (raw.trim() === '') {
      close();
      continue;
    }
    const next = lines[i + 1];
    const nextRaw = next ? text.slice(next.start, next.end) : '';
    if (HEADING.test(raw) || RULE_LINE.test(raw)) {
      // Headings and rules structure a document; they are not evidence.
      close();
      firstContent = false;
      continue;
    }
    const label = speakers.size > 0 ? labels[i] : undefined;
    const isSpeaker = label !== undefined && speakers.has(label.key);
    if (!isSpeaker && !current && RULE_LINE.test(nextRaw) && /^[ \t]*[=-]/.test(nextRaw)) {
      // A setext heading: "Title" over "=====" or "-----".
      i++;
      firstContent = false;
      continue;
    }
    if (isSpeaker && label) {
      const { m, key } = label;
      close();
      speaker = m.label;
      role = interviewer.has(key) ? 'interviewer' : 'respondent';
      firstContent = false;
      if (m.ownLine) {
        pendingLabel = true;
        continue;
      }
      const start = skipSpace(text, line.start + m.length, line.end);
      current = { start, end: line.end, speaker, role, labelled: true };
      pendingLabel = false;
      continue;
    }
    if (firstContent && !current && speakers.size > 0 && isTitleLine(raw, lines, i, text)) {
      // A transcript's title line before the first turn ("Interview with the director, March 2025") is not evidence.
      firstContent = false;
      continue;
    }
    firstContent = false;
    if (!current) {
      current = { start: skipSpace(text, line.start, line.end), end: line.end, speaker, role, labelled: pendingLabel };
      pendingLabel = false;
    } else {
      current.end = line.end;
    }
  }
  close();
  return blocks;
}

/**
 * The first line of a document is its title when it is short, has no sentence punctuation at its
 * end, is not a list item, and stands alone before more text.
 */
function isTitleLine(raw: string, lines: readonly Line[], i: number, text: string): boolean {
  const line = raw.trim();
  const next = lines[i + 1];
  if (!next || text.slice(next.start, next.end).trim() !== '') return false;
  if (!lines.slice(i + 2).some((l) => text.slice(l.start, l.end).trim() !== '')) return false;
  if (LIST_MARKER.test(line) || /[.!?…:;,]["'”’»)]*$/u.test(line)) return false;
  return line.split(/\s+/u).length <= 12;
}

/**
 * Where the words of a plain-text or Markdown document start when its first line is a title
 * ("Annual report of the shelter 2024" over a blank line): just after that line, else `from`.
 * Conservative: the line must be short (at most 12 words, 100 code units), open with a capital or a
 * digit, have no sentence punctuation inside or at its end, stand before a blank line, and the
 * text after it must contain a sentence that ends with punctuation (notes that never do are not a
 * title and its text); a transcript's title is the segmenter's business (its labels decide). Shape:
 * UTF-16 index into `text`; offsets of everything after it are unchanged. Readers set `bodyStart` to it.
 */
export function titleLineEnd(text: string, from = 0): number {
  const lines = splitLines(text, from);
  const i = lines.findIndex((l) => text.slice(l.start, l.end).trim() !== '');
  if (i < 0) return from;
  const line = lines[i] as Line;
  const raw = text.slice(line.start, line.end);
  // A title set in bold or italics (`**Annual report 2024**`) is judged by its words.
  const title = raw.trim().replace(/^(\*{1,3}|_{1,3})(\S(?:.*\S)?)\1$/u, '$2');
  if (title.length > 100 || !/^[\p{Lu}\p{N}]/u.test(title) || /[.!?…;]["'”’»)]*\s/u.test(title)) return from;
  if (HEADING.test(raw) || RULE_LINE.test(raw) || matchLabel(title) !== undefined) return from;
  if (!isTitleLine(title, lines, i, text)) return from;
  if (!/[.!?…]["'”’»)*_]*[ \t]*$/mu.test(text.slice(line.end))) return from;
  if (readLabels(text, lines, new Set(DEFAULT_INTERVIEWER_LABELS)).speakers.size > 0) return from;
  return Math.min(text.length, line.end + 1);
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && SPACE.test(text[i] as string)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && SPACE.test(text[end - 1] as string)) end--;
  return end;
}

/**
 * Markup around a unit's words is not part of it: a block quote's `>` and emphasis that wraps the
 * whole unit (`**Funding is late.**`). Emphasis inside the unit stays (offsets point into the file).
 */
function trimMarkup(text: string, s: number, e: number): [number, number] {
  const quote = /^(?:>[ \t\p{Zs}]*)+/u.exec(text.slice(s, Math.min(e, s + 16)));
  if (quote) s = skipSpace(text, s + quote[0].length, e);
  const open = /^(?:\*{1,3}|_{1,3})(?=[^\s*_])/u.exec(text.slice(s, Math.min(e, s + 3)))?.[0];
  if (open && e - s > 2 * open.length && text.slice(e - open.length, e) === open && !SPACE.test(text[e - open.length - 1] as string)) {
    s += open.length;
    e -= open.length;
  }
  return [s, e];
}

/** Sentence spans inside one block. */
function splitSentences(text: string, start: number, end: number, abbreviations: AbbreviationSet, lineBreaks: boolean): [number, number][] {
  const out: [number, number][] = [];
  let sentenceStart = start;
  const push = (s: number, e: number) => {
    [s, e] = trimMarkup(text, s, trimEnd(text, s, e));
    // A list item's sentence starts after its marker ("- ", "2. ").
    const marker = LIST_MARKER.exec(text.slice(s, Math.min(e, s + 8)));
    if (marker) [s, e] = trimMarkup(text, skipSpace(text, s + marker[0].length, e), e);
    const te = trimEnd(text, s, e);
    if (te > s) out.push([s, te]);
  };
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    if (ch === '\n' && lineBreaks) {
      // In a survey cell each line is an item of its own.
      push(sentenceStart, i);
      sentenceStart = skipSpace(text, i + 1, end);
      i = sentenceStart - 1;
      continue;
    }
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
    if (!SPACE.test(text[j] as string)) {
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
  return capSentences(text, out);
}

/** A span of more words than this that does not end a sentence (no `.` `!` `?` `…` at its end) is text without end punctuation (a speech-to-text transcript), and is split (capSentences). */
export const MAX_SENTENCE_WORDS = 60;
/** A span of more words than this is split even when it ends with a full stop (speech-to-text with one now and then); written sentences stay under it (the training corpus's longest is 86 words). */
export const MAX_PUNCTUATED_WORDS = 120;
/** The end of a sentence as written: end punctuation, then closing quotes or brackets. */
const SENTENCE_END = /[.!?\u2026]["'\u201d\u2019\u00bb)\]]*$/u;
/** The words a piece of such a run gets when it has no clause marks to split at. */
const PIECE_WORDS = 40;
/** A clause mark splits a run only this many words or more into the piece. */
const MIN_PIECE_WORDS = 15;
/** Below this many UTF-16 units a span cannot hold MAX_SENTENCE_WORDS words (each is a letter and a space at least), so its words are not counted. */
const CAP_CHECK_LENGTH = 2 * MAX_SENTENCE_WORDS;
const CLAUSE_END = /[,;:\u2013\u2014]$/u;

/**
 * Sentence spans as written, except text without end punctuation: a span of more than
 * MAX_SENTENCE_WORDS words that does not end with end punctuation, or of more than
 * MAX_PUNCTUATED_WORDS words, is split into pieces of at most MAX_SENTENCE_WORDS words, each cut at the last clause mark (a word ending in
 * `,` `;` `:`, or a dash between words) from MIN_PIECE_WORDS to MAX_SENTENCE_WORDS words into the
 * piece, else at the last line break there, else into even pieces of about PIECE_WORDS words. Spans
 * are [start, end) in UTF-16 units, in text order, trimmed of white space. Pure.
 */
function capSentences(text: string, spans: [number, number][]): [number, number][] {
  if (spans.every(([s, e]) => e - s < CAP_CHECK_LENGTH)) return spans;
  const out: [number, number][] = [];
  for (const [s, e] of spans) {
    if (e - s < CAP_CHECK_LENGTH) out.push([s, e]);
    else capSpan(text, s, e, out);
  }
  return out;
}

const DASH = /^[\u2013\u2014-]$/u;

function capSpan(text: string, s: number, e: number, out: [number, number][]): void {
  const words: [number, number][] = [];
  const word = /\S+/gu;
  word.lastIndex = s;
  for (let m = word.exec(text); m && m.index < e; m = word.exec(text)) words.push([m.index, Math.min(e, m.index + m[0].length)]);
  if (words.length <= MAX_SENTENCE_WORDS || (words.length <= MAX_PUNCTUATED_WORDS && SENTENCE_END.test(text.slice(s, e)))) {
    out.push([s, e]);
    return;
  }
  const wordAt = (k: number) => text.slice(words[k]![0], words[k]![1]);
  // Whether a piece may end after word k (and the next one start at k + 1): at a clause mark, or at a line break.
  const clauseAfter = (k: number) => CLAUSE_END.test(wordAt(k)) || (k + 2 < words.length && DASH.test(wordAt(k + 1)));
  const lineAfter = (k: number) => text.slice(words[k]![1], words[k + 1]![0]).includes('\n');
  let first = 0;
  while (words.length - first > MAX_SENTENCE_WORDS) {
    const last = (test: (k: number) => boolean) => {
      for (let k = first + MAX_SENTENCE_WORDS - 1; k >= first + MIN_PIECE_WORDS - 1; k--) if (test(k)) return k + 1;
      return -1;
    };
    let cut = last(clauseAfter);
    if (cut < 0) cut = last(lineAfter);
    if (cut < 0) {
      const left = words.length - first;
      cut = first + Math.ceil(left / Math.ceil(left / PIECE_WORDS));
    }
    // A dash the cut falls before ends the piece, not the next one.
    if (DASH.test(wordAt(cut))) cut++;
    out.push([words[first]![0], words[cut - 1]![1]]);
    first = cut;
  }
  out.push([words[first]![0], words[words.length - 1]![1]]);
}

export interface AbbreviationSet {
  /** True when the dot at `dot` belongs to an abbreviation that does not end the sentence here. */
  blocksBoundary(text: string, dot: number, floor: number, nextChar: string): boolean;
}
