// The term syntax the codebook (schema, load checks) and the compiler share: a term list's JSON Schema and a term's words.

/** JSON Schema of a list of terms (rule terms, `unless`, lexicons, negation cues and breaks). */
export const termsSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', minLength: 1 },
  description: 'Words or phrases. `*` is a wildcard inside a word, `~word` matches by stem, `@name` inserts a lexicon.',
} as const;

/**
 * The words of a term, split the way the tokenizer splits text: "follow-up" is two words, as in
 * the text, so a hyphenated term matches a hyphenated (or spaced) phrase. Returns [] when the term
 * has no letters, digits or `*`; never throws.
 */
export function termWords(body: string): string[] {
  return body.replace(/[^\p{L}\p{M}\p{N}*'’]+/gu, ' ').trim().split(' ').filter((w) => w !== '');
}
