// all/near rules: each group must be met by words of its own (a partner name is not its own relation).
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import { codeDocument } from '../../src/engine/code.js';

const book = (rules: string) => compileCodebook(parseCodebook(`codebook: t\nversion: 1.0.0\nlanguage: en\ncodes:\n  - id: x\n    label: X\n    definition: d\n    rules:\n${rules}`, 't.yaml'));
const codes = (rules: string, text: string) =>
  codeDocument(book(rules), { id: 'd.txt', text, attributes: {}, encoding: 'utf-8', bodyStart: 0 }).map((s) => `${s.code}:${s.matched.join('+')}`);

describe('groups on words of their own', () => {
  const all = '      - all: [["partner organi*", ngo], ["partner*", we]]\n';
  it('one word does not meet two groups of an all rule', () => {
    expect(codes(all, 'Partner organizations were founded in the nineties.')).toEqual([]);
  });
  it('another word of the second group still does', () => {
    expect(codes(all, 'Partner organizations help, and we meet them.')).toEqual(['x:Partner organizations+we']);
    expect(codes(all, 'The NGO is our partner.')).toEqual(['x:NGO+partner']);
  });
  it('a later word is chosen when the first one overlaps', () => {
    expect(codes('      - all: [["call me"], [me, staff]]\n', 'They call me, and the staff too.')).toEqual(['x:call me+staff']);
    expect(codes('      - all: [["call me"], [me, staff]]\n', 'They call me.')).toEqual([]);
  });
  it('three groups need three separate places', () => {
    const three = '      - all: [[ask], [papers], [we]]\n';
    expect(codes(three, 'We ask for papers.')).toEqual(['x:We+ask+papers']);
    expect(codes('      - all: [[ask], ["ask for"], [we]]\n', 'We ask for papers.')).toEqual([]);
  });
  it('a near rule needs a second term apart from the first', () => {
    const near = '      - near: [["social services"], [services, rarely]]\n        within: 3\n';
    expect(codes(near, 'The social services came.')).toEqual([]);
    expect(codes(near, 'The social services rarely came.')).toEqual(['x:social services+rarely']);
  });
});
