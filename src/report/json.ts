// JSON output: the aggregates as they are, wrapped with the language, codebook and labels a reader needs.
import { QEVAL_VERSION } from '../version.js';
import type { Ctx } from './context.js';

/** Code id -> label in the report's codebook, in codebook order. */
export function labelsOf(ctx: Ctx): Record<string, string> {
  return Object.fromEntries(ctx.codebook.codes.map((c) => [c.id, c.label]));
}

/** `{kind, qeval, lang, codebook, labels, ...data}` with two-space indentation and a final newline. */
export function jsonText(ctx: Ctx, data: { kind: string } & Record<string, unknown>, labels: Record<string, string>): string {
  const { kind, ...rest } = data;
  const doc = {
    kind,
    qeval: QEVAL_VERSION,
    lang: ctx.lang,
    codebook: { name: ctx.codebook.spec.codebook, version: ctx.codebook.spec.version, language: ctx.codebook.spec.language },
    labels,
    ...rest,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
