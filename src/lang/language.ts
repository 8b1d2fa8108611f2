// Language codes as documents write them ("LT", "lt-LT", "Lithuanian", "lietuvių") -> ISO 639-1 ("lt").

/** ISO 639-1 codes by the names and ISO 639-2/3 codes people write in attributes (lower case). */
const NAMES: Record<string, string> = {
  english: 'en', eng: 'en', anglų: 'en', angliškai: 'en',
  lithuanian: 'lt', lit: 'lt', lietuvių: 'lt', lietuviškai: 'lt', lietuviu: 'lt',
  latvian: 'lv', lav: 'lv', lvs: 'lv', latvių: 'lv',
  russian: 'ru', rus: 'ru', rusų: 'ru',
  polish: 'pl', pol: 'pl', lenkų: 'pl',
  german: 'de', deu: 'de', ger: 'de', vokiečių: 'de',
  french: 'fr', fra: 'fr', fre: 'fr', prancūzų: 'fr',
  spanish: 'es', spa: 'es', ukrainian: 'uk', ukr: 'uk', estonian: 'et', est: 'et',
};

/** English names of the languages qeval has codebooks, stemmers or abbreviations for, for messages. */
export const LANGUAGE_LABELS: Readonly<Record<string, string>> = { en: 'English', lt: 'Lithuanian', lv: 'Latvian', ru: 'Russian', pl: 'Polish', de: 'German' };

/**
 * A language as a bare lower-case ISO 639-1 code: `LT`, `lt-LT`, `lt_LT`, `Lithuanian`, `lit` and
 * `lietuvių` are all `lt`. A value it does not know is returned lower-cased, without its region
 * (`xx-YY` -> `xx`); an empty value gives undefined.
 */
export function normalizeLanguage(value: string | undefined): string | undefined {
  const raw = value?.normalize('NFC').trim().toLowerCase();
  if (!raw) return undefined;
  const named = NAMES[raw];
  if (named) return named;
  const base = raw.split(/[-_\s]/u)[0] as string;
  return NAMES[base] ?? base;
}
