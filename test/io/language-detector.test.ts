// The language detector loaded from the build's JSON copy of eld's database detects exactly as eld's own entry.
import { describe, expect, it } from 'vitest';
import { eld } from 'eld/small';
import { detectorFromDatabase, eldDatabaseJson } from '../../src/io/language-detector.js';

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
  it('built from the JSON database: the same language, scores and reliability as eld/small', async () => {
    const detector = (await detectorFromDatabase(await eldDatabaseJson()))!;
    expect(detector).toBeDefined();
    for (const text of TEXTS) {
      const ours = detector.detect(text);
      const theirs = eld.detect(text);
      expect([text, ours.language, ours.isReliable(), ours.getScores()]).toEqual([text, theirs.language, theirs.isReliable(), theirs.getScores()]);
    }
    expect(detector.detect(TEXTS[1]!).language).toBe('lt');
  }, 60_000);

  it('refuses a database made from another eld, or damaged text', async () => {
    const json = JSON.parse(await eldDatabaseJson()) as { source: { version: string } };
    json.source.version = '0.0.1';
    expect(await detectorFromDatabase(JSON.stringify(json))).toBeUndefined();
    expect(await detectorFromDatabase('{"source":')).toBeUndefined();
  }, 60_000);
});
