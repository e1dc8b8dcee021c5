import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, ENTRY_POINTS, type BuiltBundles } from './build-bundles.js';

/** Packages that only an opt-in adapter needs: on the embedded defaults no process may load them at start. */
const LAZY_PACKAGES = ['minio', '@eventstore/db-client', '@elastic/elasticsearch'];

const STATIC_IMPORT = /^\s*import\s*(?:[^'"]*?\bfrom\s*)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.[^"']+)["']\s*\)/g;

/** Every module specifier imported statically by `file` and, transitively, by the chunks it imports. */
const staticClosure = async (file: string, seen = new Set<string>()): Promise<Set<string>> => {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = await readFile(file, 'utf8');
  for (const match of code.matchAll(STATIC_IMPORT)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) await staticClosure(resolve(dirname(file), specifier), seen);
    else seen.add(specifier);
  }
  return seen;
};

describe('buildBundles (int)', () => {
  let outDir: string;
  let built: BuiltBundles;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'market-dist-'));
    built = await buildBundles(outDir);
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('writes one bundle per program the launcher spawns', () => {
    expect(Object.keys(built.bundles).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
    expect(built.bundles['search-indexer']).toBe(join(outDir, 'services/search-indexer/main.js'));
    expect(built.written.length).toBeGreaterThanOrEqual(Object.keys(ENTRY_POINTS).length);
  });

  it('rewrites nothing when the sources did not change', async () => {
    const again = await buildBundles(outDir);
    expect(again.written).toEqual([]);
  });

  it.each(Object.keys(ENTRY_POINTS))(
    '%s loads adapter client packages only on demand, never at start',
    async (name) => {
      const closure = await staticClosure(built.bundles[name as keyof typeof ENTRY_POINTS]);
      const specifiers = [...closure].filter((s) => !s.startsWith('/'));
      expect(specifiers.length).toBeGreaterThan(0);
      for (const pkg of LAZY_PACKAGES)
        expect(specifiers.filter((s) => s === pkg || s.startsWith(`${pkg}/`))).toEqual([]);
    },
  );

  it.each([
    ['storage', 'minio'],
    ['relay', '@eventstore/db-client'],
    ['search-indexer', '@elastic/elasticsearch'],
  ] as const)('%s still reaches %s through a dynamic import (the adapter is lazy, not missing)', async (name, pkg) => {
    const files = [...(await staticClosure(built.bundles[name]))].filter((s) => s.startsWith('/'));
    const lazy = new Set<string>();
    for (const file of files) {
      for (const match of (await readFile(file, 'utf8')).matchAll(DYNAMIC_IMPORT)) {
        await staticClosure(resolve(dirname(file), match[1]!), lazy);
      }
    }
    expect([...lazy]).toContain(pkg);
  });
});
