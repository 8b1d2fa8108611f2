// Lint configuration: TypeScript rules, plus the purity boundary of the coding core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCore = ['src/engine/**/*.ts', 'src/codebook/**/*.ts', 'src/text/**/*.ts', 'src/lang/**/*.ts', 'src/aggregate/**/*.ts', 'src/model/**/*.ts', 'src/report/**/*.ts', 'src/render/**/*.ts', 'src/eval/**/*.ts', 'src/learn/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is a pure function of (codebook, document): no file system, no process, no CLI.
    files: pureCore,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'fs', message: 'The coding core is pure: read files in src/io.' },
          { name: 'node:fs', message: 'The coding core is pure: read files in src/io.' },
          { name: 'fs/promises', message: 'The coding core is pure: read files in src/io.' },
          { name: 'node:fs/promises', message: 'The coding core is pure: read files in src/io.' },
          { name: 'process', message: 'The coding core is pure: take options as arguments.' },
          { name: 'node:process', message: 'The coding core is pure: take options as arguments.' },
        ],
        patterns: [{ group: ['**/cli/**', '**/io/**'], message: 'The coding core must not depend on the CLI or I/O layers.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The coding core is pure: take options as arguments.' }, { name: 'console', message: 'The coding core does not print.' }],
    },
  },
);
