// Reads model files written by `qeval train`, and finds the models a codebook names with its `model:` key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Codebook } from '../codebook/types.js';
import type { ModelSource } from '../engine/code-many.js';
import { validateModel } from '../learn/model.js';
import { QevalError } from '../model/errors.js';

/** Reads and validates one model file. Throws QevalError NOT_FOUND, MODEL_JSON or MODEL_INVALID naming the file. */
export async function loadModelFile(abs: string, display = abs): Promise<ModelSource> {
  const text = await readFile(abs, 'utf8').catch(() => {
    throw new QevalError('NOT_FOUND', 'no such model file; train one with `qeval train` or leave out --model', { file: display });
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new QevalError('MODEL_JSON', `not valid JSON (${(e as Error).message}); a model file is written by \`qeval train\``, { file: display });
  }
  return { model: validateModel(data, display), file: display };
}

/**
 * The models to code with: none when `choice` is false (`--no-model`), the named files when it lists
 * some (`--model`, relative to `cwd`), else each codebook's own `model:` (relative to the codebook file).
 */
export async function loadModels(cwd: string, codebooks: readonly Codebook[], choice: string[] | false | undefined): Promise<ModelSource[]> {
  if (choice === false) return [];
  if (choice && choice.length > 0) return Promise.all(choice.map((f) => loadModelFile(path.resolve(cwd, f), f)));
  const named = codebooks.filter((c) => c.spec.model && c.file);
  return Promise.all(named.map((c) => {
    const abs = path.resolve(cwd, path.dirname(c.file!), c.spec.model!);
    return loadModelFile(abs, path.relative(cwd, abs) || abs);
  }));
}
