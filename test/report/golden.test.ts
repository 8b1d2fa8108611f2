// Golden files: the fixture study rendered in every format and language; UPDATE_GOLDEN=1 rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { t } from '../../src/report/i18n.js';
import { ORGANIZATION_SECTIONS } from '../../src/report/organization.js';
import { SUMMARY_SECTIONS } from '../../src/report/summary.js';
import { LANGS, renderFixture } from './render-fixture.js';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

if (update) {
  rmSync(GOLDEN, { recursive: true, force: true });
  for (const lang of LANGS) {
    for (const f of renderFixture(lang)) {
      const file = path.join(GOLDEN, lang, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.data);
    }
  }
}

const golden = (lang: string, file: string) => readFileSync(path.join(GOLDEN, lang, file), 'utf8');

/** The Markdown text from the heading `## title` to the next `## ` heading. */
function mdSection(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n## ', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe.each(LANGS)('golden files (%s)', (lang) => {
  const files = renderFixture(lang);

  test('the same set of files is produced', () => {
    expect(files.map((f) => f.path).sort()).toEqual(listFiles(path.join(GOLDEN, lang)));
  });

  test.each(files.map((f) => f.path))('%s matches its golden file', (name) => {
    expect(files.find((f) => f.path === name)?.data).toBe(golden(lang, name));
  });

  describe.each(['alpha', 'beta'])('organization report %s', (org) => {
    const md = files.find((f) => f.path === `organizations/${org}.md`)?.data ?? '';
    test.each(ORGANIZATION_SECTIONS.map(([key, msg]) => [key, t(lang, msg)]))('section %s (%s) is present and matches', (_key, title) => {
      const section = mdSection(md, title);
      expect(section).not.toBe('');
      expect(section).toBe(mdSection(golden(lang, `organizations/${org}.md`), title));
    });
  });

  test.each(SUMMARY_SECTIONS.map(([key, msg]) => [key, t(lang, msg)]))('summary section %s (%s) is present and matches', (_key, title) => {
    const md = files.find((f) => f.path === 'summary.md')?.data ?? '';
    const section = mdSection(md, title);
    expect(section).not.toBe('');
    expect(section).toBe(mdSection(golden(lang, 'summary.md'), title));
  });
});
