// A unit's tokens taken from the rule engine's run over its window are the tokens tokenizing the unit alone gives.
import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeRun, tokensWithin, type Tokens } from '../../src/engine/tokenize.js';

/** Tokens as a unit's features read them: words, offsets, and which words share a clause (the numbers themselves may differ). */
function shape(t: Tokens) {
  const clauses: boolean[] = [];
  for (let i = 1; i < t.count; i++) clauses.push(t.clause[i] === t.clause[i - 1]);
  return { count: t.count, norm: [...t.norm], start: [...t.start], end: [...t.end], clauses };
}

const TEXT = [
  'Anna: We don’t trust them. No, we never did; not once – since 2004.',
  'See www.pagalba.lt/kontaktai or write to info@pagalba.lt, please.',
  'The police (in Vilnius) call us: fol\u00adlow-up is hard… Really hard!',
  'Mokytoja sakė: „Nėra pinigų“. Didn’t help.',
].join('\n\n');

describe('tokensWithin', () => {
  it('gives every stretch of a tokenized run the tokens tokenize gives it, wherever the stretch starts and ends', () => {
    const owner = {};
    tokenizeRun(owner, TEXT, 0, TEXT.length);
    // Every stretch between two character positions: inside words, inside addresses, at spaces and at punctuation.
    const cuts = [...Array(TEXT.length + 1).keys()].filter((i) => i % 3 === 0 || i === TEXT.length);
    let compared = 0;
    for (const from of cuts) {
      for (const to of cuts) {
        if (to <= from) continue;
        expect(shape(tokensWithin(owner, TEXT, from, to)), `[${from}, ${to})`).toEqual(shape(tokenize(TEXT, from, to)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('tokenizes a stretch outside the run, or of a text never run, afresh', () => {
    const owner = {};
    tokenizeRun(owner, TEXT, 0, 60);
    expect(shape(tokensWithin(owner, TEXT, 70, 140))).toEqual(shape(tokenize(TEXT, 70, 140)));
    expect(shape(tokensWithin({}, TEXT, 0, 40))).toEqual(shape(tokenize(TEXT, 0, 40)));
  });
});
