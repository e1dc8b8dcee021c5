import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnTsx } from '@market/testing';
import type { BenchStack } from './bench-stack.js';
import { CORPUS_PATH, type CorpusEntry } from './query-mix.js';

const IMPORTER = 'services/search-indexer/src/bulk/import-tsv.ts';
const STALL_MS = 120_000;

interface ImportReport {
  rows: number;
  imported: number;
  existing: number;
  invalid: number;
  seconds: number;
}

/** Documents in the search index: an empty query browses everything and counts it. */
export const indexedTotal = async (stack: BenchStack): Promise<number> => {
  const { status, json } = await stack.client.getJson<{ total?: number }>('/v1/search?q=&perPage=1');
  if (status !== 200 || typeof json?.total !== 'number')
    throw new Error(`GET /v1/search?q= answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.total;
};

/**
 * Appends the first `limit` corpus rows through the search-indexer's bulk import (a separate
 * process writing the pipeline's events into the stack's event store), then waits until the
 * search index counts every imported package. Rows already imported are skipped by the importer.
 */
export const importCorpus = async (
  stack: BenchStack,
  limit: number,
  log: (line: string) => void,
): Promise<{ report: ImportReport; indexedAfterS: number }> => {
  const before = await indexedTotal(stack);
  const t0 = performance.now();
  const importer = spawnTsx(
    IMPORTER,
    {
      MARKET_DATA_DIR: stack.dataDir,
      MARKET_EVENT_STORE_URL: `sqlite:${join(stack.dataDir, 'events.sqlite')}`,
      LOG_LEVEL: 'warn',
    },
    [CORPUS_PATH, '--limit', String(limit)],
  );
  const exit = await importer.exited;
  const line = importer
    .output()
    .split('\n')
    .find((l) => l.startsWith('{"rows"'));
  if (exit.code !== 0 || !line)
    throw new Error(
      `${IMPORTER} --limit ${limit} exited ${exit.code ?? exit.signal}: ${importer.output().slice(-2_000)}`,
    );
  const report = JSON.parse(line) as ImportReport;
  log(
    `bulk import to ${limit}: ${report.imported} new, ${report.existing} existing, ${report.invalid} invalid in ${report.seconds} s`,
  );
  const want = before + report.imported;
  let lastLog = performance.now();
  // No fixed deadline (indexing speed is what is being found out), but a stall fails the run.
  let progress = { total: -1, at: performance.now() };
  for (;;) {
    const total = await indexedTotal(stack);
    if (total >= want) break;
    const now = performance.now();
    if (total > progress.total) progress = { total, at: now };
    else if (now - progress.at > STALL_MS)
      throw new Error(`search index stuck at ${total} of ${want} documents for ${STALL_MS / 1000} s`);
    if (now - lastLog > 15_000) {
      log(`  indexed ${total} / ${want}`);
      lastLog = now;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { report, indexedAfterS: (performance.now() - t0) / 1000 };
};

/**
 * The registry projection catches up on its own clock: wait until the last rows loaded answer
 * GET /v1/packages/:ns/:name (most of them: a row may be a look-alike the importer skipped).
 */
export const waitRegistryHas = async (
  stack: BenchStack,
  corpus: readonly CorpusEntry[],
  timeoutMs = 300_000,
): Promise<void> => {
  const probe = corpus.slice(-20).map((e) => `/v1/packages/${e.name.split('/').map(encodeURIComponent).join('/')}`);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answers = await Promise.all(probe.map((p) => stack.client.get(p)));
    const found = answers.filter((a) => a.status === 200).length;
    if (found >= probe.length - 2) return;
    if (performance.now() > deadline)
      throw new Error(
        `registry-projection answers only ${found} of the last ${probe.length} imported packages after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
};
