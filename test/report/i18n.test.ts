// The message table: both languages complete, same placeholders, Lithuanian with its letters; reports use it.
import { expect, test } from 'vitest';
import { MESSAGES, t, translateValue, type MessageKey } from '../../src/report/i18n.js';
import { renderFixture } from './render-fixture.js';

const keys = Object.keys(MESSAGES.en) as MessageKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every message exists in both languages with the same placeholders', () => {
  expect(Object.keys(MESSAGES.lt).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    expect(MESSAGES.lt[key].trim(), key).not.toBe('');
    expect(placeholders(MESSAGES.lt[key]), key).toEqual(placeholders(MESSAGES.en[key]));
  }
});

test('Lithuanian chrome is written with Lithuanian letters, not transliterated', () => {
  expect(t('lt', 'quadrant.threat')).toBe('Grėsmės');
  expect(t('lt', 'quadrant.strength')).toBe('Stiprybės');
  expect(t('lt', 'org.barriers')).toBe('Kliūtys aukoms patekti į paslaugas');
  const text = Object.values(MESSAGES.lt).join(' ');
  for (const letter of ['ą', 'č', 'ė', 'į', 'š', 'ų', 'ū', 'ž']) expect(text, letter).toContain(letter);
});

test('respondents\' roles read as words in the report\'s language; a role it does not know is shown as written', () => {
  expect(translateValue('lt', 'social_worker')).toBe('socialinis darbuotojas');
  expect(translateValue('en', 'social_worker')).toBe('social worker');
  expect(translateValue('lt', 'head_of_department')).toBe('skyriaus vedėjas');
  expect(translateValue('lt', 'socialinė darbuotoja')).toBe('socialinė darbuotoja');
  expect(translateValue('en', 'midwife')).toBe('midwife');
});

test('t fills placeholders and leaves unknown ones visible', () => {
  expect(t('en', 'org.title', { name: 'Atrama' })).toBe('Atrama: evaluation report');
  expect(t('lt', 'org.title', { name: 'Atrama' })).toBe('Atrama: vertinimo ataskaita');
  expect(t('en', 'org.title')).toBe('{name}: evaluation report');
});

test('a Lithuanian report has Lithuanian headings and labels from the Lithuanian codebook', () => {
  const lt = renderFixture('lt');
  const md = lt.find((f) => f.path === 'organizations/alpha.md')?.data ?? '';
  const html = lt.find((f) => f.path === 'organizations/alpha.html')?.data ?? '';
  expect(md).toContain('## Stiprybės, silpnybės, galimybės ir grėsmės');
  expect(md).toContain('Pasitikėjimas'); // strength.trust in codebook.lt.yaml
  expect(md).toContain('Sukurti nukreipimo su policija tvarką.'); // not triggered: listed in Lithuanian
  expect(html).toContain('<html lang="lt">');
  for (const english of ['Strengths', 'Weaknesses', 'Recommendations', 'Method appendix', 'Networking', 'Trust (']) {
    expect(md, english).not.toContain(english);
  }
  const grid = lt.find((f) => f.path === 'swot-grid.txt')?.data ?? '';
  expect(grid).toContain('SSGG suvestinė');
});
