// Reports in several languages: each language's reports follow its own codebook's recommendation rules and profile patterns.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './harness.js';

/** A Lithuanian interview of an NGO whose profile lists psychological help, which the interview never mentions. */
function study(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qeval-report-langs-'));
  mkdirSync(path.join(dir, 'lt'));
  writeFileSync(
    path.join(dir, 'lt', 'pokalbis.txt'),
    [
      'Klausėja: Kaip bendradarbiaujate su policija?',
      'Respondentė: Jei pažįstu pareigūną asmeniškai, policija mums paskambina, o kitaip niekas nesikreipia.',
      'Klausėja: Kokios jūsų stiprybės?',
      'Respondentė: Mūsų darbuotojai labai patyrę, moterys mumis pasitiki. Bet finansavimas baigiasi kartu su projektu.',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'attributes.csv'), 'document,organization,language\nlt/pokalbis.txt,vilties-tiltas,lt\n');
  writeFileSync(path.join(dir, 'orgs.csv'), 'organization,name,org_type,city,services\nvilties-tiltas,Vilties tiltas,ngo,Kaunas,psichologinė pagalba\n');
  return dir;
}

describe('reports in several languages', { timeout: 120_000 }, () => {
  it('the Lithuanian report is the same whether English is asked for too, and reads the profile with the Lithuanian patterns', async () => {
    const dir = study();
    const common = ['lt', '-a', 'attributes.csv', '--organizations', 'orgs.csv', '--format', 'md', '--no-model', '-q'];
    const both = await runCli(['report', ...common, '--lang', 'en,lt', '-o', 'both'], dir);
    const one = await runCli(['report', ...common, '--lang', 'lt', '-o', 'one'], dir);
    expect([both.status, one.status]).toEqual([0, 0]);
    const alone = readFileSync(path.join(dir, 'one', 'organizations', 'vilties-tiltas.md'), 'utf8');
    expect(readFileSync(path.join(dir, 'both', 'lt', 'organizations', 'vilties-tiltas.md'), 'utf8')).toBe(alone);
    // The profile's "psichologinė pagalba" matches the Lithuanian codebook's "psicholog*": no "no evidence" claim about it.
    expect(alone).toContain('psichologinė pagalba');
  });
});
