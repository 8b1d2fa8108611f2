// negation.except: phrases that start with a negation cue but are not negation ("not only", "no doubt").
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';
import { QevalError } from '../../src/model/errors.js';
import type { SourceDocument } from '../../src/model/types.js';

function book(rules: string, negation = '', language = 'en') {
  return compileCodebook(parseCodebook(`codebook: t\nversion: 1.0.0\nlanguage: ${language}\n${negation}codes:\n  - id: weakness\n    label: W\n    definition: d\n  - id: x\n    label: X\n    definition: d\n    rules:\n${rules}`, 't.yaml'));
}
const doc = (text: string): SourceDocument => ({ id: 'd.txt', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 });
const codes = (rules: string, text: string, negation = '', language = 'en') =>
  codeDocument(book(rules, negation, language), doc(text)).map((s) => `${s.code}:${s.matched.join('+')}`);

const trust = '      - any: [trust]\n        negated: weakness\n';

describe('negation exceptions (defaults)', () => {
  it('a plain "not" still negates', () => {
    expect(codes(trust, 'The women do not trust us.')).toEqual(['weakness:not+trust']);
    expect(codes(trust, 'Not the women trust us.')).toEqual(['weakness:Not+trust']);
  });
  it('"not just" negates nothing', () => {
    expect(codes(trust, 'Not just the women trust us, their families do too.')).toEqual(['x:trust']);
  });
  it('"not only" and "*n\'t only" negate nothing', () => {
    expect(codes(trust, 'Not only the women trust us.')).toEqual(['x:trust']);
    expect(codes(trust, "They don't only trust us, they rely on us.")).toEqual(['x:trust']);
  });
  it('"no doubt", "without doubt", "without a doubt" negate nothing', () => {
    expect(codes(trust, 'No doubt the women trust us.')).toEqual(['x:trust']);
    expect(codes(trust, 'Without doubt they trust us.')).toEqual(['x:trust']);
    expect(codes(trust, 'Without a doubt they trust us.')).toEqual(['x:trust']);
  });
  it('a real cue after an except phrase still negates', () => {
    expect(codes(trust, 'No wonder she does not trust anyone.')).toEqual(['weakness:not+trust']);
    expect(codes(trust, 'Not only the police, the women do not trust us either.')).toEqual(['weakness:not+trust']);
  });
  it('the words of an except phrase match no shorter term: "no problem" is not a problem', () => {
    const problem = '      - any: ["problem*"]\n        negated: ignore\n';
    expect(codes(problem, 'There is no problem with the staff.')).toEqual([]);
    expect(codes(problem, 'There is a problem with the staff.')).toEqual(['x:problem']);
    expect(codes(problem, 'There are no problems with the staff.')).toEqual(['x:problems']);
  });
  it('a term that starts inside an except phrase does not count; one that starts with it and is longer does', () => {
    expect(codes('      - any: ["only volunteers"]\n        negated: ignore\n', 'Paid staff, not only volunteers.')).toEqual([]);
    expect(codes('      - any: ["no doubt whatsoever"]\n', 'There is no doubt whatsoever.')).toEqual(['x:no doubt whatsoever']);
    expect(codes('      - any: ["no doubt"]\n', 'There is no doubt.')).toEqual(['x:no doubt']);
  });
  it('Lithuanian defaults: "ne vien", "be abejo" negate nothing, "ne" still does', () => {
    const lt = '      - any: ["pasitiki*"]\n        negated: weakness\n';
    const cues = 'negation:\n  cues: [ne, be]\n';
    expect(codes(lt, 'Ne vien moterys mumis pasitiki.', cues, 'lt')).toEqual(['x:pasitiki']);
    expect(codes(lt, 'Be abejo moterys mumis pasitiki.', cues, 'lt')).toEqual(['x:pasitiki']);
    expect(codes(lt, 'Moterys mumis ne pasitiki.', cues, 'lt')).toEqual(['weakness:ne+pasitiki']);
  });
});

describe('negation.except in a codebook', () => {
  it('replaces the default list', () => {
    const own = 'negation:\n  except: ["not yet"]\n';
    expect(codes(trust, 'Not yet the women trust us.', own)).toEqual(['x:trust']);
    expect(codes(trust, 'Not only the women trust us.', own)).toEqual(['weakness:Not+trust']);
  });
  it('an empty list turns the exceptions off', () => {
    expect(codes(trust, 'No doubt the women trust us.', 'negation:\n  except: []\n')).toEqual(['weakness:No+trust']);
  });
  it('works with custom cues', () => {
    const own = 'negation:\n  cues: [zero]\n  except: ["zero doubt"]\n';
    expect(codes(trust, 'Zero doubt they trust us.', own)).toEqual(['x:trust']);
    expect(codes(trust, 'Zero women trust us.', own)).toEqual(['weakness:Zero+trust']);
  });
  it('is validated by the schema', () => {
    const bad = (negation: string) => () => book('      - any: [trust]\n', negation);
    expect(bad('negation:\n  except: "not only"\n')).toThrow(QevalError);
    expect(bad('negation:\n  except: ["*"]\n')).toThrow(QevalError);
    expect(bad('negation:\n  excepts: ["not only"]\n')).toThrow(/excepts/);
  });
});
