// Compiles a codebook once into a term index and rule table, so a document is coded in one pass.
import type { RE2JS } from 're2js';
import type { Codebook, NegationPolicy, RuleSpec, SpeakerFilter } from '../codebook/types.js';
import { getStemmer, type Stemmer } from '../lang/stemmers.js';
import { QevalError } from '../model/errors.js';
import { DEFAULT_WITHIN, ruleKind, ruleKindOf, type RuleKind } from './rule-kinds.js';
import { termWords } from './terms.js';
import { normalizeWord } from './tokenize.js';

export type { RuleKind } from './rule-kinds.js';
export { termWords } from './terms.js';

/** One word of a term: matched exactly, by wildcard, or by stem. */
export type WordPattern =
  | { kind: 'exact'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'suffix'; suffix: string }
  | { kind: 'infix'; prefix: string; suffix: string }
  | { kind: 'contains'; middle: string }
  | { kind: 'stem'; stem: string };

export interface Term {
  id: number;
  /** The term as written (after lexicon expansion), e.g. `know* personally`. */
  text: string;
  words: WordPattern[];
  /**
   * Per word: whether a comma may stand before it in the text. Only where the term itself has one
   * ("žinojo, kur važiuoja"): elsewhere a phrase's words are separated by spaces or a hyphen only.
   */
  commaBefore: boolean[];
}

export interface CompiledRule {
  /** `<code>#<n>` (1-based) or the rule's own id. */
  id: string;
  code: string;
  kind: RuleKind;
  /** Term ids per group, as the kind compiles them (rule-kinds.ts): one for any and regex, two or more for all, two for near. */
  groups: Set<number>[];
  within: number;
  /** A regular expression run over each unit's text (regex rules). */
  regex?: RE2JS;
  /** Pseudo-term id carried by this regex rule's hits. */
  regexTerm?: number;
  unless: Set<number>;
  negated: NegationPolicy;
  speakers: SpeakerFilter;
  /** The rule names its own speakers (`speakers:` on the rule): a run's --speakers does not replace them. */
  ownSpeakers: boolean;
  order: number;
}

export interface CompiledCodebook {
  codebook: Codebook;
  terms: Term[];
  rules: CompiledRule[];
  /** Index of first words: exact form -> term ids. */
  exact: Map<string, number[]>;
  prefix: Map<string, number[]>;
  prefixLengths: number[];
  suffix: Map<string, number[]>;
  suffixLengths: number[];
  contains: { middle: string; term: number }[];
  stem: Map<string, number[]>;
  stemmer?: Stemmer;
  negationCues: Set<number>;
  negationBreaks: Set<number>;
  /** Phrases that start with a cue but are not negation ("not only", "no doubt"): inert, see engine/code.ts. */
  negationExcepts: Set<number>;
  negationWindow: number;
  /** Rules by the term ids of their first group (the ones that can make them fire). */
  rulesByTerm: Map<number, number[]>;
  regexRules: CompiledRule[];
  codeOrder: Map<string, number>;
  interviewerLabels: string[];
  /** The distinct speaker filters of the rules: a unit none of them allows is never searched for terms. */
  /** The distinct speaker filters of the rules. */
  speakerFilters: SpeakerFilter[];
  /** The distinct speaker filters of the rules that name their own (ownSpeakers). */
  ownSpeakerFilters: SpeakerFilter[];
  coder: string;
  /** The terms whose first word matches, per normalized word (filled while coding; see firstWordMatches in engine/code.ts). */
  candidateCache: Map<string, number[]>;
}

/** Negation cues and breaks for a codebook that declares none (the learned coder's features use them too). */
export const DEFAULT_NEGATION_CUES = ['no', 'not', 'never', 'nobody', 'none', 'nothing', 'neither', 'nor', 'without', 'lack of', 'lacking', 'absence of', 'hardly', 'barely', 'cannot', '*n\'t'];
export const DEFAULT_NEGATION_BREAKS = ['but', 'however', 'although', 'though', 'yet', 'except'];
/**
 * Phrases that start with a negation cue but negate nothing, per codebook language, used when a
 * codebook has no `negation.except`. Other languages fall back to the English list (the default cues
 * are English too).
 */
export const DEFAULT_NEGATION_EXCEPT: Record<string, string[]> = {
  en: ['not only', 'not just', "*n't only", "*n't just", 'no doubt', 'without doubt', 'without a doubt', 'no wonder', 'no problem', 'not to mention'],
  lt: ['ne tik', 'ne vien', 'be abejo', 'be abejonės', 'neabejotinai', 'ne veltui'],
};

/**
 * Compiles a loaded codebook (parseCodebook) into its term index and rule table, each rule compiled
 * by its kind (rule-kinds.ts). Throws a QevalError NO_STEMMER when a rule asks for stemming in a
 * language without a stemmer, and an Error for a rule with no kind (which the schema rules out).
 */
export function compileCodebook(codebook: Codebook): CompiledCodebook {
  const spec = codebook.spec;
  const language = spec.language;
  const stemmer = getStemmer(language);
  const lexicons = spec.lexicons ?? {};
  const terms: Term[] = [];
  const termKey = new Map<string, number>();
  const c: CompiledCodebook = {
    codebook, terms, rules: [], exact: new Map(), prefix: new Map(), prefixLengths: [], suffix: new Map(), suffixLengths: [],
    contains: [], stem: new Map(), stemmer, negationCues: new Set(), negationBreaks: new Set(), negationExcepts: new Set(),
    negationWindow: spec.negation?.window ?? 4, rulesByTerm: new Map(), regexRules: [],
    codeOrder: new Map(codebook.codes.map((code, i) => [code.id, i])),
    interviewerLabels: spec.speakers?.interviewer ?? [],
    speakerFilters: [],
    ownSpeakerFilters: [],
    coder: `qeval ${spec.codebook}@${spec.version}`,
    candidateCache: new Map(),
  };

  const addTerm = (raw: string, stem: boolean, where: string): number[] => {
    if (raw.startsWith('@')) return (lexicons[raw.slice(1)] ?? []).flatMap((t) => addTerm(t, stem, where));
    const forceStem = raw.startsWith('~');
    const body = forceStem ? raw.slice(1) : raw;
    const useStem = stem || forceStem;
    if (useStem && !stemmer) {
      throw new QevalError('NO_STEMMER', `${where}: stemmed matching asked for, but there is no stemmer for language "${language}"; remove "stem"/"~" or set a language with a stemmer`, { file: codebook.file });
    }
    const split = termWords(body);
    const words = split.map((w) => wordPattern(normalizeWord(w), useStem ? stemmer : undefined));
    const commaBefore = commasBetween(body, split.length);
    const key = `${words.map((w) => JSON.stringify(w)).join(' ')}|${commaBefore.join('')}`;
    const known = termKey.get(key);
    if (known !== undefined) return [known];
    const id = terms.length;
    terms.push({ id, text: body.trim(), words, commaBefore });
    termKey.set(key, id);
    indexFirstWord(c, id, words[0] as WordPattern);
    return [id];
  };
  const toSet = (list: string[] | undefined, stem: boolean, where: string) => new Set((list ?? []).flatMap((t) => addTerm(t, stem, where)));

  c.negationCues = toSet(spec.negation?.cues ?? DEFAULT_NEGATION_CUES, false, 'negation cues');
  c.negationBreaks = toSet(spec.negation?.breaks ?? DEFAULT_NEGATION_BREAKS, false, 'negation breaks');
  c.negationExcepts = toSet(spec.negation?.except ?? DEFAULT_NEGATION_EXCEPT[language] ?? DEFAULT_NEGATION_EXCEPT.en, false, 'negation except');

  for (const code of codebook.codes) {
    code.rules.forEach((rule: RuleSpec, i) => {
      const where = `code "${code.id}", rule ${i + 1}`;
      const stem = rule.stem ?? spec.defaults?.stem ?? false;
      const kind = ruleKindOf(rule);
      const compiled: CompiledRule = {
        id: rule.id ?? `${code.id}#${i + 1}`,
        code: code.id,
        kind,
        groups: [],
        within: rule.within ?? spec.defaults?.within ?? DEFAULT_WITHIN,
        unless: toSet(rule.unless, stem, where),
        negated: rule.negated ?? spec.defaults?.negated ?? 'skip',
        speakers: rule.speakers ?? spec.defaults?.speakers ?? 'respondents',
        ownSpeakers: rule.speakers !== undefined,
        order: c.rules.length,
      };
      // The unless terms are compiled first (above): term ids follow first use, and hits are ordered by them.
      compiled.groups = ruleKind(kind).compile(rule, {
        terms: (list) => toSet(list, stem, where),
        scanUnits: (regex) => {
          compiled.regex = regex;
          compiled.regexTerm = -1 - c.regexRules.length;
          c.regexRules.push(compiled);
          return compiled.regexTerm;
        },
      });
      c.rules.push(compiled);
      for (const t of compiled.groups[0] ?? []) {
        const list = c.rulesByTerm.get(t) ?? [];
        list.push(compiled.order);
        c.rulesByTerm.set(t, list);
      }
    });
  }
  c.speakerFilters = [...new Map(c.rules.map((r) => [JSON.stringify(r.speakers), r.speakers])).values()];
  c.ownSpeakerFilters = [...new Map(c.rules.filter((r) => r.ownSpeakers).map((r) => [JSON.stringify(r.speakers), r.speakers])).values()];
  c.prefixLengths.sort((a, b) => a - b);
  c.suffixLengths.sort((a, b) => a - b);
  return c;
}

/** For each of `count` words of a term: is there a comma between it and the word before? */
/** For each of a term's `count` words, whether the term writes a comma before it (`police, if` -> [false, true]). */
export function commasBetween(body: string, count: number): boolean[] {
  const gaps = body.trim().split(/[\p{L}\p{M}\p{N}*'’]+/u).slice(1, count);
  return [false, ...gaps.map((g) => g.includes(','))];
}

function wordPattern(word: string, stemmer: Stemmer | undefined): WordPattern {
  const first = word.indexOf('*');
  if (first < 0) return stemmer ? { kind: 'stem', stem: stemmer(word) } : { kind: 'exact', word };
  const last = word.lastIndexOf('*');
  if (first === 0 && last === word.length - 1 && word.length > 2) return { kind: 'contains', middle: word.slice(1, -1) };
  if (first === 0) return { kind: 'suffix', suffix: word.slice(1) };
  if (last === word.length - 1 && first === last) return { kind: 'prefix', prefix: word.slice(0, -1) };
  return { kind: 'infix', prefix: word.slice(0, first), suffix: word.slice(last + 1) };
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

function indexFirstWord(c: CompiledCodebook, id: number, w: WordPattern): void {
  switch (w.kind) {
    case 'exact': push(c.exact, w.word, id); break;
    case 'stem': push(c.stem, w.stem, id); break;
    case 'prefix':
    case 'infix':
      push(c.prefix, w.prefix, id);
      if (!c.prefixLengths.includes(w.prefix.length)) c.prefixLengths.push(w.prefix.length);
      break;
    case 'suffix':
      push(c.suffix, w.suffix, id);
      if (!c.suffixLengths.includes(w.suffix.length)) c.suffixLengths.push(w.suffix.length);
      break;
    case 'contains': c.contains.push({ middle: w.middle, term: id }); break;
  }
}

/** Whether a normalized token matches one word pattern. */
export function wordMatches(w: WordPattern, token: string, stemmer: Stemmer | undefined): boolean {
  switch (w.kind) {
    case 'exact': return token === w.word;
    case 'prefix': return token.length > w.prefix.length && token.startsWith(w.prefix) || token === w.prefix;
    case 'suffix': return token.endsWith(w.suffix);
    case 'infix': return token.length >= w.prefix.length + w.suffix.length && token.startsWith(w.prefix) && token.endsWith(w.suffix);
    case 'contains': return token.includes(w.middle);
    case 'stem': return stemmer !== undefined && stemmer(token) === w.stem;
  }
}
