// Reads model files written by `qeval train`, and finds the models a codebook names with its `model:` key.
import { jsonFailure } from './json-errors.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Codebook } from '../codebook/types.js';
import type { ModelSource } from '../engine/code-many.js';
import { validateModel } from '../learn/model.js';
import { QevalError } from '../model/errors.js';
import { readBuiltModel } from './model-cache.js';
import { noteInputFile } from './write.js';

/**
 * Reads and validates one model file; a bundled model comes from the build's binary copy while the
 * file is unchanged (the same model, read in a tenth of the time and memory of its JSON). Throws
 * QevalError NOT_FOUND, MODEL_JSON or MODEL_INVALID naming the file.
 */
export async function loadModelFile(abs: string, display = abs): Promise<ModelSource> {
  noteInputFile(abs);
  const built = readBuiltModel(abs, display);
  if (built) return built;
  const text = await readFile(abs, 'utf8').catch(() => {
    throw new QevalError('NOT_FOUND', 'no such model file; train one with `qeval train` or leave out --model', { file: display });
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const { reason, line, column } = jsonFailure(text, e);
    throw new QevalError('MODEL_JSON', `not valid JSON (${reason}); a model file is written by \`qeval train\``, { file: display, line, column });
  }
  return { model: validateModel(data, display), file: display };
}

/**
 * The models to code with. `choice` false (`--no-model`): none. Otherwise the named files (`--model`,
 * relative to `cwd`), and for every codebook none of them belongs to, the codebook's own `model:`
 * (relative to the codebook file): naming a model for one language leaves the others' own models in
 * place. Throws QevalError MODEL_DUPLICATE when two given models belong to one codebook, and what
 * loadModelFile throws; a codebook's missing `model:` file is named with the codebook.
 */
export async function loadModels(cwd: string, codebooks: readonly Codebook[], choice: string[] | false | undefined): Promise<ModelSource[]> {
  if (choice === false) return [];
  const given = await Promise.all((choice ?? []).map((f) => loadModelFile(path.resolve(cwd, f), f)));
  const owner = (m: ModelSource) => `${m.model.codebook.name}\u0000${m.model.codebook.language}`;
  const seen = new Map<string, string>();
  for (const m of given) {
    const key = owner(m);
    if (seen.has(key)) throw new QevalError('MODEL_DUPLICATE', `two models for codebook ${m.model.codebook.name} (${m.model.codebook.language}): ${seen.get(key)} and ${m.file}; give one --model per codebook`, { file: m.file });
    seen.set(key, m.file);
  }
  const own = codebooks.filter((c) => c.spec.model && c.file && !seen.has(`${c.spec.codebook}\u0000${c.spec.language}`));
  const defaults = await Promise.all(own.map(async (c) => {
    const abs = path.resolve(cwd, path.dirname(c.file!), c.spec.model!);
    const display = path.relative(cwd, abs) || abs;
    if (!existsSync(abs)) throw new QevalError('MODEL_NOT_FOUND', `the codebook names model "${c.spec.model}", which is not there (${display}); train it with \`qeval train\`, fix \`model:\`, or code with --no-model`, { file: c.file });
    return loadModelFile(abs, display);
  }));
  return [...given, ...defaults];
}
