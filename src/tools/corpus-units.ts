// Writes the coding sheets of the training corpus: each document's respondent sentences numbered, interviewer turns as context.
// Usage: node dist/tools/corpus-units.js <corpus-root> <out-dir> <batch-name>=<glob> ...
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDocuments } from '../io/read-documents.js';
import { segmentText } from '../text/segment.js';

async function main(): Promise<void> {
  const [root, outDir, ...batches] = process.argv.slice(2);
  if (!root || !outDir || batches.length === 0) throw new Error('usage: corpus-units <corpus-root> <out-dir> <batch>=<glob> ...');
  await mkdir(outDir, { recursive: true });
  for (const spec of batches) {
    const [name, glob] = spec.split('=') as [string, string];
    const docs = await readDocuments([glob], { cwd: root, root: '.' });
    const lines: string[] = [];
    let count = 0;
    for (const doc of docs) {
      const seg = segmentText(doc.text, doc.bodyStart, { language: doc.attributes.language });
      lines.push(`## DOCUMENT ${doc.id}`, `(${doc.attributes.title ?? ''}; organization type: ${doc.attributes.org_type ?? '?'}; respondent role: ${doc.attributes.role ?? '?'})`, '');
      let lastTurn = -1;
      for (const u of seg.sentence) {
        const turn = seg.turn.findIndex((t) => t.start <= u.start && u.end <= t.end);
        if (turn !== lastTurn) {
          lines.push('');
          lastTurn = turn;
        }
        const text = doc.text.slice(u.start, u.end).replace(/\s+/g, ' ');
        if (u.role === 'interviewer') lines.push(`    (${u.speaker ?? 'Interviewer'}: ${text})`);
        else {
          count++;
          lines.push(`[${path.basename(doc.id, '.md')}:${u.index}] ${u.speaker ?? ''}: ${text}`);
        }
      }
      lines.push('', '');
    }
    await writeFile(path.join(outDir, `${name}.md`), `${lines.join('\n')}\n`);
    process.stderr.write(`${name}: ${docs.length} documents, ${count} units to code\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 2;
});
