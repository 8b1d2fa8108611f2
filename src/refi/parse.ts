// Parses REFI-QDA XML (project.qde, .qdc) into the exchange model: lenient about namespaces and case, strict about safety.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { QevalError } from '../model/errors.js';
import { normalizeGuid } from './guid.js';
import type { RefiCase, RefiCode, RefiCoding, RefiProject, RefiSelection, RefiTextSource, RefiValue, RefiVariable, VariableType } from './project.js';
import { pushAll } from '../model/arrays.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Checks that `xml` is well-formed and carries no document type declaration, and parses it.
 * A DOCTYPE is refused outright: REFI-QDA needs none, and its entities could name outside files
 * or expand without bound. Throws QevalError `REFI_XML` / `REFI_XML_DOCTYPE` with line and column.
 */
function parseXml(xml: string, file: string): Node {
  const firstElement = xml.search(/<[A-Za-z_]/);
  const prolog = firstElement < 0 ? xml : xml.slice(0, firstElement);
  const doctype = prolog.search(/<!DOCTYPE/i);
  if (doctype >= 0) {
    throw new QevalError('REFI_XML_DOCTYPE', 'the XML declares a DOCTYPE, which REFI-QDA files never need; it is refused because its entities could read other files or expand without bound', { file, ...lineColumn(xml, doctype) });
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new QevalError('REFI_XML', `not well-formed XML: ${valid.err.msg}`, { file, line: valid.err.line, column: valid.err.col });
  return parser.parse(xml) as Node;
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Children named `name` (exact, else case-insensitive: some tools vary the case). */
function kids(node: Node | undefined, name: string): Node[] {
  if (!node) return [];
  const exact = node[name];
  if (Array.isArray(exact)) return exact as Node[];
  const lower = name.toLowerCase();
  const key = Object.keys(node).find((k) => !k.startsWith('@_') && k.toLowerCase() === lower);
  return key && Array.isArray(node[key]) ? (node[key] as Node[]) : [];
}

function kid(node: Node | undefined, name: string): Node | undefined {
  return kids(node, name)[0];
}

function attr(node: Node | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const exact = node[`@_${name}`];
  if (typeof exact === 'string') return exact;
  const lower = `@_${name.toLowerCase()}`;
  const key = Object.keys(node).find((k) => k.toLowerCase() === lower);
  return key ? String(node[key]) : undefined;
}

function text(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const t = node['#text'];
  return typeof t === 'string' ? t : t === undefined ? '' : String(t);
}

function guidOf(node: Node, what: string, file: string): string {
  const g = attr(node, 'guid');
  if (!g || g.trim() === '') throw new QevalError('REFI_MISSING_GUID', `${what} has no guid attribute`, { file });
  return normalizeGuid(g);
}

function optionalGuid(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? normalizeGuid(value) : undefined;
}

function description(node: Node): string | undefined {
  const d = text(kid(node, 'Description'));
  return d === undefined || d.trim() === '' ? undefined : d;
}

function parseCodes(parent: Node | undefined, file: string): RefiCode[] {
  return kids(parent, 'Code').map((c) => {
    const name = attr(c, 'name') ?? '';
    return {
      guid: guidOf(c, `code "${name}"`, file),
      name,
      isCodable: (attr(c, 'isCodable') ?? 'true').trim().toLowerCase() !== 'false',
      color: attr(c, 'color')?.trim() || undefined,
      description: description(c),
      children: parseCodes(c, file),
    };
  });
}

const VALUE_ELEMENTS: [string, VariableType][] = [['TextValue', 'Text'], ['BooleanValue', 'Boolean'], ['IntegerValue', 'Integer'], ['FloatValue', 'Float'], ['DateValue', 'Date'], ['DateTimeValue', 'DateTime']];

function parseValues(node: Node): RefiValue[] {
  return kids(node, 'VariableValue').flatMap((v) => {
    const variable = optionalGuid(attr(kid(v, 'VariableRef'), 'targetGUID'));
    const valueNode = VALUE_ELEMENTS.map(([el]) => kid(v, el)).find((n) => n !== undefined);
    if (!variable || !valueNode) return [];
    return [{ variable, value: (text(valueNode) ?? '').trim() }];
  });
}

function parseCodings(node: Node, file: string, where: string): RefiCoding[] {
  return kids(node, 'Coding').map((c) => {
    const code = optionalGuid(attr(kid(c, 'CodeRef'), 'targetGUID'));
    if (!code) throw new QevalError('REFI_CODING_NO_CODE', `a coding of ${where} has no CodeRef with a targetGUID`, { file });
    return { guid: guidOf(c, `a coding of ${where}`, file), code, user: optionalGuid(attr(c, 'creatingUser')) };
  });
}

function position(node: Node, name: string, file: string, where: string): number {
  const raw = attr(node, name);
  const n = raw === undefined ? NaN : Number(raw.trim());
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n)) {
    throw new QevalError('REFI_BAD_POSITION', `${where}: ${name} ${raw === undefined ? 'is missing' : `"${raw}" is not a whole number`}`, { file });
  }
  return n;
}

function parseTextSource(node: Node, element: RefiTextSource['element'], name: string, file: string): RefiTextSource {
  const guid = guidOf(node, `source "${name}"`, file);
  const content = kid(node, 'PlainTextContent');
  const selections: RefiSelection[] = kids(node, 'PlainTextSelection').map((s) => {
    const sguid = guidOf(s, `a selection in source "${name}"`, file);
    const where = `selection ${sguid} in source "${name}"`;
    return {
      guid: sguid,
      name: attr(s, 'name'),
      start: position(s, 'startPosition', file, where),
      end: position(s, 'endPosition', file, where),
      user: optionalGuid(attr(s, 'creatingUser')),
      description: description(s),
      codings: parseCodings(s, file, where),
    };
  });
  return {
    guid,
    name,
    plainTextPath: attr(node, 'plainTextPath')?.trim() || undefined,
    content: content ? (text(content) ?? '') : undefined,
    element,
    selections,
    codings: parseCodings(node, file, `source "${name}"`),
    values: parseValues(node),
    user: optionalGuid(attr(node, 'creatingUser')),
  };
}

function count(into: Record<string, number>, what: string, n: number): void {
  if (n > 0) into[what] = (into[what] ?? 0) + n;
}

/** The root element's local name, whatever its namespace (REFI-QDA 1.0, 0.10, 1:0 variants, or none). */
function rootOf(doc: Node, file: string): { name: 'Project' | 'CodeBook'; node: Node } {
  for (const key of Object.keys(doc)) {
    const lower = key.toLowerCase();
    const node = (doc[key] as Node[] | undefined)?.[0];
    if (!node) continue;
    if (lower === 'project') return { name: 'Project', node };
    if (lower === 'codebook') return { name: 'CodeBook', node };
  }
  throw new QevalError('REFI_NOT_REFI', `the root element is not a REFI-QDA <Project> or <CodeBook> (found ${Object.keys(doc).filter((k) => !k.startsWith('#')).map((k) => `<${k}>`).join(', ') || 'none'})`, { file, line: 1, column: 1 });
}

/**
 * Parses a REFI-QDA project (`project.qde`) or codebook (`.qdc`) into the exchange model. A
 * codebook gives a project with codes only. Namespaces are ignored (every variant seen in real
 * exports is accepted), GUIDs are normalized (lower case, no braces). Throws QevalError with the
 * file and, for XML errors, line and column.
 */
export function parseRefiXml(xml: string, file: string): RefiProject {
  const root = rootOf(parseXml(xml.replace(/^\uFEFF/, ''), file), file);
  if (root.name === 'CodeBook') {
    return { kind: 'codebook', name: '', origin: attr(root.node, 'origin'), users: [], codes: parseCodes(kid(root.node, 'Codes'), file), variables: [], cases: [], sources: [], notImported: countSets(root.node) };
  }
  const p = root.node;
  const notImported: Record<string, number> = {};
  const users = kids(kid(p, 'Users'), 'User').map((u) => {
    const guid = guidOf(u, 'a user', file);
    return { guid, name: (attr(u, 'name') ?? attr(u, 'id') ?? '').trim() };
  });
  const variables: RefiVariable[] = kids(kid(p, 'Variables'), 'Variable').map((v) => {
    const type = (attr(v, 'typeOfVariable') ?? 'Text').trim() as VariableType;
    return { guid: guidOf(v, 'a variable', file), name: (attr(v, 'name') ?? '').trim(), type };
  });
  const cases: RefiCase[] = kids(kid(p, 'Cases'), 'Case').map((c) => ({
    guid: guidOf(c, 'a case', file),
    name: (attr(c, 'name') ?? '').trim(),
    values: parseValues(c),
    sources: kids(c, 'SourceRef').map((r) => optionalGuid(attr(r, 'targetGUID'))).filter((g): g is string => g !== undefined),
  }));
  const sourcesNode = kid(p, 'Sources');
  const sources: RefiTextSource[] = kids(sourcesNode, 'TextSource').map((s) => parseTextSource(s, 'TextSource', (attr(s, 'name') ?? '').trim(), file));
  for (const pdf of kids(sourcesNode, 'PDFSource')) {
    const rep = kid(pdf, 'Representation');
    const name = (attr(pdf, 'name') ?? '').trim();
    count(notImported, 'PDF area selections', kids(pdf, 'PDFSelection').length);
    if (rep) {
      const source = parseTextSource(rep, 'PDFSource', name, file);
      pushAll(source.codings, parseCodings(pdf, file, `source "${name}"`));
      pushAll(source.values, parseValues(pdf));
      sources.push(source);
    } else {
      count(notImported, 'PDF sources without a text representation', 1);
    }
  }
  count(notImported, 'picture sources', kids(sourcesNode, 'PictureSource').length);
  count(notImported, 'audio sources', kids(sourcesNode, 'AudioSource').length);
  count(notImported, 'video sources', kids(sourcesNode, 'VideoSource').length);
  count(notImported, 'notes', kids(kid(p, 'Notes'), 'Note').length);
  count(notImported, 'links', kids(kid(p, 'Links'), 'Link').length);
  count(notImported, 'graphs', kids(kid(p, 'Graphs'), 'Graph').length);
  for (const [k, v] of Object.entries(countSets(p))) count(notImported, k, v);
  return {
    kind: 'project',
    name: (attr(p, 'name') ?? '').trim(),
    origin: attr(p, 'origin')?.trim() || undefined,
    description: description(p),
    creatingUser: optionalGuid(attr(p, 'creatingUserGUID')),
    users,
    codes: parseCodes(kid(kid(p, 'CodeBook'), 'Codes'), file),
    variables,
    cases,
    sources,
    notImported,
  };
}

function countSets(node: Node): Record<string, number> {
  const n = kids(kid(node, 'Sets'), 'Set').length;
  return n > 0 ? { sets: n } : {};
}
