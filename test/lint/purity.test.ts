// The purity boundary is enforced by lint: the coding core may not import fs, process or the CLI.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();
const ruleIds = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]?.messages.map((m) => m.ruleId) ?? [];

describe('lint purity rule', () => {
  it('rejects fs, process and CLI imports in the engine', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/engine/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { main } from '../cli/main.js';\nexport const x = main;\n", 'src/codebook/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds('export const x = process.cwd();\n', 'src/text/bad.ts')).toContain('no-restricted-globals');
  });
  it('allows the same imports at the edges', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/io/ok.ts')).toEqual([]);
  });
});
