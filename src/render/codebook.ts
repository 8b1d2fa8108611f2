// Codebook renderers: a rule in words, and the codebook as a Markdown appendix for a report.
import type { Codebook, FlagCondition, FlagSpec, IndexSpec, RuleSpec } from '../codebook/types.js';
import { ruleKind, ruleKindOf } from '../engine/rule-kinds.js';
import { markMarkdown } from '../model/output-marks.js';

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

/**
 * An index as a formula, e.g. `(strength + opportunity − weakness − threat) / (strength + opportunity + weakness + threat), over counts`.
 * Terms are shown with their weights (`2×networking`); densities are per 1,000 words.
 */
export function describeIndex(ix: IndexSpec): string {
  const terms = Object.entries(ix.weights).map(([code, w], i) => {
    const size = Math.abs(w) === 1 ? code : `${Math.abs(w)}×${code}`;
    return i === 0 ? `${w < 0 ? '−' : ''}${size}` : `${w < 0 ? ' − ' : ' + '}${size}`;
  }).join('');
  const of = ix.of === 'count' ? 'segment counts' : 'densities per 1,000 words';
  if (!ix.over) return `${terms}, on ${of}`;
  const top = Object.keys(ix.weights).length > 1 ? `(${terms})` : terms;
  return `${top} / (${ix.over.join(' + ')}), on ${of}`;
}

/** A flag's conditions in words, e.g. `networking.accidental ≥ 2 and networking.systematic ≤ 1`. */
export function describeFlag(flag: FlagSpec): string {
  return `${flag.when.map(describeCondition).join(' and ')}${flag.min_words === undefined ? '' : `, in ${flag.min_words} ${flag.min_words === 1 ? 'word' : 'words'} or more`}`;
}

function describeCondition(c: FlagCondition): string {
  const what = c.code !== undefined ? c.code : c.density !== undefined ? `${c.density} per 1,000 words` : `index ${c.index}`;
  if (c.min !== undefined && c.max !== undefined) return c.min === c.max ? `${what} = ${c.min}` : `${c.min} ≤ ${what} ≤ ${c.max}`;
  return c.min !== undefined ? `${what} ≥ ${c.min}` : `${what} ≤ ${c.max}`;
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
  if (spec.indices?.length || spec.flags?.length) {
    out.push('## Scores', '');
    for (const ix of spec.indices ?? []) out.push(`- index **${md(ix.id)}** (${md(ix.label)}): ${md(describeIndex(ix))}${ix.definition ? `. ${md(ix.definition)}` : ''}`);
    for (const f of spec.flags ?? []) out.push(`- flag **${md(f.id)}** (${md(f.label)}): when ${md(describeFlag(f))}`);
    out.push('');
  }
  if (spec.recommendations?.length) {
    out.push('## Recommendation rules', '');
    for (const r of spec.recommendations) {
      const when = r.when.map((w) => `${w.code}${w.min !== undefined ? ` ≥ ${w.min}` : ''}${w.max !== undefined ? ` ≤ ${w.max}` : ''}`).join(' and ');
      out.push(`- **${md(r.id)}** (when ${md(when)}): ${md(r.text)}`);
    }
    out.push('');
  }
  return markMarkdown(`${out.join('\n').replace(/\n+$/, '')}\n`);
}
