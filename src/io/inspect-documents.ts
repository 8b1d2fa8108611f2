// Checks documents once they are read: language attributes normalized or detected, label-like lines not read as turns.
import type { SourceDocument } from '../model/types.js';
import { LANGUAGE_LABELS, normalizeLanguage } from '../lang/language.js';
import { labelReading } from '../text/segment.js';

/** Fewer letters than this are too little to tell a language by (eld is unreliable below a few words). */
const MIN_LETTERS = 12;
const EXAMPLES = 5;
/** How much of a file's text the language detector reads (UTF-16 code units). */
const SAMPLE_CHARS = 50_000;

/**
 * Normalizes each document's `language` attribute to an ISO 639-1 code (`LT`, `lt-LT`,
 * `Lithuanian` -> `lt`), so abbreviations, stemmer and codebook all see the same value. A document
 * without one gets the language the eld detector (n-gram detector, github.com/nitotm/efficient-language-detector-js)
 * finds in its content, and a warning names the guess; the rows of one survey file are judged
 * together. Also warns about documents whose lines look like speaker labels that were not read as
 * turns. Mutates `docs`' attributes; `onWarning` hears one line per finding.
 */
export async function inspectDocuments(docs: SourceDocument[], onWarning: (message: string) => void = () => undefined): Promise<void> {
  const missing = new Map<string, SourceDocument[]>();
  for (const doc of docs) {
    const language = normalizeLanguage(doc.attributes.language);
    if (language) doc.attributes.language = language;
    else {
      delete doc.attributes.language;
      const file = doc.regions ? (doc.id.split('#')[0] as string) : doc.id;
      missing.set(file, [...(missing.get(file) ?? []), doc]);
    }
  }
  if (missing.size > 0) await detectLanguages(missing, onWarning);
  for (const doc of docs) {
    if (doc.regions) continue;
    const warning = labelWarning(doc);
    if (warning) onWarning(`${doc.id}: ${warning}`);
  }
}

async function detectLanguages(groups: Map<string, SourceDocument[]>, onWarning: (message: string) => void): Promise<void> {
  const { eld } = await import('eld/small');
  const found = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const [file, docs] of groups) {
    const text = sampleOf(docs);
    const result = hasLetters(text, MIN_LETTERS) ? eld.detect(text) : undefined;
    const language = result && result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
    if (!language) {
      unknown.push(file);
      continue;
    }
    for (const d of docs) d.attributes.language = language;
    found.set(language, [...(found.get(language) ?? []), file]);
  }
  for (const [language, files] of [...found].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    onWarning(`no language attribute: detected ${LANGUAGE_LABELS[language] ?? language} (${language}) in ${count(files.length)}: ${examples(files)}; give "language" in front matter or the attributes CSV to be sure`);
  }
  if (unknown.length > 0) {
    onWarning(`no language attribute, and too little text to tell the language of ${count(unknown.length)}: ${examples(unknown)}; they are coded with the first codebook's language; give "language" in front matter or the attributes CSV`);
  }
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
function labelWarning(doc: SourceDocument): string | undefined {
  const reading = labelReading(doc);
  const { unrecognized } = reading;
  if (unrecognized.length === 0) return undefined;
  const times = new Map<string, number>();
  for (const u of unrecognized) times.set(u.label.toLowerCase(), (times.get(u.label.toLowerCase()) ?? 0) + 1);
  const strong = unrecognized.filter((u) => u.form !== 'colon');
  const repeated = unrecognized.filter((u) => u.form === 'colon' && NAME_LIKE.test(u.label) && (times.get(u.label.toLowerCase()) ?? 0) >= 2);
  const repeatedLabels = new Set(repeated.map((u) => u.label.toLowerCase()));
  const shown = strong.length >= 2 ? strong : repeatedLabels.size >= 2 ? repeated : [];
  if (shown.length === 0) return undefined;
  const list = shown.slice(0, 3).map((u) => `line ${u.line} "${u.label}"`).join(', ');
  const what = reading.speakers.size > 0 ? 'are written differently from the speaker labels read as turns' : 'look like speaker labels, but the document was not read as a transcript';
  return `${shown.length} lines (${list}${shown.length > 3 ? ' ...' : ''}) ${what}; their words are coded as part of the text around them. Write each turn as "Name: words" (see README, Transcripts)`;
}

const NAME_LIKE = /^(?:[\p{Lu}\p{N}][^\s]*)(?: [\p{Lu}\p{N}][^\s]*){0,2}$/u;
