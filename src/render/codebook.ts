// Codebook renderers: a rule in words, and the codebook as a Markdown appendix for a report.
import type { Codebook, RuleSpec } from '../codebook/types.js';
import { ruleKind, ruleKindOf } from '../engine/rule-kinds.js';

const list = (terms: string[]) => terms.join(', ');

/**
 * One line saying what a rule matches: its kind's description (rule-kinds.ts), then the modifiers,
 * e.g. `near: (police, municipality*) within 8 words of (know* personally); only when negated`.
 * Throws an Error for a rule with no kind (which the schema rules out).
 */
export function describeRule(rule: RuleSpec): string {
  let s = ruleKind(ruleKindOf(rule)).describe(rule);
  if (rule.unless) s += `; unless: ${list(rule.unless)}`;
  if (rule.stem) s += '; stemmed';
  if (rule.negated === 'ignore') s += '; negation ignored';
  else if (rule.negated === 'require') s += '; only when negated';
  else if (rule.negated && rule.negated !== 'skip') s += `; negated -> ${rule.negated}`;
  if (rule.speakers && rule.speakers !== 'respondents') s += `; speakers: ${Array.isArray(rule.speakers) ? rule.speakers.join(', ') : rule.speakers}`;
  return s;
}

const md = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');

/** The codebook as a Markdown appendix: lexicons, the code table, then each code with its rules described. Never throws for a loaded codebook. */
export function codebookToMarkdown(book: Codebook): string {
  const spec = book.spec;
  const out: string[] = [];
  out.push(`# ${md(spec.title ?? spec.codebook)}`, '');
  out.push(`Codebook \`${spec.codebook}\`, version ${md(spec.version)}, language \`${spec.language}\`, coding unit: ${spec.unit ?? 'sentence'}.`, '');
  if (spec.description) out.push(md(spec.description), '');
  if (spec.negation?.cues) out.push(`Negation cues (within ${spec.negation.window ?? 4} words before a match, in the same clause): ${md(list(spec.negation.cues))}.`, '');
  if (spec.lexicons && Object.keys(spec.lexicons).length > 0) {
    out.push('## Lexicons', '');
    for (const [name, terms] of Object.entries(spec.lexicons)) out.push(`- **@${name}**: ${md(list(terms))}`);
    out.push('');
  }
  out.push('## Codes', '');
  out.push('| code | label | quadrant |', '| --- | --- | --- |');
  for (const c of book.codes) out.push(`| ${'&nbsp;&nbsp;'.repeat(c.depth)}\`${c.id}\` | ${md(c.label)} | ${c.quadrant ?? ''} |`);
  out.push('');
  for (const c of book.codes) {
    out.push(`${'#'.repeat(Math.min(6, 3 + c.depth))} ${md(c.label)} (\`${c.id}\`)`, '');
    out.push(`**Definition.** ${md(c.definition)}`, '');
    if (c.use_when) out.push(`**Use when.** ${md(c.use_when)}`, '');
    if (c.not_when) out.push(`**Do not use when.** ${md(c.not_when)}`, '');
    if (c.examples.length) out.push('**Examples.**', '', ...c.examples.map((e) => `- “${md(e)}”`), '');
    if (c.counter_examples.length) out.push('**Counter-examples.**', '', ...c.counter_examples.map((e) => `- “${md(e)}”`), '');
    if (c.rules.length) out.push('**Rules.**', '', ...c.rules.map((r, i) => `${i + 1}. \`${describeRule(r).replace(/`/g, "'")}\``), '');
  }
  if (spec.recommendations?.length) {
    out.push('## Recommendation rules', '');
    for (const r of spec.recommendations) {
      const when = r.when.map((w) => `${w.code}${w.min !== undefined ? ` ≥ ${w.min}` : ''}${w.max !== undefined ? ` ≤ ${w.max}` : ''}`).join(' and ');
      out.push(`- **${md(r.id)}** (when ${md(when)}): ${md(r.text)}`);
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
