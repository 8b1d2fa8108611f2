// A small XML writer for REFI-QDA files: escaping, attribute order as given, two-space indentation.

/** Characters XML 1.0 cannot carry at all, not even as references (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
// eslint-disable-next-line no-control-regex -- these control characters are the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: `&`, `<`, `>` escaped; CR kept as a reference so XML end-of-line handling does not drop it. */
export function escapeText(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: also quotes, and tab/LF/CR as references (attribute normalization would turn them into spaces). */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** An element: name, attributes (undefined values left out), and children (elements) or text. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  children?: XmlElement[];
  text?: string;
}

/** Serializes `root` as an XML 1.0 document in UTF-8 with a final newline. */
export function renderXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  const write = (el: XmlElement, indent: string) => {
    const attrs = Object.entries(el.attributes ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
      .join('');
    if (el.text !== undefined) {
      out.push(`${indent}<${el.name}${attrs}>${escapeText(el.text)}</${el.name}>\n`);
    } else if (el.children && el.children.length > 0) {
      out.push(`${indent}<${el.name}${attrs}>\n`);
      for (const c of el.children) write(c, `${indent}  `);
      out.push(`${indent}</${el.name}>\n`);
    } else {
      out.push(`${indent}<${el.name}${attrs}/>\n`);
    }
  };
  write(root, '');
  return out.join('');
}
