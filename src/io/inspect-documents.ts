// Checks documents once they are read: language attributes normalized or detected, label-like lines not read as turns.
import type { SourceDocument, Unit } from '../model/types.js';
import { LANGUAGE_LABELS, normalizeLanguage } from '../lang/language.js';
import { labelReading } from '../text/segment.js';
import { warning, type Diagnostic } from '../model/diagnostics.js';
import { languageDetector } from './language-detector.js';

/** Fewer letters than this are too little to tell a language by (eld is unreliable below a few words). */
const MIN_LETTERS = 12;
/** Below this many letters the detector's best guess is often a neighbour of the right language (Latvian for Lithuanian). */
const SHORT_LETTERS = 200;
/** How close to the best score a codebook's language must come to be taken for a short text. */
const CLOSE = 0.9;
const EXAMPLES = 5;
/** How much of a file's text the language detector reads (UTF-16 code units). */
const SAMPLE_CHARS = 50_000;
/** How much of a document with a language attribute is read to check the attribute against (see languageMismatches). */
const CHECK_CHARS = 5_000;
/** Fewer letters than this (a sentence or two) are not checked against their language attribute. */
const CHECK_LETTERS = 40;

/**
 * What detection found of one input file without a language attribute (a survey file's rows are
 * judged together): the ISO 639-1 code detected, or null when there was too little text to tell.
 */
export interface LanguageFinding {
  file: string;
  language: string | null;
}

/** What inspecting documents found: languages detected per file, and label-like lines per document. */
export interface Inspection {
  languages: LanguageFinding[];
  /** Documents whose lines look like speaker labels that were not read as turns (id LABEL_LINES, place the document). */
  diagnostics: Diagnostic[];
}

/**
 * Normalizes each document's `language` attribute to an ISO 639-1 code (`LT`, `lt-LT`,
 * `Lithuanian` -> `lt`), so abbreviations, stemmer and codebook all see the same value. A document
 * without one gets the language the eld detector (n-gram detector, github.com/nitotm/efficient-language-detector-js)
 * finds in its content, and a LanguageFinding names the guess; the rows of one survey file are
 * judged together. Also finds documents whose lines look like speaker labels that were not read as
 * turns. Mutates `docs`' attributes (every value in NFC as well); returns the findings as data (word them with languageWarnings,
 * which a streaming run calls once over all its files).
 */
export async function inspectDocumentsData(docs: SourceDocument[], expected: readonly string[] = []): Promise<Inspection> {
  const missing = new Map<string, SourceDocument[]>();
  for (const doc of docs) {
    // Every attribute value in Unicode's composed form (NFC), whichever reader or file gave it: "Namų
    // šviesa" typed with combining marks and without is one organization, one group.
    for (const [k, v] of Object.entries(doc.attributes)) if (v !== v.normalize('NFC')) doc.attributes[k] = v.normalize('NFC');
    const language = normalizeLanguage(doc.attributes.language);
    if (language) doc.attributes.language = language;
    else {
      delete doc.attributes.language;
      const file = doc.regions ? (doc.id.split('#')[0] as string) : doc.id;
      missing.set(file, [...(missing.get(file) ?? []), doc]);
    }
  }
  const languages = missing.size > 0 ? await detectLanguages(missing, expected) : [];
  const diagnostics: Diagnostic[] = [];
  const detected = new Set(languages.map((f) => f.file));
  const declared = docs.filter((d) => !d.regions && d.attributes.language !== undefined && !detected.has(d.id));
  if (declared.length > 0) diagnostics.push(...(await languageMismatches(declared, expected)));
  // Every document with one language, whether given or detected: is a large part of it in another codebook's language?
  if (expected.length > 1) diagnostics.push(...(await mixedLanguages(docs.filter((d) => !d.regions && d.attributes.language !== undefined), expected)));
  for (const doc of docs) {
    // A `pages` attribute that is no page count is not used (the pages are counted): said, not passed over.
    const pages = doc.attributes.pages?.trim();
    if (pages !== undefined && pages !== '' && !/^[1-9]\d*$/.test(pages)) {
      diagnostics.push(warning('PAGES_NOT_A_COUNT', `its "pages" attribute is "${pages}", not a whole number from 1: the pages are counted from the document instead`, { file: doc.id }));
    }
    if (doc.regions) continue;
    const found = labelWarning(doc);
    if (found) diagnostics.push(warning('LABEL_LINES', found.message, { file: doc.id, offset: lineOffset(doc.text, found.line) }));
  }
  return { languages, diagnostics };
}

/**
 * inspectDocumentsData, with the findings worded for one batch: `onWarning` hears one line per
 * language found (languageWarnings), then one per document with label-like lines (`<id>: ...`).
 */
export async function inspectDocuments(docs: SourceDocument[], onWarning: (message: string) => void = () => undefined): Promise<void> {
  const found = await inspectDocumentsData(docs);
  for (const d of languageDiagnostics(found.languages)) onWarning(d.message);
  for (const d of found.diagnostics) onWarning(`${d.place.file}: ${d.message}`);
}

/**
 * Documents whose `language` attribute the text plainly contradicts: detected reliably, from
 * CHECK_CHARS of content with CHECK_LETTERS letters at least, as a language the declared one scores
 * well below (under CLOSE of the best: Lithuanian read as Latvian is no contradiction). Such a
 * document is coded with the declared language's codebook (the first of `codebooks`' languages when
 * none is in it), which finds next to nothing in another language: a warning (id LANGUAGE_MISMATCH,
 * place the document) says so, naming the codebook used, or only the contradiction when the codebook
 * used is the text's own language's.
 */
async function languageMismatches(docs: readonly SourceDocument[], codebooks: readonly string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  let eld: Awaited<ReturnType<typeof languageDetector>> | undefined;
  for (const doc of docs) {
    const said = doc.attributes.language!;
    const text = contentOf(doc).slice(0, CHECK_CHARS);
    if (!hasLetters(text, CHECK_LETTERS)) continue;
    eld ??= await languageDetector();
    const result = eld.detect(text);
    const found = result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
    if (found === undefined || found === said) continue;
    const scores = result.getScores();
    const best = Math.max(0, ...Object.values(scores));
    if ((scores[said] ?? 0) >= best * CLOSE) continue;
    const used = codebooks.length === 0 || codebooks.includes(said) ? said : codebooks[0]!;
    const coded = used === found ? '' : `: it is coded with the ${used} codebook, which finds next to nothing in another language`;
    out.push(warning('LANGUAGE_MISMATCH', `its language attribute is ${languageName(said)} (${said}), but its text reads as ${languageName(found)} (${found})${coded}; check the attribute`, { file: doc.id }, { declared: said, detected: found }));
  }
  return out;
}

/** Paragraphs shorter than this (characters) are not told a language of their own (a heading, a name, "Yes."). */
const PARAGRAPH_CHARS = 120;
/** Paragraphs told their language per document at most (spread over it): a check, not a second reading. */
const MIXED_SAMPLES = 8;
/** How much of a sampled paragraph the detector reads (UTF-16 code units). */
const DETECT_CHARS = 400;
/** The share of a document's checked characters in another codebook's language from which it is said. */
const MIXED_SHARE = 0.2;

/**
 * Documents a large part of which is in another language than their own, where a codebook for that
 * language is at hand (`codebooks`): their sampled paragraphs (toldParagraphs: the same the language
 * vote used) are taken as in another language when told so reliably and clearly before the document's
 * own (the own language under CLOSE of the best score); when those in another codebook's language hold
 * MIXED_SHARE or more of the characters checked, a warning (id LANGUAGE_MIXED, place the line of the
 * first such sampled paragraph) says so: a document is coded with one codebook, so an English summary
 * in a Lithuanian report is left uncoded while its words still count in densities.
 */
async function mixedLanguages(docs: readonly SourceDocument[], codebooks: readonly string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  let eld: Detector | undefined;
  for (const doc of docs) {
    const own = doc.attributes.language!;
    if (!codebooks.includes(own)) continue;
    let checked = 0;
    const other = new Map<string, { chars: number; first: number }>();
    eld ??= await languageDetector();
    for (const { start, end, language: found, scores } of toldParagraphs(eld, doc)) {
      checked += end - start;
      if (found === undefined || found === own || !codebooks.includes(found)) continue;
      if ((scores[own] ?? 0) >= Math.max(0, ...Object.values(scores)) * CLOSE) continue;
      const x = other.get(found) ?? { chars: 0, first: start };
      x.chars += end - start;
      other.set(found, x);
    }
    const [language, part] = [...other].sort((a, b) => b[1].chars - a[1].chars)[0] ?? [];
    if (language === undefined || part === undefined || checked === 0 || part.chars < checked * MIXED_SHARE) continue;
    const share = Math.round((100 * part.chars) / checked);
    const line = doc.text.slice(0, part.first).split('\n').length;
    const offset = lineOffset(doc.text, line);
    out.push(warning('LANGUAGE_MIXED', `${share}% of its text reads as ${languageName(language)} (${language}) (as at line ${line}), but the document is coded as ${languageName(own)} (${own}) as a whole: the ${languageName(language)} part is left uncoded, while its words count in densities; give each language its own file`, { file: doc.id, offset }, { language: own, other: language, share }));
  }
  return out;
}

/**
 * Paragraphs of text[from, to) long enough to tell a language by (PARAGRAPH_CHARS or more, between
 * blank lines, else between lines), MIXED_SAMPLES of them at most, spread evenly from the first to
 * the last: [start, end) each.
 */
function sampledParagraphs(text: string, from: number, to: number): [number, number][] {
  const cut = (gap: string): [number, number][] => {
    const found: [number, number][] = [];
    for (let at = from; at < to; ) {
      const next = text.indexOf(gap, at);
      const end = next < 0 || next > to ? to : next;
      if (end - at >= PARAGRAPH_CHARS) found.push([at, end]);
      at = end + gap.length;
    }
    return found;
  };
  // A text without blank lines (one sentence per line) is cut at its lines.
  let paragraphs = cut('\n\n');
  if (paragraphs.length < 2) {
    const lines = cut('\n');
    if (lines.length > paragraphs.length) paragraphs = lines;
  }
  // All of them when few, else evenly from the first to the last.
  const n = paragraphs.length;
  if (n <= MIXED_SAMPLES) return paragraphs;
  return Array.from({ length: MIXED_SAMPLES }, (_, k) => paragraphs[Math.round((k * (n - 1)) / (MIXED_SAMPLES - 1))]!);
}

type Detector = Awaited<ReturnType<typeof languageDetector>>;

/** A sampled paragraph, [start, end) of its text, and what the detector made of it (reliable language, scores). */
interface ToldParagraph {
  start: number;
  end: number;
  language?: string;
  scores: Record<string, number>;
}

/** Each sampled paragraph of text[from, to) told its language by eld from its first DETECT_CHARS. */
function tellParagraphs(eld: Detector, text: string, from: number, to: number): ToldParagraph[] {
  return sampledParagraphs(text, from, to).map(([start, end]) => {
    const result = eld.detect(text.slice(start, Math.min(end, start + DETECT_CHARS)));
    const language = result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
    return { start, end, scores: result.getScores(), ...(language === undefined ? {} : { language }) };
  });
}

/** A document's paragraphs told (see tellParagraphs), worked out once for the language and the mixed-language checks. */
const toldOf = new WeakMap<SourceDocument, ToldParagraph[]>();
function toldParagraphs(eld: Detector, doc: SourceDocument): ToldParagraph[] {
  let told = toldOf.get(doc);
  if (!told) toldOf.set(doc, (told = tellParagraphs(eld, doc.text, doc.bodyStart, Math.min(doc.text.length, doc.bodyStart + SAMPLE_CHARS))));
  return told;
}

/** The language most told paragraphs are in, by characters, or undefined when fewer than two were told one. */
function vote(told: readonly ToldParagraph[]): string | undefined {
  const chars = new Map<string, number>();
  let n = 0;
  for (const p of told) {
    if (p.language === undefined) continue;
    n++;
    chars.set(p.language, (chars.get(p.language) ?? 0) + p.end - p.start);
  }
  if (n < 2) return undefined;
  return [...chars].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** Turns a speaker must have for the questioner check (see questionerWarning). */
const QUESTIONER_TURNS = 2;

/**
 * A respondent who looks like the interviewer, in a transcript where no turn was read as the
 * interviewer's (generic labels: "Speaker 1", "A", names): a speaker with QUESTIONER_TURNS turns or
 * more who asks questions in two thirds of them (a turn ending with `?`), or, between two speakers,
 * whose turns average under a third of the other's words (a speech-to-text export without
 * question marks). Their questions would be coded and quoted as evidence: a warning (id
 * QUESTIONER, place the document) names the speaker; the CLI adds how to name an interviewer.
 * `turns` are the document's turn units as coded. Pure.
 */
export function questionerWarning(doc: SourceDocument, turns: readonly Unit[]): Diagnostic | undefined {
  if (turns.some((t) => t.role === 'interviewer')) return undefined;
  const bySpeaker = new Map<string, { turns: number; questions: number; words: number }>();
  for (const t of turns) {
    if (t.speaker === undefined || t.role !== 'respondent') continue;
    const text = doc.text.slice(t.start, t.end).trim();
    const x = bySpeaker.get(t.speaker) ?? { turns: 0, questions: 0, words: 0 };
    x.turns++;
    if (/\?["'\u201d\u2019»)]*$/u.test(text)) x.questions++;
    x.words += text.split(/\s+/u).filter(Boolean).length;
    bySpeaker.set(t.speaker, x);
  }
  const speakers = [...bySpeaker].filter(([, x]) => x.turns >= QUESTIONER_TURNS);
  if (bySpeaker.size < 2) return undefined;
  const mean = (x: { turns: number; words: number }) => x.words / x.turns;
  for (const [name, x] of speakers) {
    const asks = x.questions * 3 >= x.turns * 2;
    const other = bySpeaker.size === 2 ? [...bySpeaker].find(([n]) => n !== name)![1] : undefined;
    const brief = other !== undefined && other.turns >= QUESTIONER_TURNS && mean(x) * 3 < mean(other);
    if (!asks && !brief) continue;
    const why = asks ? `asks questions in ${x.questions} of ${x.turns} turns` : `speaks ${Math.round(mean(x))} words a turn against ${Math.round(mean(other!))}`;
    return warning('QUESTIONER', `"${name}" ${why}, like an interviewer, but is read as a respondent: their questions are coded and quoted as evidence`, { file: doc.id }, { speaker: name });
  }
  return undefined;
}

async function detectLanguages(groups: Map<string, SourceDocument[]>, expected: readonly string[]): Promise<LanguageFinding[]> {
  const eld = await languageDetector();
  const findings: LanguageFinding[] = [];
  for (const [file, docs] of groups) {
    const text = sampleOf(docs);
    if (!hasLetters(text, MIN_LETTERS)) {
      findings.push({ file, language: null });
      continue;
    }
    // The detector reads only the start of a text: over several paragraphs, the language most of them
    // (by characters) are in decides, so that an English summary does not make a Lithuanian report English.
    // A file of one document has its paragraphs told once, for this and for the mixed-language check.
    const single = docs.length === 1 && !docs[0]!.regions ? docs[0]! : undefined;
    let language = vote(single ? toldParagraphs(eld, single) : tellParagraphs(eld, text, 0, text.length));
    if (language === undefined) {
      // Too few paragraphs to vote (a short text): the whole sample, and for a very short one the codebook languages it comes close to.
      const result = eld.detect(text);
      language = result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
      if (!hasLetters(text, SHORT_LETTERS)) language = closeExpected(result.getScores(), language, expected) ?? language;
    }
    if (language) for (const d of docs) d.attributes.language = language;
    findings.push({ file, language: language ?? null });
  }
  return findings;
}

/**
 * The findings of language detection over a whole run, one diagnostic per language detected (id
 * LANGUAGE_DETECTED, languages in code order) and one for the files with too little text
 * (LANGUAGE_UNKNOWN): `detected English (en) in 60 files: a, b, c, d, e and 55 more; ...`. Files
 * are named in the order of `findings`.
 */
export function languageDiagnostics(findings: readonly LanguageFinding[]): Diagnostic[] {
  const found = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const f of findings) {
    if (f.language === null) unknown.push(f.file);
    else found.set(f.language, [...(found.get(f.language) ?? []), f.file]);
  }
  const out: Diagnostic[] = [];
  for (const [language, files] of [...found].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(warning('LANGUAGE_DETECTED', `no language attribute: detected ${languageName(language)} (${language}) in ${count(files.length)}: ${examples(files)}; give "language" in front matter or the attributes CSV to be sure`, {}, { language, files }));
  }
  if (unknown.length > 0) {
    out.push(warning('LANGUAGE_UNKNOWN', `no language attribute, and too little text to tell the language of ${count(unknown.length)}: ${examples(unknown)}; they are coded with the first codebook's language; give "language" in front matter or the attributes CSV`, {}, { files: unknown }));
  }
  return out;
}

/**
 * The text a file's language is told by: its documents' content, at most SAMPLE_CHARS UTF-16 code
 * units of it (the detector's verdict settles long before; a 10 MB transcript is not read whole).
 */
function sampleOf(docs: readonly SourceDocument[]): string {
  let text = '';
  for (const doc of docs) {
    if (text.length >= SAMPLE_CHARS) break;
    text += (text === '' ? '' : '\n') + contentOf(doc).slice(0, SAMPLE_CHARS - text.length);
  }
  return text;
}

/**
 * For a short text: the codebook language (of `expected`) the detector scores within CLOSE of its
 * best, when its own guess is no codebook's language. "Policija mums neskambina." scores Latvian
 * 0.754 and Lithuanian 0.746: a study with English and Lithuanian codebooks means Lithuanian. A short
 * text clearly in another language keeps the detector's guess (and its "no codebook" warning).
 */
function closeExpected(scores: Record<string, number>, guess: string | undefined, expected: readonly string[]): string | undefined {
  if (guess !== undefined && expected.includes(guess)) return guess;
  const best = Math.max(0, ...Object.values(scores));
  let pick: string | undefined;
  for (const lang of expected) {
    const score = scores[lang] ?? 0;
    if (score >= best * CLOSE && score > 0 && (pick === undefined || score > (scores[pick] ?? 0))) pick = lang;
  }
  return pick;
}

/** Whether `text` has at least `n` letters (counted without building a list of them). */
function hasLetters(text: string, n: number): boolean {
  const letter = /\p{L}/gu;
  let found = 0;
  while (found < n && letter.exec(text) !== null) found++;
  return found >= n;
}

function contentOf(doc: SourceDocument): string {
  if (doc.regions) return doc.regions.map((r) => doc.text.slice(r.start, r.end)).join('\n');
  return doc.text.slice(doc.bodyStart);
}

// A survey file's rows are judged together, so findings count files.
const count = (n: number) => (n === 1 ? '1 file' : `${n} files`);
const examples = (ids: readonly string[]) => ids.slice(0, EXAMPLES).join(', ') + (ids.length > EXAMPLES ? ` and ${ids.length - EXAMPLES} more` : '');

/**
 * A document whose lines look like speaker labels that were not read as turns: labels alone on a
 * line with a time code, bracketed or bold labels, or name-like `Name:` labels of which at least two
 * come back (speakers talk more than once; "Activity 1:", "Activity 2:" in a report do not).
 */
function labelWarning(doc: SourceDocument): { message: string; line: number } | undefined {
  const reading = labelReading(doc);
  const { unrecognized } = reading;
  if (unrecognized.length === 0) return undefined;
  const times = new Map<string, number>();
  for (const u of unrecognized) times.set(u.label.toLowerCase(), (times.get(u.label.toLowerCase()) ?? 0) + 1);
  const strong = unrecognized.filter((u) => u.form !== 'colon');
  const repeated = unrecognized.filter((u) => u.form === 'colon' && NAME_LIKE.test(u.label) && (times.get(u.label.toLowerCase()) ?? 0) >= 2);
  const repeatedLabels = new Set(repeated.map((u) => u.label.toLowerCase()));
  // In a transcript one bold, bracketed or timed label not read as a turn is enough to say so (its words
  // are merged into the turn before); in other documents it takes two, so a lone "**Aim:**" heading passes.
  const shown = strong.length >= (reading.speakers.size > 0 ? 1 : 2) ? strong : repeatedLabels.size >= 2 ? repeated : [];
  if (shown.length === 0) return undefined;
  const list = shown.slice(0, 3).map((u) => `line ${u.line} "${u.label}"`).join(', ');
  const one = shown.length === 1;
  const what = reading.speakers.size > 0 ? `${one ? 'is' : 'are'} written differently from the speaker labels read as turns` : `${one ? 'looks like a speaker label' : 'look like speaker labels'}, but the document was not read as a transcript`;
  return { line: shown[0]!.line, message: `${shown.length} ${one ? 'line' : 'lines'} (${list}${shown.length > 3 ? ' ...' : ''}) ${what}; ${one ? 'its' : 'their'} words are coded as part of the text around ${one ? 'it' : 'them'}. Write each turn as "Name: words" (see README, Transcripts)` };
}

/** The offset (code points) where 1-based `line` of `text` starts. */
function lineOffset(text: string, line: number): number {
  let index = 0;
  for (let n = 1; n < line && index >= 0; n++) index = text.indexOf('\n', index) + 1 || -1;
  return index <= 0 ? 0 : Array.from(text.slice(0, index)).length;
}

const NAME_LIKE = /^(?:[\p{Lu}\p{N}][^\s]*)(?: [\p{Lu}\p{N}][^\s]*){0,2}$/u;

/** A language's English name: qeval's own label, else the one Intl knows (ca -> Catalan), else the code. */
function languageName(code: string): string {
  if (LANGUAGE_LABELS[code]) return LANGUAGE_LABELS[code]!;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
