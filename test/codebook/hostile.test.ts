// Hostile YAML: alias bombs are one-line file errors; a huge broken codebook gives a bounded list of errors.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { parseStudy } from '../../src/study/parse.js';
import { readFrontMatter } from '../../src/io/front-matter.js';
import { MAX_ERRORS } from '../../src/config/yaml-source.js';
import { thrown } from '../thrown.js';

// Nine levels of nine aliases each: 9^9 strings once expanded, from a file of a few hundred bytes.
const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

describe('YAML alias bombs', () => {
  it('are a one-line error naming the file and the first alias, in a codebook, a study file and front matter', () => {
    const codebook = thrown(() => parseCodebook(`codebook: t\nversion: 1\nlanguage: en\ncodes: []\n${BOMB}\n`, 'c.yaml'));
    expect([codebook.code, codebook.place, codebook.others]).toEqual(['YAML_ALIASES', { file: 'c.yaml', line: 6, column: 8 }, []]);
    const study = thrown(() => parseStudy(`title: x\nsources: [a]\n${BOMB}\n`, 'qeval.yaml'));
    expect([study.code, study.place.file, study.place.line]).toEqual(['YAML_ALIASES', 'qeval.yaml', 4]);
    const front = thrown(() => readFrontMatter(`---\n${BOMB}\n---\nText.\n`, 'a.md'));
    expect([front.code, front.place.file, front.place.line]).toEqual(['YAML_ALIASES', 'a.md', 3]);
    expect(front.format()).not.toContain('\n');
  });
  it('leaves ordinary aliases alone', () => {
    const book = parseCodebook('codebook: t\nversion: 1\nlanguage: en\nlexicons:\n  p: &p [police, municipality]\ncodes:\n  - id: a\n    label: A\n    definition: d\n    rules:\n      - any: *p\n', 'c.yaml');
    expect(book.codes[0]!.rules[0]).toMatchObject({ any: ['police', 'municipality'] });
  });
});

describe('a huge invalid codebook', () => {
  it('stops after a bounded number of errors, says there are more, and lists them in file order', () => {
    let yaml = 'codebook: t\nversion: 1.0.0\nlanguage: en\ncodes:\n';
    for (let i = 0; i < 3000; i++) yaml += `  - id: c${i}\n    lable: L\n    definition: d\n    rules:\n      - anyy: [x]\n`;
    const e = thrown(() => parseCodebook(yaml, 'huge.yaml'));
    const list = e.list();
    expect(list.length).toBeLessThanOrEqual(MAX_ERRORS + 1);
    expect(list.at(-1)!.code).toBe('TOO_MANY_ERRORS');
    expect(list[0]!.format()).toBe('huge.yaml:6:5: code "c0": unknown key "lable"; did you mean "label"?');
    const lines = list.slice(0, -1).map((x) => x.place.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
  it('lists every problem of a codebook with fewer than the bound, with no note', () => {
    const e = thrown(() => parseCodebook('codebook: t\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: a\n    lable: L\n    definition: d\n  - id: b\n    label: B\n', 'small.yaml'));
    expect(e.list().map((x) => x.code)).toEqual(['SCHEMA_UNKNOWN_KEY', 'SCHEMA_MISSING_KEY']);
  });
});
