// The QevalError a call throws or a promise rejects with, for tests that look at its code, place and message.
import { isQevalError, type QevalError } from '../src/model/errors.js';

/** The QevalError `f` throws; any other error is thrown on, and nothing thrown fails the test. */
export function thrown(f: () => unknown): QevalError {
  try {
    f();
  } catch (e) {
    if (isQevalError(e)) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

/** The QevalError `p` rejects with; any other error is thrown on, and a promise that resolves fails the test. */
export async function rejected(p: Promise<unknown>): Promise<QevalError> {
  try {
    await p;
  } catch (e) {
    if (isQevalError(e)) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}
