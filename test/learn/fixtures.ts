// A small in-memory codebook and transcripts for the learned coder's tests.
import { parseCodebook } from '../../src/codebook/load.js';
import { compileCodebook } from '../../src/engine/compile.js';
import type { SourceDocument } from '../../src/model/types.js';

export const CODEBOOK = `codebook: tiny
version: 1.0.0
language: en
unit: sentence
codes:
  - id: strength
    label: Strengths
    definition: What works.
    quadrant: strength
    codes:
      - id: strength.trust
        label: Trust
        definition: Victims trust the staff.
        rules:
          - any: [trust]
  - id: weakness
    label: Weaknesses
    definition: What does not work.
    quadrant: weakness
    codes:
      - id: weakness.resources
        label: Resources
        definition: Too little money or staff.
        rules:
          - any: [money]
`;

export const compiled = (version = '1.0.0') => compileCodebook(parseCodebook(CODEBOOK.replace('version: 1.0.0', `version: ${version}`), 'tiny.yaml'));

const POSITIVE = ['The women believe us now.', 'She comes back to us on her own.', 'They feel safe with our staff.', 'She opened up after a week.'];
const NEGATIVE = ['The grant ended in May.', 'We have one psychologist for forty women.', 'Nobody pays for the night shift.', 'We need more money for rent.'];
const NEUTRAL = ['I have worked here since 2015.', 'The office is on the second floor.', 'We meet on Mondays.', 'It was a long winter.'];

/** Document `i`: an interview whose respondent sentences are strengths, weaknesses or neither, in a fixed rotation. */
export function transcript(i: number): { doc: SourceDocument; strengths: string[]; weaknesses: string[] } {
  const lines: string[] = [];
  const strengths: string[] = [];
  const weaknesses: string[] = [];
  for (let k = 0; k < 6; k++) {
    lines.push(`Interviewer: Question ${k + 1}?`, '');
    const s = POSITIVE[(i + k) % POSITIVE.length]!;
    const w = NEGATIVE[(i + 2 * k) % NEGATIVE.length]!;
    const n = NEUTRAL[(i + k) % NEUTRAL.length]!;
    lines.push(`R: ${n} ${s} ${w}`, '');
    strengths.push(s);
    weaknesses.push(w);
  }
  return { doc: { id: `doc-${i}.md`, text: lines.join('\n'), attributes: { language: 'en' }, encoding: 'utf-8', bodyStart: 0 }, strengths, weaknesses };
}

/** Human codes for a transcript: code-point spans of its strength and weakness sentences (ASCII text, so UTF-16 = code points). */
export function humanCodes(t: ReturnType<typeof transcript>) {
  const out: { document: string; code: string; start: number; end: number }[] = [];
  let from = 0;
  const text = t.doc.text;
  const find = (s: string, code: string) => {
    const at = text.indexOf(s, from);
    out.push({ document: t.doc.id, code, start: at, end: at + s.length });
  };
  for (let k = 0; k < t.strengths.length; k++) {
    find(t.strengths[k]!, 'strength.trust');
    find(t.weaknesses[k]!, 'weakness.resources');
    from = text.indexOf(t.weaknesses[k]!, from) + 1;
  }
  return out;
}
