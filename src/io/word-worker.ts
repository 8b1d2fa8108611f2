// Worker thread of the Word renderer (a piscina task module, see word-pool.ts): turns documents made ready for Word into .docx bytes.
import { move } from 'piscina';
import { isQevalError } from '../model/errors.js';
import { wordDocx } from '../report/render-docx.js';
import type { WordDoc } from '../report/word-doc.js';
import type { WordFailure } from './word-pool.js';

/**
 * One .docx: its bytes are moved to the main thread, not copied. A failure comes back as data
 * (WordFailure), so that a QevalError keeps its code, place and status across the thread boundary.
 */
export default async function renderTask(doc: WordDoc): Promise<ReturnType<typeof move> | { failure: WordFailure }> {
  try {
    return move(await wordDocx(doc));
  } catch (e) {
    if (isQevalError(e)) return { failure: { message: e.message, qeval: { code: e.code, place: e.place, status: e.status } } };
    const err = e instanceof Error ? e : new Error(String(e));
    return { failure: { message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) } };
  }
}
