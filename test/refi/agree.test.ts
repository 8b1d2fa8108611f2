// `qeval agree` reads a REFI-QDA project: its documents and one coding per user, as if given as files.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSegmentsFile } from '../../src/io/read-segments.js';
import { qeval, tempDir } from './helpers.js';
import { writeStudy } from './fixture.js';

describe('qeval agree on a QDPX project', { timeout: 120_000 }, () => {
  it('gives the same agreement per code from the project as from its segments and documents', async () => {
    const dir = tempDir();
    writeStudy(dir);
    expect((await qeval(['code', 'interviews', 'reports', '-c', 'codebook.yaml', '-f', 'json', '-o', 'auto.json'], dir)).status).toBe(0);
    // qeval codes each language with its own codebook, so its segments name two coders; they are one coder, qeval.
    const auto = (await readSegmentsFile(path.join(dir, 'auto.json'))).map((s) => (s.document === 'reports/b.txt' ? { ...s, coder: 'qeval refi-test-lt@2.1.0' } : s));
    writeFileSync(path.join(dir, 'auto.json'), JSON.stringify(auto));
    // A second coder, Ana, agrees with the automatic coding except that she leaves its first segment out.
    const ana = auto.slice(1).map((s) => ({ ...s, coder: 'Ana', rule: null, matched: [] }));
    writeFileSync(path.join(dir, 'all.json'), JSON.stringify([...auto, ...ana]));
    writeFileSync(path.join(dir, 'ana.json'), JSON.stringify(ana));
    expect((await qeval(['export', 'all.json', '-c', 'codebook.yaml', '-o', 'study.qdpx'], dir)).status).toBe(0);

    const fromProject = await qeval(['agree', 'study.qdpx', '-f', 'json'], dir);
    expect(fromProject.status).toBe(0);
    const fromFiles = await qeval(['agree', 'auto.json', 'ana.json', 'interviews', 'reports', '-f', 'json'], dir);
    expect(fromFiles.status).toBe(0);
    const project = JSON.parse(fromProject.stdout);
    const files = JSON.parse(fromFiles.stdout);
    expect([...project.coders].sort()).toEqual(['Ana', 'qeval']);
    const figures = (report: { rows: { code: string; units: number; agreement: number; kappa: number | null; alpha: number | null }[] }) => report.rows.map((r) => [r.code, r.units, r.agreement, r.kappa, r.alpha]);
    expect(figures(project)).toEqual(figures(files));
    // Ana left one segment out, so the two codings do not agree perfectly.
    expect(project.rows.at(-1).alpha).toBeLessThan(1);
  });

  it('refuses a document given both in the project and as a file', async () => {
    const dir = tempDir();
    writeStudy(dir);
    await qeval(['code', 'interviews', 'reports', '-c', 'codebook.yaml', '-f', 'json', '-o', 'auto.json'], dir);
    expect((await qeval(['export', 'auto.json', '-c', 'codebook.yaml', '-o', 'study.qdpx'], dir)).status).toBe(0);
    const r = await qeval(['agree', 'study.qdpx', 'interviews'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qeval: study\.qdpx: document "interviews\/a\.md" is both in the project and among the documents given/);
    expect(readFileSync(path.join(dir, 'auto.json'), 'utf8').length).toBeGreaterThan(0);
  });
});
