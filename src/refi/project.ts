// The REFI-QDA exchange model as qeval reads and writes it: users, code tree, variables, cases, text sources, selections.

export interface RefiUser {
  guid: string;
  name: string;
}

export interface RefiCode {
  guid: string;
  name: string;
  isCodable: boolean;
  /** `#rrggbb` or `#rgb`, as written. */
  color?: string;
  description?: string;
  children: RefiCode[];
}

export type VariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface RefiVariable {
  guid: string;
  name: string;
  type: VariableType;
}

/** A variable's value, always as text (booleans `true`/`false`, dates as written). */
export interface RefiValue {
  variable: string;
  value: string;
}

export interface RefiCase {
  guid: string;
  name: string;
  values: RefiValue[];
  /** GUIDs of the sources the case covers. */
  sources: string[];
}

export interface RefiCoding {
  guid: string;
  /** The code's GUID. */
  code: string;
  /** The coder's user GUID. */
  user?: string;
}

/** A `PlainTextSelection`: positions as the writing tool counted them (see positions.ts). */
export interface RefiSelection {
  guid: string;
  name?: string;
  start: number;
  end: number;
  user?: string;
  description?: string;
  codings: RefiCoding[];
}

/** A text source (`TextSource`, or the text representation of a `PDFSource`). */
export interface RefiTextSource {
  guid: string;
  name: string;
  /** `plainTextPath` as written (`internal://<guid>.txt`, a plain path, `relative://` ...). */
  plainTextPath?: string;
  /** Inline `PlainTextContent`, when the project carries the text itself. */
  content?: string;
  /** The element it came from: `TextSource`, or `PDFSource` for a PDF's text representation. */
  element: 'TextSource' | 'PDFSource';
  selections: RefiSelection[];
  /** Codings of the whole source. */
  codings: RefiCoding[];
  values: RefiValue[];
  user?: string;
}

export interface RefiProject {
  /** A full project (`.qde`), or a codebook alone (`.qdc`). */
  kind: 'project' | 'codebook';
  name: string;
  origin?: string;
  description?: string;
  creatingUser?: string;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  sources: RefiTextSource[];
  /** What the project holds that qeval does not import, with counts (e.g. `{ "audio sources": 2 }`). */
  notImported: Record<string, number>;
}

/** Every code of a tree in pre-order, with its parent. */
export function walkCodes(codes: readonly RefiCode[], parent?: RefiCode): { code: RefiCode; parent?: RefiCode; depth: number }[] {
  const out: { code: RefiCode; parent?: RefiCode; depth: number }[] = [];
  const visit = (list: readonly RefiCode[], p: RefiCode | undefined, depth: number) => {
    for (const c of list) {
      out.push({ code: c, parent: p, depth });
      visit(c.children, c, depth + 1);
    }
  };
  visit(codes, parent, 0);
  return out;
}
