// The data shapes that flow through the pipeline: documents, units, codebooks and coded segments.

/** How a document is cut into coding units. */
export type UnitKind = 'sentence' | 'paragraph' | 'turn';
export const UNIT_KINDS: readonly UnitKind[] = ['sentence', 'paragraph', 'turn'];

export type Quadrant = 'strength' | 'weakness' | 'opportunity' | 'threat';
export const QUADRANTS: readonly Quadrant[] = ['strength', 'weakness', 'opportunity', 'threat'];

/** A decoded source. All offsets in qeval refer to `text`. */
export interface SourceDocument {
  /** Path relative to the study root (or the current directory), with `/` separators. */
  id: string;
  /** Normalized text: BOM dropped, line endings LF. */
  text: string;
  /** Attributes from front matter and the attributes CSV (CSV wins). */
  attributes: Record<string, string>;
  /** The encoding the bytes were decoded from, e.g. `utf-8`, `utf-16le`, `windows-1257`. */
  encoding: string;
  /**
   * Where the body starts (UTF-16 index into `text`): front matter is kept in `text`, so offsets
   * stay true to the file, but it is never coded.
   */
  bodyStart: number;
  /**
   * Paged sources (PDF): UTF-16 indices into `text` where pages 2, 3, ... begin, ascending. A
   * position's page is 1 + the number of breaks at or before it.
   */
  pageBreaks?: number[];
  /**
   * Timed sources (subtitles, transcription exports): where each cue or timed turn starts (UTF-16
   * index into `text`, ascending) and its start time as written in the source (`00:01:05`); `''`
   * for a turn whose label carries no time.
   */
  times?: TimeMark[];
  /**
   * Only for a document that is a part of its file's text (a survey row): the spans of `text` that
   * are its content (its answer cells), in text order. Only they are coded; `text` stays the whole
   * decoded file, so offsets and lines point into the file itself.
   */
  regions?: TextRegion[];
  /**
   * Speaker labels the reader knows to be speakers (subtitle voices, a Word or OpenDocument table of
   * speakers and their words), as written in `text` (`Anna: ...`): the text is read as a transcript
   * with them, however few turns it has. Other labels are read from the text as usual.
   */
  speakers?: string[];
}

/** A start time and where it applies from in a document's text. */
export interface TimeMark {
  start: number;
  time: string;
}

/** A span of a document's text (UTF-16 indices, end-exclusive) with the label its words are cited under. */
export interface TextRegion {
  start: number;
  end: number;
  /** E.g. a survey column's question text; it becomes the units' `speaker`. */
  label: string;
}

/** Who is speaking in a unit. */
export type SpeakerRole = 'interviewer' | 'respondent' | 'none';

/**
 * A coding unit. `start`/`end` are UTF-16 indices into the document text (internal only; the
 * output converts them to code points), trimmed of surrounding white space and of the speaker label.
 */
export interface Unit {
  kind: UnitKind;
  /** 1-based index among units of this kind in the document. */
  index: number;
  start: number;
  end: number;
  speaker?: string;
  role: SpeakerRole;
}

/** One record of `qeval code`: see DESIGN.md, "Coded segment". */
export interface CodedSegment {
  document: string;
  code: string;
  /** 0-based, end-exclusive, in Unicode code points into the normalized text. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based page of `start`, for paged sources (PDF); absent otherwise. */
  page?: number;
  /** Start time of the cue or turn `start` falls in (`00:01:05`), for timed sources; absent otherwise. */
  time?: string;
  /** Unit kind and 1-based index, e.g. `sentence:41`. */
  unit: string;
  speaker: string | null;
  /** Exactly the normalized text between `start` and `end`. */
  text: string;
  /** `qeval <codebook>@<version>` for automatic coding, or a person's name. */
  coder: string;
  /** The rule that fired (`<code id>#<n>` or the rule's own id); null for manual coding. */
  rule: string | null;
  /** The words of the text that made the rule fire, in text order. */
  matched: string[];
  /** Set when the code was reached by re-routing a negated match (e.g. `strength.x` -> `weakness.x`). */
  negated_from?: string;
  /** How the segment was coded: by a rule, by the model, or by a rule the model confirmed. Absent for manual coding. */
  method?: CodingMethod;
  /** The model's probability (0-1) that the unit has the code; absent when no model coded it. */
  probability?: number;
  /** The model's features that pushed the probability up most, strongest first (e.g. `neg:judg`, `q:polic`, `r:strength.trust`). */
  features?: string[];
}

/** Which coder produced a segment. */
export type CodingMethod = 'rule' | 'model' | 'rule+model';
