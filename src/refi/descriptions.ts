// What qeval writes into REFI-QDA descriptions (code definitions, segment evidence, codebook identity) and reads back.
import { CODE_ROLES, type CodeRole, type CodeSpec } from '../codebook/types.js';
import { QUADRANTS, type CodedSegment, type CodingMethod, type Quadrant } from '../model/types.js';

const CODE_TRAILER = /\n*qeval code: ([^\s;]+)(?:; quadrant: ([a-z]+))?(?:; role: ([a-z-]+))?\s*$/;
const SECTION = /(?:^|\n\n)(Use when: |Not when: |Examples:\n|Counter-examples:\n)/g;

/**
 * A code's description for QDA software: the definition, then "Use when:", "Not when:",
 * "Examples:" and "Counter-examples:" paragraphs, then a last line `qeval code: <id>[; quadrant: <q>][; role: <r>]`
 * by which `qeval import` recovers the code's id (and a top-level code's quadrant, and the code's
 * role in the reports), also after a round trip through another tool.
 */
export function codeDescription(code: CodeSpec): string {
  const parts = [code.definition.trim()];
  if (code.use_when) parts.push(`Use when: ${code.use_when.trim()}`);
  if (code.not_when) parts.push(`Not when: ${code.not_when.trim()}`);
  const list = (items: string[]) => items.map((x) => `- ${x.replace(/\n/g, ' ')}`).join('\n');
  if (code.examples?.length) parts.push(`Examples:\n${list(code.examples)}`);
  if (code.counter_examples?.length) parts.push(`Counter-examples:\n${list(code.counter_examples)}`);
  parts.push(`qeval code: ${code.id}${code.quadrant ? `; quadrant: ${code.quadrant}` : ''}${code.role ? `; role: ${code.role}` : ''}`);
  return parts.join('\n\n');
}

/** What a code description gives back: the qeval id and quadrant when qeval wrote it, and the definition parts. */
export interface CodeDescriptionParts {
  id?: string;
  quadrant?: Quadrant;
  role?: CodeRole;
  definition: string;
  use_when?: string;
  not_when?: string;
  examples?: string[];
  counter_examples?: string[];
}

/** Reads a code description: qeval's layout (see `codeDescription`) when it ends with its `qeval code:` line, else all of it is the definition. */
export function parseCodeDescription(description: string | undefined): CodeDescriptionParts {
  const text = (description ?? '').replace(/\r\n?/g, '\n').trim();
  const trailer = CODE_TRAILER.exec(text);
  if (!trailer) return { definition: text };
  const body = text.slice(0, trailer.index);
  const parts: CodeDescriptionParts = { id: trailer[1], definition: '' };
  if (trailer[2] && (QUADRANTS as readonly string[]).includes(trailer[2])) parts.quadrant = trailer[2] as Quadrant;
  if (trailer[3] && (CODE_ROLES as readonly string[]).includes(trailer[3])) parts.role = trailer[3] as CodeRole;
  const heads = [...body.matchAll(SECTION)];
  parts.definition = body.slice(0, heads[0]?.index ?? body.length).trim();
  heads.forEach((h, i) => {
    const from = (h.index ?? 0) + h[0].length;
    const value = body.slice(from, heads[i + 1]?.index ?? body.length).trim();
    const items = () => value.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
    if (h[1] === 'Use when: ') parts.use_when = value;
    else if (h[1] === 'Not when: ') parts.not_when = value;
    else if (h[1] === 'Examples:\n') parts.examples = items();
    else parts.counter_examples = items();
  });
  return parts;
}

/**
 * A segment's evidence as a selection description, one `key: value` line each (unit, page, time,
 * speaker, rule, matched, negated from, method, probability, features), so a reviewer in another tool sees why
 * qeval coded the text and `qeval import` restores the segment exactly.
 */
export function segmentDescription(s: CodedSegment): string {
  const lines = [`unit: ${s.unit}`];
  if (s.page !== undefined) lines.push(`page: ${s.page}`);
  if (s.time !== undefined) lines.push(`time: ${s.time}`);
  if (s.speaker) lines.push(`speaker: ${s.speaker}`);
  if (s.rule) lines.push(`rule: ${s.rule}`);
  if (s.matched.length > 0) lines.push(`matched: ${s.matched.join('; ')}`);
  if (s.negated_from) lines.push(`negated from: ${s.negated_from}`);
  if (s.method) lines.push(`method: ${s.method}`);
  if (s.probability !== undefined) lines.push(`probability: ${s.probability}`);
  if (s.features?.length) lines.push(`features: ${s.features.join('; ')}`);
  return lines.join('\n');
}

/** The fields of `segmentDescription` found in a description; unknown lines are ignored. */
export function parseSegmentDescription(description: string | undefined): Partial<Pick<CodedSegment, 'unit' | 'page' | 'time' | 'speaker' | 'rule' | 'matched' | 'negated_from' | 'method' | 'probability' | 'features'>> {
  const out: ReturnType<typeof parseSegmentDescription> = {};
  for (const line of (description ?? '').split(/\r?\n/)) {
    const m = /^([a-z ]+): (.*)$/.exec(line);
    if (!m) continue;
    const [, key, value = ''] = m;
    if (key === 'unit' && /^(sentence|paragraph|turn):\d+$/.test(value)) out.unit = value;
    else if (key === 'page' && /^[1-9]\d*$/.test(value)) out.page = Number(value);
    else if (key === 'time' && /^\d{2,}:\d{2}:\d{2}(?:[.,]\d+)?$/.test(value)) out.time = value;
    else if (key === 'speaker') out.speaker = value;
    else if (key === 'rule') out.rule = value;
    else if (key === 'matched') out.matched = value.split('; ');
    else if (key === 'negated from') out.negated_from = value;
    else if (key === 'method' && ['rule', 'model', 'rule+model'].includes(value)) out.method = value as CodingMethod;
    else if (key === 'probability' && Number(value) >= 0 && Number(value) <= 1) out.probability = Number(value);
    else if (key === 'features') out.features = value.split('; ');
  }
  return out;
}

/** The codebook a qeval project was coded with, as recorded in the project's description. */
export interface CodebookIdentity {
  codebook: string;
  version: string;
  language: string;
  unit: string;
}

/** `qeval codebook: <name>; version: <v>; language: <l>; unit: <u>`, the line qeval reads back. */
export function codebookIdentityLine(id: CodebookIdentity): string {
  return `qeval codebook: ${id.codebook}; version: ${id.version}; language: ${id.language}; unit: ${id.unit}`;
}

export function projectDescription(qevalVersion: string, id: CodebookIdentity): string {
  return `Exported by qeval ${qevalVersion}.\n${codebookIdentityLine(id)}`;
}

/** The codebook identity in a project's description (or a `.qdc`'s origin), if qeval wrote one. */
export function parseProjectDescription(description: string | undefined): CodebookIdentity | undefined {
  const m = /qeval codebook: ([^;\n]+); version: ([^;\n]+); language: ([a-z]{2,3}); unit: (sentence|paragraph|turn)/.exec(description ?? '');
  return m ? { codebook: m[1]!, version: m[2]!, language: m[3]!, unit: m[4]! } : undefined;
}
