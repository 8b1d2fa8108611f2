// Builds the training corpus's coding: two coders' sheets -> agreement (kappa per code), disputes for adjudication, final segments.
// Usage:
//   node dist/tools/corpus-build.js disputes <lang>   writes corpus/coding/disputes/<sheet>.md for the adjudicator
//   node dist/tools/corpus-build.js build <lang>      checks every sheet, writes corpus/coding/<lang>.{coder1,coder2,adjudicated}.csv and <lang>.agreement.json
// Raw codes live in corpus/coding/raw/<sheet>.{c1,c2,adjudicated}.tsv: "<unit id>\t<code> <code> ...".
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCodebookFile } from '../io/load-codebook.js';
import { readDocuments } from '../io/read-documents.js';
import { Positions } from '../engine/positions.js';
import { unitSegment } from '../engine/code.js';
import { selfAndAncestors } from '../codebook/tree.js';
import { segmentText } from '../text/segment.js';
import { compareBinary, averages } from '../learn/agreement.js';
import type { CodedSegment, SourceDocument, Unit } from '../model/types.js';
import { segmentFormatters } from '../render/segments.js';

const ROOT = 'corpus';
const RAW = process.env.QEVAL_CORPUS_RAW ?? path.join(ROOT, 'coding', 'raw');
const CODEBOOK: Record<string, string> = { en: 'codebooks/swot.yaml', lt: 'codebooks/swot.lt.yaml' };

interface UnitRef {
  id: string;
  doc: SourceDocument;
  unit: Unit;
  text: string;
}

async function units(lang: string): Promise<Map<string, UnitRef>> {
  const docs = await readDocuments([`${lang}/*.md`], { cwd: ROOT, root: '.' });
  const out = new Map<string, UnitRef>();
  for (const doc of docs) {
    for (const u of segmentText(doc.text, doc.bodyStart, { language: doc.attributes.language }).sentence) {
      if (u.role === 'interviewer') continue;
      const id = `${path.basename(doc.id, '.md')}:${u.index}`;
      out.set(id, { id, doc, unit: u, text: doc.text.slice(u.start, u.end) });
    }
  }
  return out;
}

async function readTsv(file: string, known: Map<string, UnitRef>, codes: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const [id = '', rest = ''] = line.split('\t');
    const key = id.trim();
    if (!known.has(key)) throw new Error(`${file}:${i + 1}: unknown unit "${key}"`);
    if (out.has(key)) throw new Error(`${file}:${i + 1}: unit "${key}" coded twice`);
    const list = rest.trim().split(/\s+/).filter(Boolean);
    for (const c of list) if (!codes.has(c)) throw new Error(`${file}:${i + 1}: unknown code "${c}"`);
    out.set(key, [...new Set(list)].sort());
  });
  return out;
}

const sheetsOf = async (lang: string) => [...new Set((await readdir(RAW)).filter((f) => f.startsWith(`${lang}-`) && f.endsWith('.c1.tsv')).map((f) => f.slice(0, -'.c1.tsv'.length)))].sort();

async function load(lang: string) {
  const book = await loadCodebookFile(CODEBOOK[lang]!);
  const codes = new Set(book.codes.map((c) => c.id));
  const all = await units(lang);
  const sheets: { name: string; ids: string[]; c1: Map<string, string[]>; c2: Map<string, string[]>; adj?: Map<string, string[]> }[] = [];
  for (const name of await sheetsOf(lang)) {
    const c1 = await readTsv(path.join(RAW, `${name}.c1.tsv`), all, codes);
    const c2 = await readTsv(path.join(RAW, `${name}.c2.tsv`), all, codes);
    const adjFile = path.join(RAW, `${name}.adjudicated.tsv`);
    const adj = existsSync(adjFile) ? await readTsv(adjFile, all, codes) : undefined;
    const prefix = name.replace(/^([a-z]+-[a-z])$/, '$1-');
    const ids = [...all.keys()].filter((id) => id.startsWith(prefix));
    for (const id of ids) {
      if (!c1.has(id)) throw new Error(`${name}.c1.tsv: unit ${id} not coded`);
      if (!c2.has(id)) throw new Error(`${name}.c2.tsv: unit ${id} not coded`);
    }
    sheets.push({ name, ids, c1, c2, adj });
  }
  return { book, all, sheets };
}

const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);

async function disputes(lang: string): Promise<void> {
  const { all, sheets } = await load(lang);
  const dir = path.join(ROOT, 'coding', 'disputes');
  await mkdir(dir, { recursive: true });
  for (const s of sheets) {
    const lines = [`# Disputed units of sheet ${s.name}`, '', 'Each entry: the unit id, the sentence, and the two coders\' codes (A, B). Context: the coding sheet.', ''];
    let n = 0;
    for (const id of s.ids) {
      const a = s.c1.get(id)!;
      const b = s.c2.get(id)!;
      if (same(a, b)) continue;
      n++;
      lines.push(`[${id}] ${all.get(id)!.text.replace(/\s+/g, ' ')}`, `  A: ${a.join(' ') || '(none)'}`, `  B: ${b.join(' ') || '(none)'}`, '');
    }
    await writeFile(path.join(dir, `${s.name}.md`), `${lines.join('\n')}\n`);
    process.stderr.write(`${s.name}: ${n} disputed of ${s.ids.length} units\n`);
  }
}

async function build(lang: string): Promise<void> {
  const { book, all, sheets } = await load(lang);
  const final = new Map<string, string[]>();
  const c1 = new Map<string, string[]>();
  const c2 = new Map<string, string[]>();
  for (const s of sheets) {
    for (const id of s.ids) {
      const a = s.c1.get(id)!;
      const b = s.c2.get(id)!;
      c1.set(id, a);
      c2.set(id, b);
      if (same(a, b)) final.set(id, a);
      else {
        const decided = s.adj?.get(id);
        if (!decided) throw new Error(`${s.name}: disputed unit ${id} has no adjudicated codes`);
        final.set(id, decided);
      }
    }
  }
  const ids = [...final.keys()];
  const rolled = (m: Map<string, string[]>, code: string) => ids.map((id) => (m.get(id)!.some((c) => selfAndAncestors(c).includes(code)) ? 1 : 0));
  const rows = book.codes.map((c) => {
    const a = compareBinary(c.id, rolled(c1, c.id), rolled(c2, c.id));
    const v1 = compareBinary(c.id, rolled(final, c.id), rolled(c1, c.id));
    const v2 = compareBinary(c.id, rolled(final, c.id), rolled(c2, c.id));
    return { code: c.id, depth: c.depth, coder1: a.tp + a.fn, coder2: a.tp + a.fp, adjudicated: rolled(final, c.id).reduce<number>((x, y) => x + y, 0), kappa: a.kappa, agreement: (a.tp + a.tn) / ids.length, kappaCoder1VsFinal: v1.kappa, kappaCoder2VsFinal: v2.kappa };
  }).filter((r) => r.coder1 + r.coder2 + r.adjudicated > 0);
  const top = rows.filter((r) => r.depth === 0);
  const meanKappa = top.reduce((n, r) => n + r.kappa, 0) / top.length;
  const topAgreement = averages(book.codes.filter((c) => c.depth === 0).map((c) => compareBinary(c.id, rolled(c1, c.id), rolled(c2, c.id))));
  const summary = {
    language: lang,
    codebook: `${book.spec.codebook}@${book.spec.version}`,
    documents: new Set(ids.map((id) => all.get(id)!.doc.id)).size,
    units: ids.length,
    disputed: ids.filter((id) => !same(c1.get(id), c2.get(id))).length,
    topLevelMeanKappa: meanKappa,
    topLevelF1Coder2VsCoder1: topAgreement.macroF1,
    codes: rows,
  };
  const out = path.join(ROOT, 'coding');
  const segments = (m: Map<string, string[]>, coder: string): CodedSegment[] => ids.flatMap((id) => {
    const u = all.get(id)!;
    const pos = new Positions(u.doc.text);
    return m.get(id)!.map((code) => unitSegment(u.doc, pos, u.unit, { code, coder, rule: null, matched: [] }));
  });
  await writeFile(path.join(out, `${lang}.coder1.csv`), segmentFormatters.csv(segments(c1, 'coder1'), {}));
  await writeFile(path.join(out, `${lang}.coder2.csv`), segmentFormatters.csv(segments(c2, 'coder2'), {}));
  await writeFile(path.join(out, `${lang}.adjudicated.csv`), segmentFormatters.csv(segments(final, 'adjudicated'), {}));
  await writeFile(path.join(out, `${lang}.agreement.json`), `${JSON.stringify(summary, null, 1)}\n`);
  const f = (x: number) => x.toFixed(2);
  const table = [`| code | coder 1 | coder 2 | adjudicated | kappa (1 vs 2) | % agreement | kappa 1 vs final | kappa 2 vs final |`, `|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...rows.map((r) => `| ${'&nbsp;&nbsp;'.repeat(r.depth)}\`${r.code}\` | ${r.coder1} | ${r.coder2} | ${r.adjudicated} | ${f(r.kappa)} | ${(r.agreement * 100).toFixed(1)} | ${f(r.kappaCoder1VsFinal)} | ${f(r.kappaCoder2VsFinal)} |`)];
  process.stdout.write(`${lang}: ${summary.documents} documents, ${summary.units} units, ${summary.disputed} disputed; mean top-level kappa ${f(meanKappa)}\n${table.join('\n')}\n`);
}

const [command, lang] = process.argv.slice(2);
if ((command !== 'disputes' && command !== 'build') || !lang || !CODEBOOK[lang]) {
  process.stderr.write('usage: corpus-build disputes|build en|lt\n');
  process.exitCode = 2;
} else {
  (command === 'disputes' ? disputes(lang) : build(lang)).catch((e: unknown) => {
    process.stderr.write(`corpus-build: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
