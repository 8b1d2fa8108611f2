// The version qeval records in segments and reports is the package's version.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { QEVAL_VERSION } from '../../src/version.js';

describe('QEVAL_VERSION', () => {
  it('equals the version in package.json', () => {
    expect(QEVAL_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
