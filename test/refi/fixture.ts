// A small study for the REFI-QDA tests: a codebook with every field REFI-QDA carries, two documents, attributes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CODEBOOK = `codebook: refi-test
version: 2.1.0
language: en
unit: sentence
codes:
  - id: strength
    label: Strengths
    definition: What the organization does well now.
    quadrant: strength
    color: "#2e7d32"
    codes:
      - id: strength.trust
        label: Trust of victims
        definition: |-
          Victims trust the staff.
          They come back on their own.
        use_when: The respondent says women trust or confide in the staff.
        not_when: Trust in another agency (use networking).
        examples: ["The women trust us.", "She confides in our counsellor."]
        counter_examples: ["We do not trust the police."]
        rules:
          - any: [trust*, confide*]
  - id: weakness
    label: Weaknesses
    definition: What does not work.
    quadrant: weakness
    codes:
      - id: weakness.resources
        label: "Resources: money & staff <short>"
        definition: Too little money or staff.
        color: "#C62828"
        rules:
          - any: [money, staff]
            unless: [enough]
  - id: networking
    label: Networking
    definition: Work with other agencies.
    codes:
      - id: networking.police
        label: Police
        definition: The police as a partner.
        rules:
          - any: [police, policij*]
`;

export const DOC_A = `---
organization: atrama
role: director
language: en
---
Interviewer: How do the women see you?

Director: The women trust us, they really do 😀. The police call us when they find someone.

Interviewer: And money?

Director: We never have enough money, and the staff are tired.\tSometimes we cry.
`;

export const DOC_B = 'Ataskaita apie policiją.\nThe police trust us, and there is no money for rent.\nCombining marks: Zoë, e\u0301, 𝔘nicode.\n';

export const ATTRIBUTES = 'document,organization,staff,founded,city\r\ninterviews/a.md,atrama,12,1996-05-01,Vilnius\r\nreports/b.txt,caritas,7,,"Kaunas, LT"\r\n';

/** Writes the study into `dir`: codebook.yaml, interviews/a.md, reports/b.txt, attributes.csv. */
export function writeStudy(dir: string): void {
  mkdirSync(path.join(dir, 'interviews'), { recursive: true });
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  writeFileSync(path.join(dir, 'codebook.yaml'), CODEBOOK);
  writeFileSync(path.join(dir, 'interviews/a.md'), DOC_A);
  writeFileSync(path.join(dir, 'reports/b.txt'), DOC_B);
  writeFileSync(path.join(dir, 'attributes.csv'), ATTRIBUTES);
}
