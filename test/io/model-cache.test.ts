// The build's binary copy of a model codes exactly as its JSON file does, and only while the file is unchanged.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCodebookFile } from '../../src/io/load-codebook.js';
import { loadModelFile } from '../../src/io/load-model.js';
import { modelFromCache, modelToCache } from '../../src/io/model-cache.js';
import { CodebookSet } from '../../src/engine/code-many.js';
import { invertWeights, scoringWeights } from '../../src/learn/model-coder.js';
import { serializeModel } from '../../src/learn/model.js';
import { readDocuments } from '../../src/io/read-documents.js';

const dir = mkdtempSync(path.join(tmpdir(), 'qeval-model-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model cache', () => {
  it('the English model from its binary copy: same fields, same weights, same coding of the sample interviews', async () => {
    const abs = path.resolve('models/swot.en.json');
    const fromJson = await loadModelFile(abs, 'models/swot.en.json');
    const bytes = modelToCache(fromJson.model, abs)!;
    const cached = modelFromCache(bytes, abs)!;
    expect(cached).toBeDefined();
    // The inverted weights are the ones the coder would have made itself, to the bit.
    const inverted = invertWeights(fromJson.model);
    expect(Buffer.from(cached.inverted.weight.buffer, cached.inverted.weight.byteOffset, cached.inverted.weight.byteLength).equals(Buffer.from(inverted.weight.buffer))).toBe(true);
    expect(cached.inverted.start).toEqual(inverted.start);
    expect(cached.inverted.weightCode).toEqual(inverted.weightCode);
    // The weights laid out for scoring too, group by group.
    const tables = scoringWeights(Object.keys(fromJson.model.codes), inverted);
    expect(cached.inverted.tables!.length).toBe(tables.length);
    cached.inverted.tables!.forEach((t, g) => expect(Buffer.from(t.buffer, t.byteOffset, t.byteLength).equals(Buffer.from(tables[g]!.buffer))).toBe(true));
    // Each code's pairs, worked out again when read, and the model file it would serialize to.
    expect(cached.model.codes['networking.partner.police']!.weights).toEqual(fromJson.model.codes['networking.partner.police']!.weights);
    expect(serializeModel(cached.model)).toBe(serializeModel(fromJson.model));

    const book = await loadCodebookFile(path.resolve('codebooks/swot.yaml'), 'codebooks/swot.yaml');
    const documents = await readDocuments(['samples/interviews'], { cwd: process.cwd() });
    const english = documents.filter((d) => d.attributes.language !== 'lt');
    const viaJson = new CodebookSet([book], [fromJson]).code(english, { unit: 'sentence' });
    const viaCache = new CodebookSet([book], [{ ...cached, file: 'models/swot.en.json' }]).code(english, { unit: 'sentence' });
    expect(viaJson.length).toBeGreaterThan(100);
    expect(viaJson.some((s) => s.method === 'model')).toBe(true);
    expect(viaCache).toEqual(viaJson);
    // The coder scores with the copy's tables as they are: a weight changed there changes the coding.
    const top = cached.inverted.tables![0]!;
    const altered = { ...cached, inverted: { ...cached.inverted, tables: [top.map((w) => w * 3), ...cached.inverted.tables!.slice(1)] } };
    const viaAltered = new CodebookSet([book], [{ ...altered, file: 'models/swot.en.json' }]).code(english, { unit: 'sentence' });
    expect(viaAltered).not.toEqual(viaJson);
  }, 120_000);

  it('is not used once the model file changes (size or time), nor when damaged', async () => {
    const file = path.join(dir, 'm.json');
    const source = await loadModelFile(path.resolve('models/swot.en.json'));
    writeFileSync(file, serializeModel(source.model));
    const bytes = modelToCache(source.model, file)!;
    expect(modelFromCache(bytes, file)).toBeDefined();
    expect(modelFromCache(bytes.subarray(0, bytes.length - 8), file)).toBeUndefined();
    expect(modelFromCache(Buffer.from('QEVALMC3 not a cache'), file)).toBeUndefined();
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(modelFromCache(bytes, file)).toBeUndefined();
    expect(modelFromCache(modelToCache(source.model, file)!, path.join(dir, 'elsewhere.json'))).toBeUndefined();
  }, 120_000);
});

describe('the build\'s model copy, when it cannot be read', () => {
  it('is passed over (the JSON is read) when the cache path is not a readable file', async () => {
    const { readBuiltModel, modelCacheFile } = await import('../../src/io/model-cache.js');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'qeval-model-cache-dir-'));
    const abs = path.resolve('models/swot.en.json');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(modelCacheFile(abs, cacheDir));
    expect(readBuiltModel(abs, 'models/swot.en.json', cacheDir)).toBeUndefined();
    rmSync(cacheDir, { recursive: true, force: true });
    const fresh = mkdtempSync(path.join(tmpdir(), 'qeval-model-cache-dir-'));
    const { model } = await loadModelFile(abs);
    writeFileSync(modelCacheFile(abs, fresh), modelToCache(model, abs)!);
    expect(readBuiltModel(abs, 'models/swot.en.json', fresh)?.file).toBe('models/swot.en.json');
    rmSync(fresh, { recursive: true, force: true });
  }, 60_000);
});

describe('the build\'s model copies shared by the threads of a run', () => {
  it('are read once into shared memory, every reader viewing the same bytes, and passed over once the copy changes', async () => {
    const { readBuiltModel, modelCacheFile } = await import('../../src/io/model-cache.js');
    const { shareFiles } = await import('../../src/io/shared-files.js');
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'qeval-model-share-'));
    const abs = path.resolve('models/swot.en.json');
    const source = await loadModelFile(abs);
    const copy = modelCacheFile(abs, cacheDir);
    writeFileSync(copy, modelToCache(source.model, abs)!);
    const [slot, ...more] = shareFiles(cacheDir);
    expect(more).toEqual([]);
    expect(slot!.file).toBe(copy);
    const first = readBuiltModel(abs, 'models/swot.en.json', cacheDir)!;
    const second = readBuiltModel(abs, 'models/swot.en.json', cacheDir)!;
    expect(first.inverted!.weight.buffer).toBe(slot!.bytes);
    expect(second.inverted!.weight.buffer).toBe(slot!.bytes);
    expect(second.inverted!.tables![0]!.buffer).toBe(slot!.bytes);
    expect(serializeModel(first.model)).toBe(serializeModel(source.model));
    // Another build of the copy while the slot stands: the file is read afresh, not the stale slot.
    const later = new Date(Date.now() + 60_000);
    utimesSync(copy, later, later);
    const third = readBuiltModel(abs, 'models/swot.en.json', cacheDir)!;
    expect(third.inverted!.weight.buffer).not.toBe(slot!.bytes);
    expect(serializeModel(third.model)).toBe(serializeModel(source.model));
    rmSync(cacheDir, { recursive: true, force: true });
  }, 60_000);
});
