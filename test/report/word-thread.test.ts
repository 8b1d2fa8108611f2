// Word files rendered in worker threads (WordRenderer, as `qeval run` renders them) are the bytes this thread renders, in any order, and a failure comes back as the same error.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { aggregateStudy, aggregateSwot } from '../../src/aggregate/study.js';
import { makeCtx } from '../../src/report/context.js';
import { wordDocx } from '../../src/report/render-docx.js';
import { bookDoc, evidenceDoc } from '../../src/report/summary.js';
import { swotDoc } from '../../src/report/swot.js';
import { wordDoc, type WordDoc } from '../../src/report/word-doc.js';
import { WordRenderer } from '../../src/io/word-pool.js';
import { fixtureCodebook, fixtureInput } from './fixtures/study.js';
import { LANGS } from './render-fixture.js';

/** The build's worker (npm test compiles it before the tests run); under a bare vitest run it may be missing. */
const BUILT_WORKER = new URL('../../dist/io/word-worker.js', import.meta.url);
const built = existsSync(fileURLToPath(BUILT_WORKER));

function documents(): WordDoc[] {
  const docs: WordDoc[] = [];
  for (const lang of LANGS) {
    const options = { lang, codebook: fixtureCodebook(lang) };
    const ctx = makeCtx(options);
    const reports = aggregateStudy({ ...fixtureInput('en'), codebook: options.codebook }, { top: 3 });
    docs.push(wordDoc(ctx, swotDoc(ctx, aggregateSwot(fixtureInput('en'), { top: 3, by: 'organization' }))), wordDoc(ctx, bookDoc(ctx, reports)), wordDoc(ctx, evidenceDoc(ctx, reports)));
  }
  return docs;
}

/** A document the Word back-end cannot render: a table cell whose content is not a list of runs. */
const broken = (): WordDoc => ({ language: 'en', title: 'broken', blocks: [{ kind: 'table', columns: [{ header: 'a' }], rows: [[{ content: 7 as unknown as [] }]] }] });

describe('Word files in worker threads', { timeout: 120_000 }, () => {
  test.skipIf(!built)('are byte-identical to those rendered in this thread, whatever the order, the number of threads and which thread renders which', async () => {
    const docs = documents();
    const here: Uint8Array[] = [];
    for (const doc of docs) here.push(await wordDocx(doc));
    for (const threads of [1, 2]) {
      for (const help of [false, true]) {
        const renderer = await WordRenderer.start(docs.length, { threads, worker: BUILT_WORKER });
        try {
          expect(renderer.threaded).toBe(true);
          // Asked for in reverse order, all at once: each thread renders several, one after the other;
          // with help, this thread renders those no worker has taken yet (finish).
          const asked = [...docs].reverse().map((doc) => renderer.render(doc));
          if (help) await renderer.finish();
          const there = (await Promise.all(asked)).reverse();
          for (const [i, bytes] of there.entries()) expect(Buffer.from(bytes).equals(Buffer.from(here[i] as Uint8Array)), `document ${i}, ${threads} thread(s)${help ? ', with this one' : ''}`).toBe(true);
        } finally {
          await renderer.close();
        }
      }
    }
  });

  test.skipIf(!built)('closing rejects the documents not rendered yet, and the threads end', async () => {
    const renderer = await WordRenderer.start(3, { threads: 1, worker: BUILT_WORKER });
    const asked = [1, 2, 3, 4, 5].map(() => renderer.render({ language: 'en', title: 'waiting', blocks: [] }));
    await renderer.close();
    const settled = await Promise.allSettled(asked);
    // The worker held two of them at most; the others never reached a thread.
    expect(settled.filter((s) => s.status === 'rejected').length).toBeGreaterThanOrEqual(3);
  });

  test.skipIf(!built)('a rendering that fails in a thread rejects with the error this thread would throw; the others still render', async () => {
    const expected = await wordDocx(broken()).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(expected).not.toBeNull();
    const renderer = await WordRenderer.start(2, { threads: 1, worker: BUILT_WORKER });
    try {
      const [bad, good] = [renderer.render(broken()), renderer.render({ language: 'en', title: 'fine', blocks: [] })];
      await expect(bad).rejects.toThrow(expected as string);
      expect((await good).length).toBeGreaterThan(0);
    } finally {
      await renderer.close();
    }
  });

  test('without the compiled worker (or with no threads) it renders in this thread, the same bytes', async () => {
    const [doc] = documents();
    for (const options of [{ worker: new URL('./no-such-worker.js', import.meta.url) }, { threads: 0 }]) {
      const renderer = await WordRenderer.start(1, options);
      expect(renderer.threaded).toBe(false);
      const bytes = await renderer.render(doc as WordDoc);
      await renderer.close();
      expect(Buffer.from(bytes).equals(Buffer.from(await wordDocx(doc as WordDoc)))).toBe(true);
    }
  });
});
