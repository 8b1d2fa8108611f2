// Term frequencies for codebook authors: stems group forms, stop words and interviewers are left out.
import { describe, expect, it } from 'vitest';
import { termFrequencies } from '../../src/aggregate/terms.js';
import type { SourceDocument } from '../../src/model/types.js';

const doc = (id: string, text: string, language = 'lt'): SourceDocument => ({ id, text, attributes: { language }, encoding: 'utf-8', bodyStart: 0 });

describe('termFrequencies', () => {
  const docs = [
    doc('a.md', 'Klausėja: Kaip sekasi su policija?\n\nRespondentė: Su policija ir policijos pareigūnais bendradarbiaujame.\n\nKlausėja: O savivaldybė?\n\nRespondentė: Policijai skambiname kartais.'),
    doc('b.md', 'Policija ir savivaldybė mums padeda.'),
  ];
  it('groups inflected forms under one stem, counts documents, and skips interviewer turns', () => {
    const [first] = termFrequencies(docs, { language: 'lt' });
    expect(first).toEqual({ stem: 'policij', count: 4, documents: 2, forms: ['policija', 'policijai', 'policijos'] });
    const savivaldybe = termFrequencies(docs, { language: 'lt' }).find((t) => t.stem.startsWith('savivaldyb'));
    expect(savivaldybe?.count).toBe(1);
  });
  it('leaves out stop words unless asked to keep them', () => {
    expect(termFrequencies(docs, { language: 'lt' }).map((t) => t.stem)).not.toContain('ir');
    expect(termFrequencies(docs, { language: 'lt', skipStopwords: false, minLength: 1 }).map((t) => t.stem)).toContain('ir');
  });
});
