// Tables in Word and OpenDocument files: a transcript laid out as a table becomes turns, any other table rows.
import { describe, expect, it } from 'vitest';
import { tableParagraphs } from '../../src/io/office-tables.js';

describe('tableParagraphs', () => {
  it('reads a two-row table of an interviewer and a respondent as two turns', () => {
    expect(tableParagraphs([['Interviewer', 'Do you have enough money for the shelter?'], ['Anna', 'No, there is no money for rent.']])).toEqual([
      'Interviewer: Do you have enough money for the shelter?',
      'Anna: No, there is no money for rent.',
    ]);
    expect(tableParagraphs([['Klausėja:', 'Kaip sekasi dirbti su policija?'], ['Respondentė:', 'Skambina tik atsitiktinai.']])).toEqual([
      'Klausėja: Kaip sekasi dirbti su policija?',
      'Respondentė: Skambina tik atsitiktinai.',
    ]);
  });

  it('keeps a short list of partners as rows (no interviewer, no speaker twice)', () => {
    expect(tableParagraphs([['Police', 'Meets us monthly.'], ['Municipality', 'Pays for the shelter.']])).toEqual(['Police | Meets us monthly.', 'Municipality | Pays for the shelter.']);
    expect(tableParagraphs([['Police', 'Meets us monthly.'], ['Municipality', 'Pays for the shelter.'], ['Church', 'Gives food.']])).toEqual([
      'Police | Meets us monthly.',
      'Municipality | Pays for the shelter.',
      'Church | Gives food.',
    ]);
  });

  it('reads a longer table with a speaker on several rows as turns, leaving out a header row', () => {
    expect(tableParagraphs([['Speaker', 'Text'], ['Rita', 'We started in 2015.'], ['Tomas', 'And the police?'], ['Rita', 'They call by chance.']])).toEqual([
      'Rita: We started in 2015.',
      'Tomas: And the police?',
      'Rita: They call by chance.',
    ]);
  });
});
