// Rule kinds as a table: each case codes one text with one small codebook and states the codes expected.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import type { SourceDocument } from '../../src/model/types.js';

function book(rules: string, extra = '', language = 'en') {
  return compileCodebook(parseCodebook(`codebook: t\nversion: 1.0.0\nlanguage: ${language}\n${extra}codes:\n  - id: weakness\n    label: W\n    definition: d\n  - id: x\n    label: X\n    definition: d\n    rules:\n${rules}`, 't.yaml'));
}
const doc = (text: string): SourceDocument => ({ id: 'd.txt', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });
const codes = (rules: string, text: string, extra = '', language = 'en') => codeDocument(book(rules, extra, language), doc(text)).map((s) => `${s.code}:${s.matched.join('+')}`);

const cases: { name: string; rules: string; text: string; want: string[]; extra?: string; language?: string }[] = [
  { name: 'exact word, any case', rules: '      - any: [police]\n', text: 'The POLICE came.', want: ['x:POLICE'] },
  { name: 'exact word does not match inside another word', rules: '      - any: [police]\n', text: 'Policemen came.', want: [] },
  { name: 'prefix wildcard in any language', rules: '      - any: [bendradarb*]\n', text: 'Bendradarbiaujame su policija.', want: ['x:Bendradarbiaujame'] },
  { name: 'suffix wildcard', rules: '      - any: ["*ship"]\n', text: 'A partnership works.', want: ['x:partnership'] },
  { name: 'phrase with wildcard', rules: '      - any: ["know* personally"]\n', text: 'I knew him personally.', want: [] },
  { name: 'phrase matches consecutive words', rules: '      - any: ["know* personally"]\n', text: 'If I know them? I know personally the officer.', want: ['x:know personally'] },
  { name: 'stemmed English', rules: '      - any: [collaboration]\n        stem: true\n', text: 'We collaborated well.', want: ['x:collaborated'] },
  { name: 'stemmed Lithuanian', rules: '      - any: [policija]\n        stem: true\n', text: 'Kreipėmės į policiją.', want: ['x:policiją'], language: 'lt' },
  { name: 'near within the window', rules: '      - near: [[police], [sometimes]]\n        within: 3\n', text: 'The police call us sometimes.', want: ['x:police+sometimes'] },
  { name: 'near outside the window', rules: '      - near: [[police], [sometimes]]\n        within: 2\n', text: 'The police call us very rarely, sometimes.', want: [] },
  { name: 'all needs every group', rules: '      - all: [[good], [we, our]]\n', text: 'It is good.', want: [] },
  { name: 'all fires with every group', rules: '      - all: [[good], [we, our]]\n', text: 'Our work is good.', want: ['x:Our+good'] },
  { name: 'unless blocks', rules: '      - any: [trust]\n        unless: [police]\n', text: 'They trust the police.', want: [] },
  { name: 'negation skips by default', rules: '      - any: [collaboration]\n', text: 'There is no collaboration.', want: [] },
  { name: 'negation with n\'t', rules: '      - any: [work]\n', text: "It doesn't work.", want: [] },
  { name: 'negation does not cross "but"', rules: '      - any: [collaboration]\n', text: 'No money but collaboration is fine.', want: ['x:collaboration'] },
  { name: 'negation does not cross a clause', rules: '      - any: [collaboration]\n', text: 'No. Collaboration is fine.', want: ['x:Collaboration'] },
  { name: 'negation beyond the window does not count', rules: '      - any: [collaboration]\n', text: 'Never in my long years of work did collaboration fail.', want: ['x:collaboration'] },
  { name: 'negated match re-routed', rules: '      - any: [collaboration]\n        negated: weakness\n', text: 'There is no collaboration with the police.', want: ['weakness:no+collaboration'] },
  { name: 'negated match ignored', rules: '      - any: [police]\n        negated: ignore\n', text: 'We never got an answer from the police.', want: ['x:police'] },
  { name: 'negation required', rules: '      - near: [[enough], [staff]]\n        within: 2\n        negated: require\n', text: 'We do not have enough staff.', want: ['x:not+enough+staff'] },
  { name: 'negation required: plain match does not fire', rules: '      - near: [[enough], [staff]]\n        within: 2\n        negated: require\n', text: 'We have enough staff.', want: [] },
  { name: 'lexicon reference', rules: '      - any: ["@partners"]\n', text: 'The municipality helps.', want: ['x:municipality'], extra: 'lexicons:\n  partners: [police, municipality]\n' },
  { name: 'RE2 regex', rules: '      - regex: "\\\\b(no|zero) (contact|agreement)s?\\\\b"\n', text: 'There is no agreement.', want: ['x:no agreement'] },
  { name: 'hyphenated term matches the hyphenated text', rules: '      - any: ["no follow-up", "anti-trafficking unit"]\n        negated: ignore\n', text: 'The anti-trafficking unit had no follow-up.', want: ['x:anti-trafficking unit'] },
  { name: 'phrase words must be adjacent: no punctuation between them', rules: '      - any: ["no contact"]\n', text: 'No, contact with the police is regular.', want: [] },
  { name: 'a comma in the term allows one in the text', rules: '      - any: ["knew, where"]\n', text: 'She knew, where she was going.', want: ['x:knew, where'] },
  { name: 'a "No," interjection does not negate', rules: '      - any: [trust]\n', text: 'No, we trust the staff completely.', want: ['x:trust'] },
  { name: 'near counts the words between the two terms', rules: '      - near: [["social services"], [rarely]]\n        within: 1\n', text: 'The social services rarely call.', want: ['x:social services+rarely'] },
  { name: 'regex matches inside one unit only', rules: '      - regex: "police.*help"\n', text: 'The police came. Nobody cared. Police help us a lot.', want: ['x:Police help'] },
  { name: 'custom negation cues', rules: '      - any: [collaboration]\n', text: 'There is zero collaboration.', want: [], extra: 'negation:\n  cues: [zero]\n' },
];

describe('rule kinds', () => {
  for (const c of cases) {
    it(c.name, () => expect(codes(c.rules, c.text, c.extra, c.language)).toEqual(c.want));
  }
});

describe('speakers', () => {
  const text = 'Interviewer: Do you trust the police?\n\nRespondent: We trust the police.';
  it('codes respondents, not interviewers, by default', () => {
    const segs = codeDocument(book('      - any: [trust]\n'), doc(text));
    expect(segs.map((s) => s.speaker)).toEqual(['Respondent']);
  });
  it('codes interviewers when a rule asks for them', () => {
    const segs = codeDocument(book('      - any: [trust]\n        speakers: interviewers\n'), doc(text));
    expect(segs.map((s) => s.speaker)).toEqual(['Interviewer']);
  });
  it('codes everyone when the run asks for all', () => {
    const segs = codeDocument(book('      - any: [trust]\n'), doc(text), { speakers: 'all' });
    expect(segs).toHaveLength(2);
  });
  it("keeps a rule's own speakers whatever the run asks for (the run's choice replaces the codebook's default only)", () => {
    const three = 'Interviewer: Do you trust the police?\n\nAnna: We trust the police.\n\nRuta: We trust the police too.\n\nInterviewer: And then?\n\nAnna: Still trust.\n\nRuta: Less trust.';
    const onlyAnna = book('      - any: [trust]\n        speakers: [anna]\n');
    for (const speakers of [undefined, 'respondents', 'all', 'interviewers'] as const) {
      expect(codeDocument(onlyAnna, doc(three), speakers === undefined ? {} : { speakers }).map((s) => s.speaker), String(speakers)).toEqual(['Anna', 'Anna']);
    }
    // Beside it, a rule without its own speakers follows the run.
    const both = book('      - any: [trust]\n        speakers: [anna]\n      - any: [police]\n');
    expect(codeDocument(both, doc(three), { speakers: 'interviewers' }).map((s) => `${s.speaker} ${s.rule}`)).toEqual(['Interviewer x#2', 'Anna x#1', 'Anna x#1']);
  });
});

describe('regular expressions', () => {
  it('run in linear time on input that makes backtracking engines hang', () => {
    const c = book('      - regex: "(a+)+$"\n');
    const text = `${'a'.repeat(50_000)}b`;
    const t0 = performance.now();
    const segs = codeDocument(c, doc(text));
    expect(segs).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('segments', () => {
  it('record rule, unit, line and the words that fired', () => {
    const [s] = codeDocument(book('      - any: [police]\n'), doc('First line.\nThe police came.'), { unit: 'sentence' });
    expect(s).toMatchObject({ code: 'x', rule: 'x#1', unit: 'sentence:2', line: 2, matched: ['police'], coder: 'qeval t@1.0.0', text: 'The police came.' });
  });
  it('use the chosen unit', () => {
    const segs = codeDocument(book('      - any: [police]\n'), doc('One. The police came.\n\nOther.'), { unit: 'paragraph' });
    expect(segs.map((s) => [s.unit, s.text])).toEqual([['paragraph:1', 'One. The police came.']]);
  });
});
