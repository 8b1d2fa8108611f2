// The language detector loaded from the build's packed copy of eld's database detects exactly as eld's own entry.
import { describe, expect, it } from 'vitest';
import { eld } from 'eld/small';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectorFromDatabase, eldDatabaseBinary, readEldDatabase, type EldData } from '../../src/io/language-detector.js';

const TEXTS = [
  'Policija mums neskambina.',
  'Su policija bendradarbiaujame tik atsitiktinai, kai pačios paskambiname pareigūnui, kurį pažįstame.',
  'The women trust the NGO staff much more than they trust the police.',
  'Мы работаем с полицией только иногда.',
  'Mēs sadarbojamies ar policiju tikai reizēm.',
  'Współpracujemy z policją tylko czasami.',
  '12 34 56',
];

describe('language detector', () => {
  it('built from the packed database: the same language, scores and reliability as eld/small', async () => {
    const detector = (await detectorFromDatabase((await eldDatabaseBinary())!))!;
    expect(detector).toBeDefined();
    for (const text of TEXTS) {
      const ours = detector.detect(text);
      const theirs = eld.detect(text);
      expect([text, ours.language, ours.isReliable(), ours.getScores()]).toEqual([text, theirs.language, theirs.isReliable(), theirs.getScores()]);
    }
    expect(detector.detect(TEXTS[1]!).language).toBe('lt');
  }, 60_000);

  it('holds every n-gram of eld\'s database with its scores, and nothing else', async () => {
    const module = pathToFileURL(path.resolve('node_modules/eld/src/ngrams/small.js')).href;
    const { ngramsData } = (await import(/* @vite-ignore */ module)) as { ngramsData: EldData };
    const data = readEldDatabase((await eldDatabaseBinary())!)!;
    expect([data.type, data.languages]).toEqual([ngramsData.type, ngramsData.languages]);
    const keys = Object.keys(ngramsData.ngrams);
    expect(keys.length).toBeGreaterThan(50_000);
    const differing = keys.filter((k) => JSON.stringify(data.ngrams[k]) !== JSON.stringify(ngramsData.ngrams[k]));
    expect(differing).toEqual([]);
    // Strings that are no n-gram: a key less its last character, more one, and words.
    const absent = [...keys.slice(0, 200).map((k) => k.slice(0, -1)), ...keys.slice(0, 200).map((k) => `${k}\u0001`), 'constructor', 'toString', '__proto__', ''];
    expect(absent.filter((k) => !(k in ngramsData.ngrams) && data.ngrams[k] !== undefined)).toEqual([]);
  }, 60_000);

  it('refuses a database made from another eld, or damaged bytes', async () => {
    const bytes = (await eldDatabaseBinary())!;
    const headLength = bytes.readUInt32LE(9);
    const head = bytes.toString('utf8', 13, 13 + headLength);
    const other = Buffer.from(bytes);
    other.write(head.replace(/"version":"[^"]*"/, (v) => `"version":"${'0'.repeat(v.length - 13)}"`), 13, 'utf8');
    expect(await detectorFromDatabase(other)).toBeUndefined();
    expect(await detectorFromDatabase(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(await detectorFromDatabase(Buffer.from('{"source":'))).toBeUndefined();
  }, 60_000);
});
