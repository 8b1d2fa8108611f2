// Cases, variables and names on import; codes the codebook lacks on export.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/codebook/load.js';
import { parseRefiXml } from '../../src/refi/parse.js';
import { projectToQeval, slug } from '../../src/refi/to-qeval.js';
import { buildProject, variableType } from '../../src/refi/write.js';
import type { CodedSegment } from '../../src/model/types.js';

const V = (n: number) => `a0000000-0000-4000-8000-00000000010${n}`;
const S = (n: number) => `e0000000-0000-4000-8000-00000000000${n}`;

const PROJECT = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Cases" origin="MAXQDA 2022">
  <CodeBook><Codes><Code guid="d0000000-0000-4000-8000-000000000001" name="Topic" isCodable="true"/></Codes></CodeBook>
  <Variables>
    <Variable guid="${V(1)}" name="organization" typeOfVariable="Text"/>
    <Variable guid="${V(2)}" name="staff" typeOfVariable="Integer"/>
    <Variable guid="${V(3)}" name="funded" typeOfVariable="Boolean"/>
  </Variables>
  <Cases>
    <Case guid="c0000000-0000-4000-8000-000000000001" name="Atrama">
      <VariableValue><VariableRef targetGUID="${V(1)}"/><TextValue>atrama</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="${V(2)}"/><IntegerValue>12</IntegerValue></VariableValue>
      <SourceRef targetGUID="${S(1)}"/><SourceRef targetGUID="${S(2)}"/>
    </Case>
    <Case guid="c0000000-0000-4000-8000-000000000002" name="Other">
      <VariableValue><VariableRef targetGUID="${V(1)}"/><TextValue>caritas</TextValue></VariableValue>
      <SourceRef targetGUID="${S(2)}"/>
    </Case>
    <Case guid="c0000000-0000-4000-8000-000000000003" name="Respondent 7"><SourceRef targetGUID="${S(3)}"/></Case>
  </Cases>
  <Sources>
    <TextSource guid="${S(1)}" name="Interview" plainTextPath="internal://${S(1)}.txt">
      <VariableValue><VariableRef targetGUID="${V(3)}"/><BooleanValue>true</BooleanValue></VariableValue>
    </TextSource>
    <TextSource guid="${S(2)}" name="interview" plainTextPath="internal://${S(2)}.txt"/>
    <TextSource guid="${S(3)}" name="Report.docx" plainTextPath="internal://${S(3)}.txt"/>
  </Sources>
</Project>`;

describe('importing cases and variables', () => {
  it('gives each document the variables of its cases and its own, typed values as text; conflicts are kept and reported', () => {
    const project = parseRefiXml(PROJECT, 'project.qde');
    const texts = new Map([S(1), S(2), S(3)].map((g) => [g, { text: 'Some text.' }]));
    const r = projectToQeval(project, texts, { file: 'cases.qdpx', counting: 'codepoints' });
    expect(r.documents.map((d) => [d.id, d.attributes])).toEqual([
      ['Interview.txt', { funded: 'true', organization: 'atrama', staff: '12' }],
      ['Report.txt', { case: 'Respondent 7' }],
      ['interview-2.txt', { organization: 'atrama; caritas', staff: '12' }],
    ]);
    expect(r.warnings).toContain('source "interview": attribute "organization" is "atrama" and, from case "Other", "caritas"; kept both, separated by "; "');
    expect(r.warnings).toContain('source "interview" is written as documents/interview-2.txt (its name is not a safe or unique file name)');
    expect(r.attributesCsv).toBe('document,case,funded,organization,staff\r\nInterview.txt,,true,atrama,12\r\nReport.txt,Respondent 7,,,\r\ninterview-2.txt,,,atrama; caritas,12\r\n');
  });

  it('makes ASCII ids from names in any Latin script', () => {
    expect(slug('Bendradarbiavimas su policija – „sisteminis“')).toBe('bendradarbiavimas-su-policija-sisteminis');
    expect(slug('Ąžuolas ėjo į mišką')).toBe('azuolas-ejo-i-miska');
    expect(slug('Straße & Ølfabrik')).toBe('strasse-olfabrik');
    expect(slug('Доверие')).toBe('');
  });
});

describe('exporting', () => {
  it('adds the codes segments use but the codebook lacks, under their parents', () => {
    const codebook = parseCodebook('codebook: t\nversion: 1\nlanguage: en\ncodes:\n  - id: a\n    label: A\n    definition: Code a.\n', 't.yaml');
    const segment = (code: string): CodedSegment => ({ document: 'd.txt', code, start: 0, end: 4, line: 1, unit: 'sentence:1', speaker: null, text: 'Some', coder: 'Ana', rule: null, matched: [] });
    const out = buildProject({ name: 'x', codebook, documents: [{ id: 'd.txt', text: 'Some text.', attributes: {} }], segments: [segment('a'), segment('b.c')], origin: 'qeval test', qevalVersion: 'test' });
    const qde = out.files[0]!.data;
    expect(out.counts).toMatchObject({ sources: 1, codes: 3, codings: 2, users: 1 });
    expect(qde).toMatch(/<Code guid="[^"]+" name="b" isCodable="true">\n\s+<Description>Not in the codebook the project was exported with\.\n\nqeval code: b<\/Description>\n\s+<Code guid="[^"]+" name="c" isCodable="true">/);
  });

  it('types variables only when every value fits', () => {
    expect(variableType(['12', '-3', ''])).toBe('Integer');
    expect(variableType(['12', '007'])).toBe('Text');
    expect(variableType(['2024-02-29', '2023-12-01'])).toBe('Date');
    expect(variableType(['2023-02-29'])).toBe('Text');
    expect(variableType(['true', 'false'])).toBe('Boolean');
    expect(variableType(['True'])).toBe('Text');
  });
});
