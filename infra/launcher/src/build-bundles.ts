import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

/** The repository root (this file is infra/launcher/src/build-bundles.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Every program the launcher spawns, as (name, source entry point). */
export const ENTRY_POINTS = {
  relay: 'libs/relay/src/main.ts',
  ingest: 'services/ingest/src/main.ts',
  verify: 'services/verify/src/main.ts',
  storage: 'services/storage/src/main.ts',
  'registry-projection': 'services/registry-projection/src/main.ts',
  'search-indexer': 'services/search-indexer/src/main.ts',
} as const;

export type EntryName = keyof typeof ENTRY_POINTS;

export interface BuiltBundles {
  /** Absolute path of each entry point's bundle. */
  readonly bundles: Record<EntryName, string>;
  /** Bundle files actually rewritten (the others were already up to date). */
  readonly written: string[];
  readonly ms: number;
}

/** dist/<entry path without src/ and .ts>.js, e.g. dist/services/ingest/main.js. */
export const bundlePath = (outDir: string, entry: string): string =>
  join(outDir, entry.replace(/\/src\//, '/').replace(/\.ts$/, '.js'));

const options = (outDir: string): BuildOptions => ({
  absWorkingDir: REPO_ROOT,
  entryPoints: Object.values(ENTRY_POINTS).map((entry) => ({
    in: entry,
    out: relative(outDir, bundlePath(outDir, entry)).replace(/\.js$/, ''),
  })),
  outdir: outDir,
  bundle: true,
  // Code splitting keeps a dynamic import() of workspace code lazy (e.g. the EventStoreDB adapter
  // and its gRPC client, loaded only for an esdb:// URL); without it esbuild inlines the module and
  // hoists its package imports to the top of every bundle. Shared chunks are content-hashed.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Workspace code (@market/* via tsconfig paths, relative imports) is bundled; every npm package
  // stays an import of node_modules, so native modules, optional peers and package-relative files
  // (Nest, better-sqlite3, the OpenTelemetry SDK) load exactly as they do from source.
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  sourcemap: 'linked',
  // Keep class and function names: Nest resolves providers and logs by constructor name.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'silent',
  write: false,
});

/** Writes `contents` to `file` through a temp file and a rename, and only if it differs. */
const writeIfChanged = (file: string, contents: Uint8Array): boolean => {
  try {
    if (Buffer.compare(readFileSync(file), contents) === 0) return false;
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
  return true;
};

/** How long an unreferenced chunk (or a crashed build's temp file) stays before a build removes it. */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Removes files in dist/chunks that the current build did not produce, once they are older than
 * STALE_AFTER_MS: a launcher started a moment ago from other sources may still be loading them.
 */
const removeStaleChunks = (chunksDir: string, current: Set<string>): void => {
  let names: string[];
  try {
    names = readdirSync(chunksDir);
  } catch {
    return;
  }
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const name of names) {
    const file = join(chunksDir, name);
    if (current.has(file)) continue;
    try {
      if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
    } catch {
      // removed by a concurrent build
    }
  }
};

/**
 * Bundles every entry point into `outDir` (default dist/) as ESM for Node 20. Always compiles from
 * the current sources (esbuild takes well under a second for all six), and replaces a file only
 * when its bytes changed, atomically, so launchers started side by side (tests) never see a
 * half-written bundle and an unchanged tree is never rewritten.
 */
export const buildBundles = async (outDir = join(REPO_ROOT, 'dist')): Promise<BuiltBundles> => {
  const started = performance.now();
  const result = await build(options(outDir));
  const outputs = result.outputFiles!;
  const written = outputs.filter((f) => writeIfChanged(f.path, f.contents)).map((f) => relative(REPO_ROOT, f.path));
  removeStaleChunks(join(outDir, 'chunks'), new Set(outputs.map((f) => f.path)));
  const bundles = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([name, entry]) => [name, bundlePath(outDir, entry)]),
  ) as Record<EntryName, string>;
  return { bundles, written, ms: Math.round(performance.now() - started) };
};
