// Measures how well a stemmer conflates inflected forms against gold lemmas (form<TAB>lemma<TAB>upos<TAB>count).
//
// Usage: node dist/tools/lemma-conflation.js [--lang lt] <form_lemma_pairs.tsv>
// Prints, for the stemmer of --lang (default lt):
//   - the conflation rate: share of (form, lemma) pairs whose form stems to the same stem as its lemma
//     (per unique pair and weighted by token count), beside the no-stemming baseline (form = lemma);
//   - for lemmas with two or more distinct forms, the share whose forms all get one stem (under-stemming
//     is the rest);
//   - over-stemming: distinct lemmas that collapse onto one stem, counted on the lemmas themselves and on
//     the stem classes of their forms.
// Output is deterministic: counts only, examples sorted.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getStemmer, stemLanguages, type Stemmer } from '../lang/stemmers.js';

/** One row of the gold file, lowercased. */
export interface FormLemmaPair {
  form: string;
  lemma: string;
  upos: string;
  count: number;
}

export interface ConflationFigures {
  pairs: number;
  tokens: number;
  /** Pairs (and tokens) whose form is literally its lemma: what no stemming at all achieves. */
  identicalPairs: number;
  identicalTokens: number;
  /** Pairs (and tokens) with stem(form) === stem(lemma). */
  conflatedPairs: number;
  conflatedTokens: number;
  lemmas: number;
  /** Lemmas with at least two distinct forms, those whose forms all share one stem, and their stem count. */
  multiFormLemmas: number;
  singleStemLemmas: number;
  stemsOfMultiFormLemmas: number;
  /** Stems of lemma strings shared by two or more distinct lemmas, and how many lemmas they hold. */
  sharedLemmaStems: number;
  lemmasOnSharedLemmaStems: number;
  /** Distinct form stems, those holding forms of two or more lemmas, and the lemmas involved. */
  formStems: number;
  mixedFormStems: number;
  lemmasOnMixedFormStems: number;
  /** Forms annotated with two or more lemmas in the gold data (homographs no stemmer can separate). */
  ambiguousForms: number;
  /** Largest lemma-stem collisions, for reading: stem and its lemmas, sorted. */
  collisionExamples: Array<{ stem: string; lemmas: string[] }>;
}

/** Parses the gold TSV (header `form lemma upos count`), lowercasing forms and lemmas. */
export function parseFormLemmaPairs(text: string, file: string): FormLemmaPair[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split('\t') ?? [];
  if (header[0] !== 'form' || header[1] !== 'lemma') {
    throw new Error(`${file}:1: expected a header starting with "form<TAB>lemma", found "${lines[0] ?? ''}"`);
  }
  const pairs: FormLemmaPair[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line === '') return;
    const [form, lemma, upos = '', count = '1'] = line.split('\t');
    const tokens = Number(count);
    if (form === undefined || lemma === undefined || form === '' || lemma === '' || !Number.isInteger(tokens) || tokens < 1) {
      throw new Error(`${file}:${index + 2}: expected form<TAB>lemma<TAB>upos<TAB>count, found "${line}"`);
    }
    pairs.push({ form: normalize(form), lemma: normalize(lemma), upos, count: tokens });
  });
  return pairs;
}

function normalize(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

function addToGroup(groups: Map<string, Set<string>>, key: string, value: string): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, new Set([value]));
  else group.add(value);
}

/** Computes the conflation and over-stemming figures of `stem` on gold (form, lemma) pairs. */
export function measureConflation(pairs: readonly FormLemmaPair[], stem: Stemmer): ConflationFigures {
  let tokens = 0;
  let identicalPairs = 0;
  let identicalTokens = 0;
  let conflatedPairs = 0;
  let conflatedTokens = 0;
  const formsByLemma = new Map<string, Set<string>>();
  const lemmasByForm = new Map<string, Set<string>>();
  const lemmasByFormStem = new Map<string, Set<string>>();

  for (const { form, lemma, count } of pairs) {
    tokens += count;
    if (form === lemma) {
      identicalPairs++;
      identicalTokens += count;
    }
    const formStem = stem(form);
    if (formStem === stem(lemma)) {
      conflatedPairs++;
      conflatedTokens += count;
    }
    addToGroup(formsByLemma, lemma, form);
    addToGroup(lemmasByForm, form, lemma);
    addToGroup(lemmasByFormStem, formStem, lemma);
  }

  let multiFormLemmas = 0;
  let singleStemLemmas = 0;
  let stemsOfMultiFormLemmas = 0;
  const lemmasByLemmaStem = new Map<string, Set<string>>();
  for (const [lemma, forms] of formsByLemma) {
    addToGroup(lemmasByLemmaStem, stem(lemma), lemma);
    if (forms.size < 2) continue;
    multiFormLemmas++;
    const stems = new Set([...forms].map((form) => stem(form)));
    stemsOfMultiFormLemmas += stems.size;
    if (stems.size === 1) singleStemLemmas++;
  }

  const sharedLemmaStems = [...lemmasByLemmaStem].filter(([, lemmas]) => lemmas.size >= 2);
  const mixedFormStems = [...lemmasByFormStem.values()].filter((lemmas) => lemmas.size >= 2);
  const collisionExamples = sharedLemmaStems
    .map(([stemmed, lemmas]) => ({ stem: stemmed, lemmas: [...lemmas].sort() }))
    .sort((a, b) => b.lemmas.length - a.lemmas.length || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0))
    .slice(0, 10);

  return {
    pairs: pairs.length,
    tokens,
    identicalPairs,
    identicalTokens,
    conflatedPairs,
    conflatedTokens,
    lemmas: formsByLemma.size,
    multiFormLemmas,
    singleStemLemmas,
    stemsOfMultiFormLemmas,
    sharedLemmaStems: sharedLemmaStems.length,
    lemmasOnSharedLemmaStems: sharedLemmaStems.reduce((sum, [, lemmas]) => sum + lemmas.size, 0),
    formStems: lemmasByFormStem.size,
    mixedFormStems: mixedFormStems.length,
    lemmasOnMixedFormStems: new Set(mixedFormStems.flatMap((lemmas) => [...lemmas])).size,
    ambiguousForms: [...lemmasByForm.values()].filter((lemmas) => lemmas.size >= 2).length,
    collisionExamples,
  };
}

function share(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** The report printed by the tool, one figure per line. */
export function formatFigures(figures: ConflationFigures, lang: string, file: string): string {
  const f = figures;
  return [
    `stemmer: ${lang}; gold: ${file}`,
    `pairs (unique form, lemma, upos): ${f.pairs}; tokens: ${f.tokens}; lemmas: ${f.lemmas}`,
    `conflation rate, stem(form) = stem(lemma): ${f.conflatedPairs}/${f.pairs} pairs = ${share(f.conflatedPairs, f.pairs)}; `
      + `${f.conflatedTokens}/${f.tokens} tokens = ${share(f.conflatedTokens, f.tokens)}`,
    `  baseline without stemming, form = lemma: ${f.identicalPairs}/${f.pairs} pairs = ${share(f.identicalPairs, f.pairs)}; `
      + `${f.identicalTokens}/${f.tokens} tokens = ${share(f.identicalTokens, f.tokens)}`,
    `lemmas with >= 2 distinct forms: ${f.multiFormLemmas}; all forms share one stem: ${f.singleStemLemmas} = `
      + `${share(f.singleStemLemmas, f.multiFormLemmas)}; mean distinct stems per such lemma: `
      + `${f.multiFormLemmas === 0 ? 'n/a' : (f.stemsOfMultiFormLemmas / f.multiFormLemmas).toFixed(2)}`,
    `over-stemming, lemma level: ${f.sharedLemmaStems} stems shared by >= 2 distinct lemmas, holding `
      + `${f.lemmasOnSharedLemmaStems}/${f.lemmas} lemmas = ${share(f.lemmasOnSharedLemmaStems, f.lemmas)}`,
    `over-stemming, form level: ${f.mixedFormStems}/${f.formStems} form stems = ${share(f.mixedFormStems, f.formStems)} `
      + `hold forms of >= 2 lemmas, involving ${f.lemmasOnMixedFormStems}/${f.lemmas} lemmas = `
      + `${share(f.lemmasOnMixedFormStems, f.lemmas)} (gold forms with >= 2 lemmas, unavoidable: ${f.ambiguousForms})`,
    'largest lemma-level collisions:',
    ...f.collisionExamples.map(({ stem, lemmas }) => `  ${stem}: ${lemmas.join(', ')}`),
    '',
  ].join('\n');
}

/** Runs the tool; returns the exit status (0 ok, 2 usage or input error). */
export function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  let file: string;
  let lang: string;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { lang: { type: 'string', default: 'lt' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] === undefined) {
      throw new Error('expected one argument, the form_lemma_pairs.tsv file');
    }
    file = positionals[0];
    lang = values.lang;
  } catch (error) {
    err(`lemma-conflation: ${(error as Error).message}\nusage: node dist/tools/lemma-conflation.js [--lang lt] <form_lemma_pairs.tsv>\n`);
    return 2;
  }
  const stem = getStemmer(lang);
  if (stem === undefined) {
    err(`lemma-conflation: unknown language "${lang}"; use one of: ${stemLanguages.join(', ')}\n`);
    return 2;
  }
  try {
    const pairs = parseFormLemmaPairs(readFileSync(file, 'utf8'), file);
    out(formatFigures(measureConflation(pairs, stem), lang, file));
    return 0;
  } catch (error) {
    err(`lemma-conflation: ${(error as Error).message}\n`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
}
