// Turns a parsed REFI-QDA project into qeval's shapes: documents, attributes, a codebook (rules empty) and segments.
import { agree, counted } from '../model/words.js';
import { stringify } from 'yaml';
import { parseCodebook } from '../codebook/load.js';
import type { CodebookSpec, CodeSpec } from '../codebook/types.js';
import { QevalError } from '../model/errors.js';
import { UNIT_KINDS, type CodedSegment, type SourceDocument, type UnitKind } from '../model/types.js';
import { segmentSource, type segmentText } from '../text/segment.js';
import { readSurvey } from '../io/read-survey.js';
import { sortSegments } from '../render/segments.js';
import { toCsv } from '../render/csv.js';
import { Positions } from '../engine/positions.js';
import { parseCodeDescription, parseProjectDescription, parseSegmentDescription } from './descriptions.js';
import { PositionMap, utf16Offsets, type PositionCounting } from './positions.js';
import { walkCodes, type RefiCode, type RefiCoding, type RefiProject } from './project.js';

export interface ImportOptions {
  /** The file imported, for messages. */
  file: string;
  /** How the project's positions are counted; default from its `origin` (see positions.ts). */
  counting: PositionCounting;
  /** Codebook language (ISO 639); default: the project's qeval codebook, else the documents' `language` attribute, else `detected`, else `en`. */
  language?: string;
  /** The language most of the sources' texts are in, as detected (see importRefiFile), for a project that names none. */
  detected?: string;
  /** Import what is valid and report the rest as warnings, instead of failing on the first problems. */
  skipInvalid?: boolean;
}

/** A source's text as found in the archive, or why it is missing. */
export type SourceText = { text: string } | { missing: string };

export interface ImportedDocument {
  /** The document id: a relative path with `/` separators (also the file's path under documents/). */
  id: string;
  /** Normalized text (no BOM, LF line ends), written as UTF-8. */
  text: string;
  attributes: Record<string, string>;
  /** The name the source had in the project. */
  sourceName: string;
  /**
   * For a survey CSV (a source whose cases are its rows, `<file>#<row>`): the row documents the
   * survey reader gives for the written file, with their cases' values over the columns'
   * attributes; the file's own `attributes` are then empty and segments name the rows.
   */
  rows?: SourceDocument[];
}

export interface ImportResult {
  documents: ImportedDocument[];
  segments: CodedSegment[];
  /** The codebook YAML (validated as a qeval codebook), or undefined when the project has no codes. */
  codebookYaml?: string;
  codebook?: CodebookSpec;
  /** The attributes CSV: a `document` column and one column per variable. */
  attributesCsv: string;
  /** Things the user should know that did not stop the import (stderr). */
  warnings: string[];
  counts: { sources: number; codes: number; codings: number; users: number; byCoder: Record<string, number> };
  /** Whether qeval wrote the project (its code ids and segment evidence were restored). */
  fromQeval: boolean;
}

/**
 * Extensions of the files a project's sources come from whose text is written as `.txt`: documents,
 * subtitles and the media a transcript belongs to (a name such as "Interview 3. Vilnius" has no
 * extension to replace, and keeps its last part).
 */
const SOURCE_EXTENSIONS = /\.(docx?|rtf|rtfd|odt|pdf|html?|xml|pages|srt|vtt|sbv|mp3|m4a|wav|ogg|oga|flac|aac|wma|mp4|m4v|mov|avi|mkv|webm|wmv|jpe?g|png|gif|tiff?|bmp)$/i;

/** A source name's file name as written: `.txt` and `.md` kept, a known source extension replaced by `.txt`, `.txt` added otherwise. */
const asTextName = (name: string): string => (/\.(txt|md)$/i.test(name) ? name : SOURCE_EXTENSIONS.test(name) ? name.replace(SOURCE_EXTENSIONS, '.txt') : `${name}.txt`);
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A safe relative path for a source name: path separators (`/`, `\`) make folders, `.`/`..` and
 * empty parts are dropped, characters no file system takes are replaced, and a name that is not
 * `.txt`/`.md` gets `.txt` (the extension of a document, subtitle or media file is replaced: SOURCE_EXTENSIONS). The result never leaves the
 * target folder.
 */
export function documentPath(name: string, fallback: string): string {
  // Control characters are exactly what must go: no file system takes them in names.
  // eslint-disable-next-line no-control-regex
  const parts = name.split(/[/\\]+/).map((p) => p.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/[. ]+$/, '').trim()).filter((p) => p !== '' && p !== '.' && p !== '..');
  if (parts.length === 0) parts.push(fallback);
  const safe = parts.map((p) => (WINDOWS_RESERVED.test(p) ? `_${p}` : p).replace(/^\.+/, '_'));
  const last = safe.pop()!;
  return [...safe, asTextName(last)].join('/');
}

/** An ASCII id part from a code name (`Észlelt fogékonyság` -> `eszlelt-fogekonysag`), empty when nothing is left. */
export function slug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').replace(/[æÆ]/g, 'ae').toLowerCase();
  const s = ascii.replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  if (s.length <= 40) return s;
  const cut = s.slice(0, 40);
  return (cut.lastIndexOf('-') > 20 ? cut.slice(0, cut.lastIndexOf('-')) : cut).replace(/-+$/, '');
}

function expandColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const c = color.trim();
  if (/^#[0-9A-Fa-f]{6}$/.test(c)) return c;
  if (/^#[0-9A-Fa-f]{3}$/.test(c)) return `#${[...c.slice(1)].map((x) => x + x).join('')}`;
  return undefined;
}

interface CodeEntry {
  spec: CodeSpec;
  guid: string;
}

/** The code tree with qeval ids: the id qeval wrote (when it fits the tree), else one made from the name, unique among siblings. */
function buildCodes(codes: readonly RefiCode[], origin: string, warnings: string[]): { tree: CodeSpec[]; byGuid: Map<string, CodeEntry>; undefinedCount: number } {
  const byGuid = new Map<string, CodeEntry>();
  let undefinedCount = 0;
  // ATLAS.ti writes a category as "Category::code": such a top-level code goes under its category.
  const nested = nestColonNames(codes);
  const taken = new Set<string>();
  const visit = (list: readonly RefiCode[], parent: CodeSpec | undefined): CodeSpec[] => {
    const siblings = new Set<string>();
    return list.map((c, i) => {
      const parts = parseCodeDescription(c.description);
      const prefix = parent ? `${parent.id}.` : '';
      let id = parts.id && /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(parts.id) && parts.id.startsWith(prefix) && !parts.id.slice(prefix.length).includes('.') && !taken.has(parts.id) ? parts.id : undefined;
      if (!id) {
        const base = slug(c.name.split('::').pop() ?? c.name) || `code-${i + 1}`;
        let candidate = `${prefix}${base}`;
        for (let n = 2; siblings.has(candidate) || taken.has(candidate); n++) candidate = `${prefix}${base}-${n}`;
        id = candidate;
      }
      siblings.add(id);
      taken.add(id);
      const label = (c.name.split('::').pop() ?? '').trim() || id.split('.').pop()!;
      let definition = parts.definition;
      if (!definition) {
        definition = `No definition in the ${origin}; write one.`;
        undefinedCount++;
      }
      const spec: CodeSpec = { id, label, definition };
      if (parts.use_when) spec.use_when = parts.use_when;
      if (parts.not_when) spec.not_when = parts.not_when;
      if (parts.quadrant && !parent) spec.quadrant = parts.quadrant;
      if (parts.role) spec.role = parts.role;
      const color = expandColor(c.color);
      if (color) spec.color = color;
      else if (c.color) warnings.push(`code "${c.name}": color "${c.color}" is not #rrggbb; left out`);
      if (parts.examples?.length) spec.examples = parts.examples;
      if (parts.counter_examples?.length) spec.counter_examples = parts.counter_examples;
      byGuid.set(c.guid, { spec, guid: c.guid });
      const children = visit(c.children, spec);
      if (children.length > 0) spec.codes = children;
      return spec;
    });
  };
  return { tree: visit(nested, undefined), byGuid, undefinedCount };
}

/** Moves top-level codes named `A::B` under the code named `A` (created as a category when absent). */
function nestColonNames(codes: readonly RefiCode[]): RefiCode[] {
  if (!codes.some((c) => c.name.includes('::'))) return [...codes];
  const top: RefiCode[] = [];
  const byName = new Map<string, RefiCode>();
  const copy = (c: RefiCode): RefiCode => ({ ...c, children: [...c.children] });
  for (const c of codes) {
    if (c.name.includes('::')) continue;
    const k = copy(c);
    top.push(k);
    if (!byName.has(c.name)) byName.set(c.name, k);
  }
  for (const c of codes) {
    if (!c.name.includes('::')) continue;
    const parts = c.name.split('::').map((p) => p.trim());
    let siblings = top;
    let path = '';
    for (const p of parts.slice(0, -1)) {
      path = path ? `${path}::${p}` : p;
      let parent = byName.get(path);
      if (!parent) {
        parent = { guid: `category:${path}`, name: p, isCodable: false, children: [] };
        byName.set(path, parent);
        siblings.push(parent);
      }
      siblings = parent.children;
    }
    siblings.push({ ...copy(c), name: parts[parts.length - 1] ?? c.name });
  }
  return top;
}

/** Code point offsets -> UTF-16 indices and lines of one normalized text. */
class TextIndex {
  private readonly utf16: Int32Array;
  private readonly positions: Positions;
  readonly length: number;
  constructor(readonly text: string) {
    this.utf16 = utf16Offsets(text);
    this.length = this.utf16.length - 1;
    this.positions = new Positions(text);
  }
  index(cp: number): number {
    return this.utf16[cp] as number;
  }
  line(cp: number): number {
    return this.positions.line(this.index(cp));
  }
  slice(start: number, end: number): string {
    return this.text.slice(this.index(start), this.index(end));
  }
}

function normalizeText(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Converts a parsed project and its source texts into qeval's documents, attributes, codebook and
 * segments. Positions are converted from the project's counting to code points in the
 * LF-normalized text. Each `Coding` becomes one segment whose coder is the coding's user (else the
 * selection's, else the project's creator); a coding of a whole source covers its whole text.
 * Selections outside their text, empty or reversed, codings of unknown codes and coded sources
 * whose text is missing are errors (QevalError, all of them at once) unless `skipInvalid`, which
 * leaves them out with a warning each; nothing is clamped.
 */
export function projectToQeval(project: RefiProject, texts: ReadonlyMap<string, SourceText>, options: ImportOptions): ImportResult {
  const warnings: string[] = [];
  const problems: QevalError[] = [];
  const fromQeval = /^qeval\b/i.test(project.origin ?? '');
  const originName = project.origin ? `${project.origin.split(/\s+\d/)[0]!.trim() || project.origin} project` : project.kind === 'codebook' ? 'imported codebook' : 'imported project';
  const identity = parseProjectDescription(project.description) ?? (project.kind === 'codebook' ? parseProjectDescription(project.origin) : undefined);
  const file = options.file;

  // Coders: user names, made unique.
  const userNames = new Map<string, string>();
  const nameCount = new Map<string, number>();
  for (const u of project.users) nameCount.set(u.name, (nameCount.get(u.name) ?? 0) + 1);
  for (const u of project.users) userNames.set(u.guid, !u.name ? `user ${u.guid}` : (nameCount.get(u.name) ?? 0) > 1 ? `${u.name} (${u.guid.slice(0, 8)})` : u.name);
  const coderOf = (...guids: (string | undefined)[]) => {
    const g = guids.find((x) => x !== undefined);
    if (g === undefined) return 'unknown';
    const name = userNames.get(g);
    if (name === undefined) {
      userNames.set(g, `user ${g}`);
      warnings.push(`user ${g} codes in the project but is not among its users; the coder is named "user ${g}"`);
      return `user ${g}`;
    }
    return name;
  };

  const codes = buildCodes(project.codes, originName, warnings);

  // Documents: one per text source whose text was found.
  const variableNames = new Map(project.variables.map((v) => [v.guid, v.name || v.guid]));
  const usedPaths = new Set<string>();
  const documents: ImportedDocument[] = [];
  const segments: CodedSegment[] = [];
  const byCoder: Record<string, number> = {};
  const language = options.language ?? identity?.language;
  const unitKind: UnitKind = identity && (UNIT_KINDS as readonly string[]).includes(identity.unit) ? (identity.unit as UnitKind) : 'sentence';
  const textSources = [...project.sources];
  textSources.forEach((source, i) => {
    const where = `source "${source.name || source.guid}"`;
    const found = texts.get(source.guid) ?? { missing: 'no plainTextPath and no PlainTextContent' };
    const coded = source.selections.some((s) => s.codings.length > 0) || source.codings.length > 0;
    if ('missing' in found) {
      const message = `${where}: its text is missing (${found.missing})`;
      if (coded) problems.push(new QevalError('REFI_SOURCE_MISSING', `${message}; its codings cannot be placed`, { file }));
      else warnings.push(`${message}; skipped`);
      return;
    }
    const survey = /\.csv$/i.test(source.name) && project.cases.some((c) => c.sources.includes(source.guid) && c.name.startsWith(`${source.name}#`));
    const base = survey ? documentPath(source.name, `source-${i + 1}`).replace(/\.txt$/, '') : documentPath(source.name, `source-${i + 1}`);
    const dot = base.lastIndexOf('.');
    let id = base;
    for (let n = 2; usedPaths.has(id.toLowerCase()); n++) id = `${base.slice(0, dot)}-${n}${base.slice(dot)}`;
    usedPaths.add(id.toLowerCase());
    const natural = survey ? source.name : asTextName(source.name);
    if (id !== natural) warnings.push(`${where} is written as documents/${id} (its name is not a safe or unique file name)`);
    const text = normalizeText(found.text);
    const map = new PositionMap(found.text.replace(/^\uFEFF/, ''), options.counting);
    const index = new TextIndex(text);
    const attributes: Record<string, string> = {};
    const addValue = (variable: string, value: string, from: string) => {
      const name = variableNames.get(variable) ?? variable;
      if (value === '') return;
      const known = attributes[name];
      if (known !== undefined && known !== value) {
        warnings.push(`${where}: attribute "${name}" is "${known}" and, from ${from}, "${value}"; kept both, separated by "; "`);
        attributes[name] = [...new Set([...known.split('; '), value])].sort().join('; ');
      } else {
        attributes[name] = value;
      }
    };
    // A survey's rows, as the survey reader reads the written file back, each with its case's values.
    let rows: SourceDocument[] | undefined;
    if (survey) {
      let read: SourceDocument[];
      try {
        read = readSurvey(id, id, Buffer.from(text, 'utf8'), { cwd: '.' });
      } catch (e) {
        if (!(e instanceof QevalError)) throw e;
        problems.push(new QevalError('REFI_SURVEY_UNREADABLE', `${where}: its cases are survey rows, but its text is not a survey CSV qeval reads (${e.format()})`, { file }));
        return;
      }
      rows = read.map((r) => {
        const own = project.cases.find((c) => c.sources.includes(source.guid) && c.name === `${source.name}${r.id.slice(id.length)}`);
        const values = { ...r.attributes };
        for (const v of own?.values ?? []) if (v.value !== '') values[variableNames.get(v.variable) ?? v.variable] = v.value;
        return { ...r, attributes: values };
      });
    } else {
      for (const v of source.values) addValue(v.variable, v.value, 'the source');
      for (const c of project.cases.filter((k) => k.sources.includes(source.guid)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        for (const v of c.values) addValue(v.variable, v.value, `case "${c.name}"`);
        if (c.name && c.name !== source.name && c.values.length === 0) addValue('case', c.name, `case "${c.name}"`);
      }
    }
    documents.push(rows ? { id, text, attributes, sourceName: source.name, rows } : { id, text, attributes, sourceName: source.name });
    /** The document a span belongs to: the source, or the survey row whose answer cell holds it. */
    const documentOf = (start: number, end: number): { id: string; regions?: SourceDocument['regions']; bodyStart: number; attributes: Record<string, string> } | undefined => {
      if (!rows) return { id, bodyStart: 0, attributes };
      const a = index.index(start);
      const b = index.index(end);
      return rows.find((r) => (r.regions ?? []).some((g) => g.start <= a && b <= g.end));
    };

    const units = new Map<string, ReturnType<typeof segmentText>>();
    /** The unit a segment starts in, numbered as `qeval code` numbers its document's units (a survey row's: its answers). */
    const unitAt = (doc: NonNullable<ReturnType<typeof documentOf>>, startCp: number) => {
      let segmentation = units.get(doc.id);
      if (!segmentation) {
        segmentation = segmentSource({ text, bodyStart: doc.bodyStart, regions: doc.regions }, { language: language ?? doc.attributes.language });
        units.set(doc.id, segmentation);
      }
      const list = segmentation[unitKind];
      const at = index.index(startCp);
      const u = list.find((x) => x.end > at) ?? list[list.length - 1];
      return u ? { unit: `${unitKind}:${u.index}`, speaker: u.speaker ?? null } : { unit: `${unitKind}:0`, speaker: null };
    };
    const place = (codings: RefiCoding[], start: number, end: number, selectionUser: string | undefined, description: string | undefined, what: string) => {
      for (const coding of codings) {
        const code = codes.byGuid.get(coding.code);
        if (!code) {
          problems.push(new QevalError('REFI_UNKNOWN_CODE', `${what} in ${where} is coded with code ${coding.code}, which the codebook does not have`, { file }));
          continue;
        }
        const doc = documentOf(start, end);
        if (doc === undefined) {
          problems.push(new QevalError('REFI_SELECTION_OUTSIDE_ANSWERS', `${what} in ${where} is not inside one answer of one respondent row of the survey`, { file }));
          continue;
        }
        const coder = coderOf(coding.user, selectionUser, project.creatingUser);
        const unit = unitAt(doc, start);
        const recorded = fromQeval ? parseSegmentDescription(description) : {};
        // A page and a time go where qeval code writes them, after the line (same key order, same JSON).
        const { page, time, ...evidence } = recorded;
        const segment: CodedSegment = {
          document: doc.id, code: code.spec.id, start, end, line: index.line(start), ...(page === undefined ? {} : { page }), ...(time === undefined ? {} : { time }), unit: unit.unit, speaker: unit.speaker,
          text: index.slice(start, end), coder, rule: null, matched: [],
        };
        if (fromQeval) Object.assign(segment, { speaker: null }, evidence);
        segments.push(segment);
        byCoder[coder] = (byCoder[coder] ?? 0) + 1;
      }
    };
    place(source.codings, 0, index.length, source.user, undefined, 'the whole source');
    for (const sel of source.selections) {
      const what = `selection ${sel.guid} (${sel.start}-${sel.end})`;
      const start = map.start(sel.start);
      const end = map.end(sel.end);
      if (start === undefined || end === undefined) {
        problems.push(new QevalError('REFI_SELECTION_OUT_OF_RANGE', `${what} in ${where} lies outside its text (${map.length} ${countingNoun(options.counting)}); check --positions, or whether the text was edited after coding`, { file }));
        continue;
      }
      if (end <= start) {
        problems.push(new QevalError('REFI_SELECTION_EMPTY', `${what} in ${where} is empty or reversed`, { file }));
        continue;
      }
      place(sel.codings, start, end, sel.user, sel.description, what);
    }
  });

  if (problems.length > 0) {
    if (!options.skipInvalid) throw QevalError.all(problems.slice(0, 50).concat(problems.length > 50 ? [new QevalError(problems[0]!.code, `... and ${problems.length - 50} more problems like these`, { file })] : []));
    for (const p of problems) warnings.push(`${p.message} (skipped)`);
  }

  // The codebook.
  let codebookYaml: string | undefined;
  let codebook: CodebookSpec | undefined;
  if (codes.tree.length > 0) {
    const languages = [...new Set(documents.map((d) => d.attributes.language).filter((l): l is string => l !== undefined && /^[a-z]{2,3}$/.test(l)))];
    const lang = language ?? (languages.length === 1 ? languages[0]! : (options.detected ?? 'en'));
    codebook = {
      codebook: identity?.codebook ?? (slug(project.name) || slug(file.replace(/^.*[/\\]/, '').replace(/\.[^.]+$/, '')) || 'imported'),
      version: identity?.version ?? '1.0.0',
      title: project.name || undefined,
      description: fromQeval ? undefined : `Imported from ${file}${project.origin ? ` (${project.origin})` : ''}: definitions kept, rules to be written.`,
      language: lang,
      unit: unitKind,
      codes: codes.tree,
    };
    if (!codebook.title) delete codebook.title;
    if (!codebook.description) delete codebook.description;
    const header = [
      `# Imported from ${file.replace(/^.*[/\\]/, '')}${project.origin ? ` (written by ${project.origin})` : ''} by qeval import.`,
      '# Codes have no rules: `qeval code` finds nothing with this codebook until rules are added (see the README,',
      '# "The codebook format") or a model is trained on the imported coding (`qeval train`).',
      '',
    ].join('\n');
    codebookYaml = header + stringify(codebook, { lineWidth: 0 });
    try {
      parseCodebook(codebookYaml, 'codebook.yaml');
    } catch (e) {
      const detail = e instanceof QevalError ? e.format() : (e as Error).message;
      throw new QevalError('REFI_CODEBOOK_INVALID', `the imported codes do not make a valid qeval codebook (${detail})`, { file });
    }
    if (codes.undefinedCount > 0) warnings.push(`${counted(codes.undefinedCount, 'code')} ${agree(codes.undefinedCount, 'has', 'have')} no description in the project; their definition in codebook.yaml says so`);
  } else {
    warnings.push('the project has no codes: no codebook.yaml written');
  }

  documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const attributeRows = documents.flatMap((d): { id: string; attributes: Record<string, string> }[] => d.rows ?? [d]);
  const attributeNames = [...new Set(attributeRows.flatMap((d) => Object.keys(d.attributes)))].sort();
  const attributesCsv = toCsv(['document', ...attributeNames], attributeRows.map((d) => [d.id, ...attributeNames.map((a) => d.attributes[a] ?? '')]));
  const sorted = sortSegments(segments.sort((a, b) => (a.coder < b.coder ? -1 : a.coder > b.coder ? 1 : 0)));
  const notImported = Object.entries(project.notImported).map(([k, v]) => `${v} ${k}`);
  if (notImported.length > 0) warnings.push(`not imported (qeval codes text only): ${notImported.join(', ')}`);
  return {
    documents,
    segments: sorted,
    codebookYaml,
    codebook,
    attributesCsv,
    warnings,
    counts: { sources: documents.length, codes: walkCodes(project.codes).length, codings: sorted.length, users: project.users.length, byCoder },
    fromQeval,
  };
}

function countingNoun(counting: PositionCounting): string {
  return counting === 'utf16' ? 'UTF-16 code units' : counting === 'crlf-one' ? 'characters, CR LF counted as one' : 'code points';
}
