// Builds REFI-QDA exchange files from qeval's codebook, documents and segments (pure: XML text and source texts out).
import type { Codebook, CodeSpec } from '../codebook/types.js';
import type { CodedSegment } from '../model/types.js';
import { codebookIdentityLine, codeDescription, projectDescription, segmentDescription } from './descriptions.js';
import { guidFor } from './guid.js';
import { utf16Offsets } from './positions.js';
import type { VariableType } from './project.js';
import { renderXml, type XmlElement } from './xml-writer.js';

export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/** A document as exported: its id, normalized text (offsets refer to it) and attributes. */
export interface ExportDocument {
  id: string;
  text: string;
  attributes: Record<string, string>;
}

export interface ExportRequest {
  /** The project's name in the other tool. */
  name: string;
  /** The codebook whose codes (labels, definitions, colors, hierarchy) are written. */
  codebook: Codebook;
  documents: readonly ExportDocument[];
  segments: readonly CodedSegment[];
  /** `qeval <version>`, written as the project's origin. */
  origin: string;
  qevalVersion: string;
  /**
   * How selection positions are counted: `codepoints` (the standard, default) or `utf16` for a
   * project meant for NVivo, which counts UTF-16 code units. The choice is recorded in the
   * project's description, so `qeval import` reads the project back either way.
   */
  positions?: 'codepoints' | 'utf16';
}

/** The files of a `.qdpx` archive: `project.qde` and `sources/<guid>.txt`, in a fixed order. */
export interface ExportedProject {
  files: { path: string; data: string }[];
  counts: { sources: number; codes: number; codings: number; users: number; cases: number; variables: number };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Codes of the codebook, plus codes the segments use that it lacks (with any missing parents), as one tree. */
function codeTree(codebook: Codebook, segments: readonly CodedSegment[]): CodeSpec[] {
  const tree: CodeSpec[] = structuredClone(codebook.spec.codes);
  const known = new Map<string, CodeSpec>();
  const index = (list: CodeSpec[]) => list.forEach((c) => { known.set(c.id, c); index(c.codes ?? []); });
  index(tree);
  for (const id of [...new Set(segments.map((s) => s.code))].sort()) {
    const parts = id.split('.');
    let siblings = tree;
    for (let i = 1; i <= parts.length; i++) {
      const here = parts.slice(0, i).join('.');
      let code = known.get(here);
      if (!code) {
        code = { id: here, label: parts[i - 1]!, definition: 'Not in the codebook the project was exported with.' };
        known.set(here, code);
        siblings.push(code);
      }
      siblings = code.codes ??= [];
    }
  }
  return tree;
}

function codeElements(codes: readonly CodeSpec[]): XmlElement[] {
  return codes.map((c) => ({
    name: 'Code',
    attributes: { guid: guidFor('code', c.id), name: c.label, isCodable: true, color: c.color },
    children: [{ name: 'Description', text: codeDescription(c) }, ...codeElements(c.codes ?? [])],
  }));
}

function countCodes(codes: readonly CodeSpec[]): number {
  return codes.reduce((n, c) => n + 1 + countCodes(c.codes ?? []), 0);
}

/** The narrowest REFI-QDA type every value of an attribute fits, so other tools can sort and filter it. */
export function variableType(values: readonly string[]): VariableType {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'Text';
  if (present.every((v) => v === 'true' || v === 'false')) return 'Boolean';
  if (present.every((v) => /^-?(0|[1-9]\d{0,17})$/.test(v))) return 'Integer';
  if (present.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v))) return 'Date';
  return 'Text';
}

const VALUE_ELEMENT: Record<VariableType, string> = { Text: 'TextValue', Boolean: 'BooleanValue', Integer: 'IntegerValue', Float: 'FloatValue', Date: 'DateValue', DateTime: 'DateTimeValue' };

/** The line of a project's description that says its positions count UTF-16 code units. */
export const UTF16_NOTE = 'qeval positions: utf16 (UTF-16 code units, as NVivo counts)';

/** A short excerpt of a segment's text as the selection's name (tools list selections by it). */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cps = Array.from(flat);
  return cps.length <= 100 ? flat : `${cps.slice(0, 99).join('')}…`;
}

/**
 * The text sources of the documents: one per document, except that the row documents of one
 * survey file (`<file>#<row>`, all with the file's text, e.g. `survey.csv#R_1`) share one source
 * named by the file id, whose rows become cases. Sorted by source name.
 */
function sourceGroups(docs: readonly ExportDocument[]): { id: string; text: string; docs: ExportDocument[] }[] {
  const ids = new Set(docs.map((d) => d.id));
  const byFile = new Map<string, ExportDocument[]>();
  for (const d of docs) {
    const hash = d.id.lastIndexOf('#');
    const file = hash > 0 ? d.id.slice(0, hash) : '';
    if (!/\.csv$/i.test(file) || ids.has(file)) continue;
    const list = byFile.get(file);
    if (list) list.push(d);
    else byFile.set(file, [d]);
  }
  const grouped = new Map<string, string>();
  for (const [file, list] of byFile) if (list.every((d) => d.text === list[0]!.text)) for (const d of list) grouped.set(d.id, file);
  const out = new Map<string, { id: string; text: string; docs: ExportDocument[] }>();
  for (const d of docs) {
    const id = grouped.get(d.id) ?? d.id;
    const g = out.get(id);
    if (g) g.docs.push(d);
    else out.set(id, { id, text: d.text, docs: [d] });
  }
  return [...out.values()].sort((a, b) => cmp(a.id, b.id));
}

/**
 * Builds `project.qde` and the source texts of a REFI-QDA 1.5 project: every document a
 * `TextSource` (its normalized text as `sources/<guid>.txt`, UTF-8 without BOM, so positions are
 * code points into exactly that file), the codebook's code tree (definitions, use/not-use notes
 * and examples as descriptions, colors), document attributes as typed variables on one case per
 * document, coders as users, and every segment a `PlainTextSelection` with one `Coding` and its
 * evidence as description. GUIDs are derived from ids, and no dates are written, so the same
 * inputs give identical bytes. Segments must refer to the documents given. The rows of a survey
 * CSV share one source (the file, named by its id) with one case per row; their selections are at
 * the file's offsets (see `sourceGroups`).
 */
export function buildProject(req: ExportRequest): ExportedProject {
  const docs = [...req.documents].sort((a, b) => cmp(a.id, b.id));
  const segments = [...req.segments].sort((a, b) => cmp(a.document, b.document) || a.start - b.start || a.end - b.end || cmp(a.code, b.code) || cmp(a.coder, b.coder) || cmp(a.rule ?? '', b.rule ?? ''));
  const coders = [...new Set(segments.map((s) => s.coder || 'unknown'))].sort(cmp);
  const userGuid = new Map(coders.map((c) => [c, guidFor('user', c)]));
  const codes = codeTree(req.codebook, segments);
  const attributeNames = [...new Set(docs.flatMap((d) => Object.keys(d.attributes)))].sort(cmp);
  const types = new Map(attributeNames.map((a) => [a, variableType(docs.map((d) => d.attributes[a] ?? ''))]));

  const bySource = new Map<string, CodedSegment[]>();
  for (const s of segments) {
    const list = bySource.get(s.document);
    if (list) list.push(s);
    else bySource.set(s.document, [s]);
  }
  const files: { path: string; data: string }[] = [];
  const groups = sourceGroups(docs);
  const sourceOf = new Map(groups.flatMap((g) => g.docs.map((d) => [d.id, g.id] as const)));
  const sources: XmlElement[] = groups.map((g) => {
    const guid = guidFor('source', g.id);
    files.push({ path: `sources/${guid}.txt`, data: g.text });
    const toUnits = req.positions === 'utf16' ? utf16Offsets(g.text) : undefined;
    const at = (cp: number) => (toUnits ? (toUnits[cp] as number) : cp);
    const seen = new Map<string, number>();
    const selections: XmlElement[] = g.docs.flatMap((d) => bySource.get(d.id) ?? []).map((s) => {
      const key = JSON.stringify([s.document, s.code, s.start, s.end, s.coder, s.rule]);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const guid = guidFor('selection', `${key}#${n}`);
      const user = userGuid.get(s.coder || 'unknown');
      return {
        name: 'PlainTextSelection',
        attributes: { guid, name: excerpt(s.text), startPosition: at(s.start), endPosition: at(s.end), creatingUser: user },
        children: [
          { name: 'Description', text: segmentDescription(s) },
          { name: 'Coding', attributes: { guid: guidFor('coding', guid), creatingUser: user }, children: [{ name: 'CodeRef', attributes: { targetGUID: guidFor('code', s.code) } }] },
        ],
      };
    });
    return { name: 'TextSource', attributes: { guid, name: g.id, plainTextPath: `internal://${guid}.txt` }, children: selections };
  });

  const cases: XmlElement[] = docs.filter((d) => Object.keys(d.attributes).length > 0 || sourceOf.get(d.id) !== d.id).map((d) => ({
    name: 'Case',
    attributes: { guid: guidFor('case', d.id), name: d.id },
    children: [
      ...attributeNames.filter((a) => d.attributes[a] !== undefined && d.attributes[a] !== '').map((a) => ({
        name: 'VariableValue',
        children: [{ name: 'VariableRef', attributes: { targetGUID: guidFor('variable', a) } }, { name: VALUE_ELEMENT[types.get(a)!], text: d.attributes[a]! }],
      })),
      { name: 'SourceRef', attributes: { targetGUID: guidFor('source', sourceOf.get(d.id)!) } },
    ],
  }));

  const spec = req.codebook.spec;
  const children: XmlElement[] = [];
  if (coders.length > 0) children.push({ name: 'Users', children: coders.map((c) => ({ name: 'User', attributes: { guid: userGuid.get(c), name: c } })) });
  if (codes.length > 0) children.push({ name: 'CodeBook', children: [{ name: 'Codes', children: codeElements(codes) }] });
  if (attributeNames.length > 0) children.push({ name: 'Variables', children: attributeNames.map((a) => ({ name: 'Variable', attributes: { guid: guidFor('variable', a), name: a, typeOfVariable: types.get(a) } })) });
  if (cases.length > 0) children.push({ name: 'Cases', children: cases });
  if (sources.length > 0) children.push({ name: 'Sources', children: sources });
  const description = projectDescription(req.qevalVersion, { codebook: spec.codebook, version: spec.version, language: spec.language, unit: spec.unit ?? 'sentence' });
  children.push({ name: 'Description', text: req.positions === 'utf16' ? `${description}\n${UTF16_NOTE}` : description });
  const project = renderXml({ name: 'Project', attributes: { xmlns: PROJECT_NAMESPACE, name: req.name, origin: req.origin }, children });
  return {
    files: [{ path: 'project.qde', data: project }, ...files],
    counts: { sources: groups.length, codes: countCodes(codes), codings: segments.length, users: coders.length, cases: cases.length, variables: attributeNames.length },
  };
}

/**
 * A REFI-QDA codebook (`.qdc`): the code tree with descriptions and colors. The codebook's name,
 * version, language and unit follow the tool in `origin` (a codebook file has no description),
 * e.g. `qeval 0.1.0 (qeval codebook: swot; version: 1.1.0; language: en; unit: sentence)`.
 */
export function buildCodebook(codebook: Codebook, origin: string): string {
  const s = codebook.spec;
  const identity = codebookIdentityLine({ codebook: s.codebook, version: s.version, language: s.language, unit: s.unit ?? 'sentence' });
  return renderXml({ name: 'CodeBook', attributes: { xmlns: CODEBOOK_NAMESPACE, origin: `${origin} (${identity})` }, children: [{ name: 'Codes', children: codeElements(s.codes) }] });
}
