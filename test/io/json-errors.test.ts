// JSON that does not parse is placed at a line and column (code points), as every other bad input is.
import { describe, expect, it } from 'vitest';
import { jsonFailure } from '../../src/io/json-errors.js';

const failure = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonFailure(text, e);
  }
  throw new Error('expected a failure');
};

describe('jsonFailure', () => {
  it('turns V8\'s character position into a line and a column in code points, and leaves it out of the reason', () => {
    expect(failure('{"a": "ą😀",\n  "b": 2 x}')).toEqual({ reason: "Expected ',' or '}' after property value", line: 2, column: 10 });
  });
  it('places a text that ends too soon after its last character', () => {
    expect(failure('[1,\n2,')).toEqual({ reason: 'Unexpected end of JSON input', line: 2, column: 3 });
  });
  it('keeps the first part of a message that quotes the text, without a place', () => {
    expect(failure('xyz\nmore')).toEqual({ reason: "Unexpected token 'x'" });
  });
});
