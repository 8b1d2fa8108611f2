// Content-analysis dictionaries (LIWC .dic, quanteda YAML, WordStat .cat) read into a qeval codebook, with a report of what could not be carried over.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { QevalError, type Place } from '../model/errors.js';
import type { CodeSpec, CodebookSpec } from './types.js';

export const DICTIONARY_FORMATS = ['liwc', 'yaml', 'wordstat'] as const;
/** `liwc`: LIWC `.dic`; `yaml`: quanteda/YAML dictionary (nested keys, glob values); `wordstat`: WordStat `.cat`. */
export type DictionaryFormat = (typeof DICTIONARY_FORMATS)[number];

/** A dictionary entry as written, with where it was. */
export interface DictionaryEntry {
  pattern: string;
  place: Place;
}

/** A category: its name, its entries and its sub-categories. */
export interface DictionaryCategory {
  name: string;
  entries: DictionaryEntry[];
  children: DictionaryCategory[];
  place: Place;
  /** A description the dictionary gives (LIWC's text after the name). */
  description?: string;
}

/** Something of the dictionary that the codebook does not carry, or carries only approximately. */
export interface ImportNote {
  place: Place;
  message: string;
}

export interface Dictionary {
  categories: DictionaryCategory[];
  /** What the reader had to leave out (conditional LIWC categories, weights ...). */
  notes: ImportNote[];
}

/** The format a file name implies: `.dic` LIWC, `.yml`/`.yaml` quanteda YAML, `.cat` WordStat; undefined otherwise. */
export function formatOfFile(file: string): DictionaryFormat | undefined {
  const ext = file.toLowerCase().slice(file.lastIndexOf('.'));
  return ext === '.dic' ? 'liwc' : ext === '.yml' || ext === '.yaml' ? 'yaml' : ext === '.cat' ? 'wordstat' : undefined;
}

/**
 * Reads a LIWC dictionary: a header between two `%` lines with one category a line (`<number> <name>`,
 * tab or space separated, an optional description after the name), then one entry a line: the word or
 * phrase, then the numbers of its categories (tab separated; with spaces only, the trailing numbers are
 * the categories). LIWC2007's conditional assignments such as `(02 134)125/464` are left out with a note
 * (their plain numbers are kept). Throws QevalError LIWC_HEADER when the `%` header is missing or
 * unterminated and LIWC_CATEGORY for a malformed or repeated category line; an entry naming an unknown
 * category number is a note.
 */
export function readLiwc(text: string, file: string): Dictionary {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const start = lines.findIndex((l) => l.trim() !== '');
  if (start < 0 || lines[start]!.trim() !== '%') throw new QevalError('LIWC_HEADER', 'a LIWC dictionary starts with a line "%", then one "<number> <category>" line per category, then "%"', { file, line: start < 0 ? 1 : start + 1, column: 1 });
  const end = lines.findIndex((l, i) => i > start && l.trim() === '%');
  if (end < 0) throw new QevalError('LIWC_HEADER', 'the category list opened with "%" on line ' + (start + 1) + ' is never closed by a "%" line', { file, line: start + 1, column: 1 });
  const byNumber = new Map<string, DictionaryCategory>();
  const categories: DictionaryCategory[] = [];
  const notes: ImportNote[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^(\d+)\s+(\S+)(?:\s+(.*))?$/u.exec(line);
    const place = { file, line: i + 1, column: 1 };
    if (!m) throw new QevalError('LIWC_CATEGORY', `"${line}" is not a category line ("<number> <name>")`, place);
    const number = String(Number(m[1]));
    if (byNumber.has(number)) throw new QevalError('LIWC_CATEGORY', `category number ${m[1]} is defined twice`, place);
    const category: DictionaryCategory = { name: m[2]!, entries: [], children: [], place };
    if (m[3]) category.description = m[3].replace(/^\((.*)\)$/, '$1').trim();
    byNumber.set(number, category);
    categories.push(category);
  }
  for (let i = end + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const place = { file, line: i + 1, column: 1 };
    let word: string;
    let rest: string[];
    if (raw.includes('\t')) {
      const [first, ...others] = raw.split('\t');
      word = first!.trim();
      rest = others.join(' ').match(/\([^)]*\)\S*|\S+/g) ?? [];
    } else {
      const tokens = raw.trim().match(/\([^)]*\)\S*|\S+/g) ?? [];
      let k = tokens.length;
      while (k > 1 && /^\d+$/.test(tokens[k - 1]!)) k--;
      word = tokens.slice(0, k).join(' ');
      rest = tokens.slice(k);
    }
    for (const token of rest) {
      if (/^\d+$/.test(token)) {
        const category = byNumber.get(String(Number(token)));
        if (category) category.entries.push({ pattern: word, place });
        else notes.push({ place, message: `entry "${word}" names category ${token}, which the header does not define; left out of it` });
      } else {
        notes.push({ place, message: `entry "${word}": the conditional category assignment "${token}" (it depends on the word before) cannot be carried over; its unconditional categories are kept` });
      }
    }
  }
  return { categories, notes };
}

/**
 * Reads a quanteda-style YAML dictionary: keys are categories, nested maps are sub-categories, and a
 * key's list holds its entries (glob patterns; a list item may also be a map of sub-categories).
 * Throws QevalError DICTIONARY_YAML on invalid YAML or a top level that is not a map; a value of another
 * kind (a number, an empty key) is a note.
 */
export function readYamlDictionary(text: string, file: string): Dictionary {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const placeOf = (node: Node | null | undefined): Place => {
    if (!node?.range) return { file };
    const p = counter.linePos(node.range[0]);
    return { file, line: p.line, column: p.col };
  };
  const first = doc.errors[0];
  if (first) {
    const p = counter.linePos(first.pos[0]);
    throw new QevalError('DICTIONARY_YAML', `not valid YAML: ${first.message.split('\n')[0]}`, { file, line: p.line, column: p.col });
  }
  if (!isMap(doc.contents)) throw new QevalError('DICTIONARY_YAML', 'a YAML dictionary is a map of categories to lists of entries (or to maps of sub-categories)', { file, line: 1, column: 1 });
  const notes: ImportNote[] = [];
  const fromMap = (map: Node): DictionaryCategory[] => {
    if (!isMap(map)) return [];
    return map.items.map((pair) => {
      const keyNode = pair.key as Node;
      const category: DictionaryCategory = { name: String(isScalar(keyNode) ? keyNode.value : keyNode), entries: [], children: [], place: placeOf(keyNode) };
      addValue(category, pair.value as Node | null);
      return category;
    });
  };
  const addValue = (category: DictionaryCategory, value: Node | null) => {
    if (value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === ''))) {
      notes.push({ place: category.place, message: `category "${category.name}" has no entries` });
    } else if (isMap(value)) {
      category.children.push(...fromMap(value));
    } else if (isSeq(value)) {
      for (const item of value.items as Node[]) {
        if (isMap(item)) category.children.push(...fromMap(item));
        else if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) category.entries.push({ pattern: String(item.value), place: placeOf(item) });
        else notes.push({ place: placeOf(item), message: `an entry of "${category.name}" is neither a word nor a map of sub-categories; left out` });
      }
    } else if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) {
      category.entries.push({ pattern: String(value.value), place: placeOf(value) });
    } else {
      notes.push({ place: placeOf(value), message: `the value of "${category.name}" is neither a list of entries nor a map of sub-categories; left out` });
    }
  };
  return { categories: fromMap(doc.contents), notes };
}

/**
 * Reads a WordStat category file: a line without a weight is a category, a line ending in `(<weight>)`
 * an entry of the category above it; indentation (tabs, or spaces) nests categories. Underscores in
 * entries join the words of a phrase. Weights other than 1 are notes (qeval codes, it does not weigh).
 * Throws QevalError WORDSTAT_ENTRY for an entry before any category.
 */
export function readWordStat(text: string, file: string): Dictionary {
  const notes: ImportNote[] = [];
  const roots: DictionaryCategory[] = [];
  const stack: { indent: number; category: DictionaryCategory }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const place = { file, line: i + 1, column: 1 };
    const indent = /^[\t ]*/.exec(line)![0].replace(/\t/g, '    ').length;
    const body = line.trim();
    const entry = /^(.*?)\s*\(\s*([-+]?\d+(?:[.,]\d+)?)\s*\)$/u.exec(body);
    if (entry) {
      while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
      const parent = stack.at(-1)?.category;
      if (!parent) throw new QevalError('WORDSTAT_ENTRY', `entry "${entry[1]}" comes before any category; a category line (without a weight) must come first`, place);
      if (Number(entry[2]!.replace(',', '.')) !== 1) notes.push({ place, message: `entry "${entry[1]}" has weight ${entry[2]}; qeval codes without weights, so it counts like any other entry` });
      parent.entries.push({ pattern: entry[1]!.replace(/_/g, ' '), place });
      return;
    }
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    const category: DictionaryCategory = { name: body, entries: [], children: [], place };
    (stack.at(-1)?.category.children ?? roots).push(category);
    stack.push({ indent, category });
  });
  return { categories: roots, notes };
}

/** Reads a dictionary of the given format (see the readers). */
export function readDictionary(text: string, file: string, format: DictionaryFormat): Dictionary {
  if (format === 'liwc') return readLiwc(text, file);
  if (format === 'yaml') return readYamlDictionary(text, file);
  return readWordStat(text, file);
}

/** A code id segment from a category name: lowercase ASCII letters, digits, _ and -, accents dropped. */
function slug(name: string): string {
  const s = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return s;
}

const WORD_CHAR = "\\p{L}\\p{M}\\p{N}'’";

/**
 * A dictionary pattern as a qeval term, as a regular expression, or why it cannot be either. Matching
 * is case-insensitive in all three. `*` (any letters, also none) is carried as qeval's in-word wildcard:
 * at the end, start or both ends of a word, or once inside it. A pattern with `?` (exactly one
 * character) has no term form: it becomes an RE2 regex matching the whole word(s) between non-word
 * characters (so the matched text a segment shows includes the character on each side). Not carried:
 * entries without letters or digits (emoticons, punctuation), which qeval's words never are, and words
 * with `*` in more than one inner place.
 */
export function termOfPattern(pattern: string): { term: string } | { regex: string } | { problem: string } {
  const p = pattern.trim().toLowerCase().replace(/\s+/g, ' ');
  if (p === '') return { problem: 'is empty' };
  if (/^[@~]/.test(p)) return { problem: `starts with "${p[0]}", which means a lexicon or a stem in qeval; rewrite it without` };
  // The words as the tokenizer splits text (as termWords does), `?` kept as part of a word.
  const words = p.replace(/[^\p{L}\p{M}\p{N}*?'’]+/gu, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0 || words.every((w) => /^[*?]*$/.test(w))) return { problem: 'has no letters or digits (qeval matches words)' };
  for (const w of words) {
    const inner = w.replace(/^\*/, '').replace(/\*$/, '');
    if ((inner.match(/\*/g) ?? []).length > 1) return { problem: `"${w}" has "*" in more than one place inside the word, which qeval terms cannot express` };
    if (/^\*+$/.test(w)) return { problem: 'has a word that is only "*"' };
  }
  if (p.includes('?')) {
    const word = (w: string) => w.split('').map((ch) => (ch === '?' ? `[${WORD_CHAR}]` : ch === '*' ? `[${WORD_CHAR}]*` : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    return { regex: `(?:^|[^${WORD_CHAR}])${words.map(word).join('[ \\t-]+')}(?:[^${WORD_CHAR}]|$)` };
  }
  // Characters the tokenizer does not keep in words (e.g. "e.g.", "self-esteem") separate words, as in the text.
  return { term: words.join(' ') };
}

export interface ImportOptions {
  /** The codebook's name (a slug is made of it). */
  name: string;
  /** Language of the texts the codebook codes. */
  language: string;
  /** Coding unit (default sentence). */
  unit?: CodebookSpec['unit'];
  /** What the dictionary is, for each code's definition, e.g. `LIWC dictionary "my.dic"`. */
  source: string;
}

/**
 * The codebook of a dictionary: one code per category (sub-categories nested, ids made from the names,
 * made unique among siblings with -2, -3 ...), each with one `any` rule of its entries as terms. Its
 * defaults make qeval count words as a dictionary does: negated matches count (`negated: ignore`),
 * every speaker's words count (`speakers: all`), no negation exceptions (`negation.except: []`), no
 * stemming. Returns the codebook spec and the notes of the dictionary plus an entry per pattern that
 * could not be carried over.
 */
export function dictionaryToCodebook(dictionary: Dictionary, options: ImportOptions): { spec: CodebookSpec; notes: ImportNote[] } {
  const notes = [...dictionary.notes];
  const toCodes = (list: readonly DictionaryCategory[], parent: string | undefined): CodeSpec[] => {
    const used = new Set<string>();
    return list.map((category, i) => {
      const base = slug(category.name) || `category-${i + 1}`;
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      const full = parent ? `${parent}.${id}` : id;
      const terms: string[] = [];
      const regexes: string[] = [];
      for (const entry of category.entries) {
        const t = termOfPattern(entry.pattern);
        if ('problem' in t) notes.push({ place: entry.place, message: `entry "${entry.pattern}" of "${category.name}" ${t.problem}; left out` });
        else if ('regex' in t) {
          if (!regexes.includes(t.regex)) regexes.push(t.regex);
          notes.push({ place: entry.place, message: `entry "${entry.pattern}" of "${category.name}" uses "?" (exactly one character): carried as a regex rule, whose matched text includes the character before and after the word` });
        } else if (!terms.includes(t.term)) terms.push(t.term);
      }
      const code: CodeSpec = {
        id: full,
        label: category.name,
        definition: `Category "${category.name}"${category.description ? ` (${category.description})` : ''} of the ${options.source}.`,
      };
      const rules = [...(terms.length > 0 ? [{ any: terms }] : []), ...(regexes.length > 0 ? [{ regex: regexes.join('|') }] : [])];
      if (rules.length > 0) code.rules = rules;
      else if (category.children.length === 0) notes.push({ place: category.place, message: `category "${category.name}" has no entries qeval can match; its code has no rules` });
      if (category.children.length > 0) code.codes = toCodes(category.children, full);
      return code;
    });
  };
  const codes = toCodes(dictionary.categories, undefined);
  if (codes.length === 0) throw new QevalError('DICTIONARY_EMPTY', 'the dictionary has no categories', { file: dictionary.categories[0]?.place.file });
  const spec: CodebookSpec = {
    codebook: slug(options.name).replace(/^[-_]+/, '') || 'dictionary',
    version: '1.0.0',
    title: `${options.name} (imported ${options.source})`,
    language: options.language,
    unit: options.unit ?? 'sentence',
    defaults: { stem: false, negated: 'ignore', speakers: 'all' },
    negation: { except: [] },
    codes,
  };
  const line = (n: ImportNote) => n.place.line ?? 0;
  return { spec, notes: notes.sort((a, b) => line(a) - line(b)) };
}
