// YAML front matter at the top of a Markdown or text file: its scalars become document attributes.
import { isMap, isScalar, parseDocument, LineCounter } from 'yaml';
import { QevalError } from '../model/errors.js';
import { yamlToJs } from '../config/yaml-source.js';

export interface FrontMatter {
  attributes: Record<string, string>;
  /** UTF-16 index where the body starts (after the closing `---` line). */
  bodyStart: number;
}

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

export function readFrontMatter(text: string, file: string): FrontMatter {
  const open = OPEN.exec(text);
  if (!open) return { attributes: {}, bodyStart: 0 };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) throw new QevalError('FRONT_MATTER_UNCLOSED', 'front matter opened with "---" is never closed; add a "---" line after it', { file, line: 1, column: 1 });
  const yamlText = rest.slice(0, close.index);
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new QevalError('FRONT_MATTER_YAML', `front matter is not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '')}`, { file, line: pos.line + 1, column: pos.col });
  }
  const data = yamlToJs(doc, lines, file, 1);
  // A "---" rule opening a document with prose after it is not front matter: keep it as text.
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) return { attributes: {}, bodyStart: 0 };
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    // An attribute is a value or a list of values: a mapping would become "[object Object]".
    if (values.some((v) => typeof v === 'object' && v !== null && !(v instanceof Date))) {
      const node = doc.contents && isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
      const at = node && isScalar(node.key) && node.key.range ? lines.linePos(node.key.range[0]) : undefined;
      throw new QevalError('FRONT_MATTER_NESTED', `front matter "${key}" holds a mapping; an attribute is one value (text, a number, a date) or a list of values`, { file, line: (at?.line ?? 1) + 1, column: at?.col ?? 1 });
    }
    attributes[key] = Array.isArray(value) ? value.map(String).join('; ') : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  }
  let bodyStart = open[0].length + close.index + close[0].length;
  if (text[bodyStart] === '\n') bodyStart++;
  return { attributes, bodyStart };
}
