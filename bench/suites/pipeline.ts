import { performance } from 'node:perf_hooks';
import { tempDir } from '@market/testing';
import { medianOf, round, type Metrics } from '../lib/metrics.js';
import { STACK_PROCESSES, startBenchStack, type BenchStack } from '../pipeline/bench-stack.js';
import { importCorpus, waitRegistryHas } from '../pipeline/corpus-import.js';
import { HttpClient } from '../pipeline/http-client.js';
import { measureGets, type GetLatency, type GetLatencyOptions } from '../pipeline/get-latency.js';
import { heapUse, idleRss } from '../pipeline/idle-rss.js';
import { buildLargePack, measureDownload, measureUploadGrowth, waitDownloadable } from '../pipeline/large-pack.js';
import { measurePublishToSearchable } from '../pipeline/publish-latency.js';
import { measurePublishThroughput } from '../pipeline/publish-throughput.js';
import { metadataPathMix, readCorpus, searchQueryMix, type CorpusEntry } from '../pipeline/query-mix.js';
import type { CpuUse } from '../pipeline/cpu-ticks.js';
import { waitQuiet } from '../pipeline/quiet-wait.js';
import { measureResolve, publishDependencyGraph } from '../pipeline/resolve-graph.js';
import { measureSearchQuality } from '../pipeline/search-quality.js';

/**
 * The publication pipeline on the real stack (infra/launcher: nats-server, relay, the five
 * services, the router), driven over loopback HTTP through the one base URL. Phases run in this
 * order on one data dir: publishing (steady rate, then bursts), resolution, a 100 MB pack, then
 * the corpus at 10k and 100k packages for search, metadata and idle memory.
 */
export const targets: Record<string, string> = {
  publish_to_searchable_p99_ms: '<= 250',
  publishes_per_s: '>= 300',
  search_p99_ms_10k: '<= 10',
  search_p99_ms_100k: '<= 10',
  metadata_p99_ms: '<= 3',
  download_mb_per_s: '>= 1000',
  resolve_50_deps_ms: '<= 10',
  rss_idle_mb_max: '<= 150',
  upload_peak_rss_mb: '<= 64',
  // Ours, not the issue's numbers: its "exact name first, one typo still finds it" over random rows.
  search_exact_name_first_pct_100k: '>= 99',
  search_bare_name_first_pct_100k: '>= 99',
  search_one_typo_page1_pct_100k: '>= 95',
};

const READS: GetLatencyOptions = { concurrency: 8, requests: 3_000, maxMs: 15_000, runs: 3, warmup: 300 };
/** One client, for the log only: the cost of one request without queueing behind seven others. */
const SINGLE: GetLatencyOptions = { concurrency: 1, requests: 1_000, maxMs: 10_000, runs: 1, warmup: 0 };
const LARGE_PACK_BYTES = 100_000_000;
/** Corpus rows whose names are searched (exact, bare, one typo) for the quality figures. */
const QUALITY_ROWS = 1_000;

/**
 * MARKET_BENCH_PHASES=publish,resolve,large,search,rss runs only those phases (for working on one
 * target); results of a partial run are printed, never written over bench/results/pipeline.json.
 */
export const PHASES = ['publish', 'resolve', 'large', 'search', 'rss'] as const;
type Phase = (typeof PHASES)[number];
const selected = (process.env.MARKET_BENCH_PHASES ?? '')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
for (const p of selected)
  if (!(PHASES as readonly string[]).includes(p))
    throw new Error(`MARKET_BENCH_PHASES: unknown phase ${p} (known: ${PHASES.join(', ')})`);
const runs = (phase: Phase) => selected.length === 0 || selected.includes(phase);
export const partial = selected.length > 0;

const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`[pipeline ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const describe = (what: string, r: GetLatency) => {
  log(
    `${what}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.perSecond.toFixed(0)} req/s over ${r.requests} requests${r.failures ? `; failures: ${r.failures}` : ''}`,
  );
  const kinds = Object.entries(r.byLabel).map(([k, v]) => `${k} ${v.p50.toFixed(1)}/${v.p99.toFixed(1)}`);
  if (kinds.length > 0) log(`  p50/p99 ms by kind: ${kinds.join(', ')}`);
};
/**
 * As many requests as one measurement makes (warm-up + runs), so the list is never replayed: a
 * replay would meet the search-indexer's result cache in an order no real traffic has. Repeats
 * that the popularity skew draws stay, as in real traffic.
 */
const MIX_SIZE = READS.warmup + READS.runs * READS.requests;
const searchAt = (corpus: CorpusEntry[], seed: number, count = MIX_SIZE) => {
  const mix = searchQueryMix(corpus, count, seed);
  return { paths: mix.map((q) => q.path), kinds: mix.map((q) => q.kind) };
};

/** One burst's CPU per publish, each process, user plus kernel (kernel alone in brackets). */
const describeCpu = (byProcess: Record<string, CpuUse>) => {
  const stack = Object.entries(byProcess).filter(([name]) => name !== 'bench');
  const sum = (pick: (use: CpuUse) => number) => stack.reduce((total, [, use]) => total + pick(use), 0);
  const parts = Object.entries(byProcess).map(
    ([name, use]) => `${name} ${use.totalMs.toFixed(2)} (sys ${use.systemMs.toFixed(2)})`,
  );
  return `${parts.join(', ')}; stack total ${sum((u) => u.totalMs).toFixed(2)} (sys ${sum((u) => u.systemMs).toFixed(2)})`;
};

/** The services, relay, nats-server and the router: quiet when all of them together idle. */
const allPids = (stack: BenchStack) => STACK_PROCESSES.map((p) => stack.pidOf(p));
const settle = async (stack: BenchStack, why: string, windowMs = 1_000) => {
  const waited = await waitQuiet(allPids(stack), { maxCores: 0.1, windowMs, timeoutMs: 300_000 });
  log(`stack quiet after ${(waited / 1000).toFixed(1)} s (${why})`);
};

export const run = async (): Promise<Metrics> => {
  const scratch = tempDir('bench-large-pack');
  log(`starting the stack${partial ? ` (phases: ${selected.join(', ')})` : ''}`);
  const stack = await startBenchStack();
  log(`stack ready at ${stack.url} (data: ${stack.dataDir})`);
  // Ctrl-C mid-run must not leave nine processes loading the shared machine.
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const metrics: Metrics = {};
    const put = (name: string, value: number, unit: string) => (metrics[name] = { value, unit });
    if (runs('publish')) {
      await measurePublishThroughput(stack, { count: 40, concurrency: 4, tag: 'warm' });
      await settle(stack, 'warm-up publishes');

      const steady = await measurePublishToSearchable(stack, { ratePerS: 20, seconds: 15 });
      log(
        `publish→searchable at 20/s: p50 ${steady.p(50).toFixed(1)} ms, p99 ${steady.p(99).toFixed(1)} ms over ${steady.count}${steady.failed ? `; ${steady.describeFailures()}` : ''}`,
      );
      await settle(stack, 'steady publishes');
      put('publish_to_searchable_p50_ms', round(steady.p(50), 1), 'ms');
      put('publish_to_searchable_p99_ms', round(steady.p(99), 1), 'ms');

      let burstRun = 0;
      const burst = async (label: string) => {
        const rate = await measurePublishThroughput(stack, { count: 600, concurrency: 16, tag: `r${burstRun++}` });
        log(
          `600 publishes, 16 clients${label}: ${rate.perSecond.toFixed(0)} published/s (seen by polling at ${rate.seenPerSecond.toFixed(0)}/s; POSTs answered at ${rate.acceptedPerSecond.toFixed(0)}/s)`,
        );
        log(`  CPU ms per publish: ${describeCpu(rate.cpuMsPerPublish)}`);
        await settle(stack, 'burst');
        return rate.perSecond;
      };
      // Sustained means steady state: V8 optimizes the hot paths of seven processes over the first
      // ~2,500 publishes after start. Eight bursts in a row on a fresh stack (2026-12-04): 171,
      // 224, 299, 302, 334, 330, 325, 326 publishes/s, ingest CPU per publish 3.15, 2.52, 1.82,
      // 1.75, 1.60, 1.52, 1.53, 1.53 ms: flat from the fifth burst. With the 300 steady publishes
      // before, three untimed bursts put the counted ones there (two left the first counted burst
      // on the slope).
      await burst(' (warm-up 1, not counted)');
      await burst(' (warm-up 2, not counted)');
      await burst(' (warm-up 3, not counted)');
      const publishesPerS = await medianOf(3, () => burst(''));
      put('publishes_per_s', round(publishesPerS, 0), 'publishes/s');
    }

    if (runs('resolve')) {
      await publishDependencyGraph(stack);
      const resolveMs = await measureResolve(stack, 20);
      log(`resolve 50 deps: median ${resolveMs.toFixed(2)} ms`);
      put('resolve_50_deps_ms', round(resolveMs), 'ms');
    }

    if (runs('large')) {
      log('building the 100 MB pack');
      const large = await buildLargePack(scratch.path, LARGE_PACK_BYTES);
      const upload = await measureUploadGrowth(stack, large);
      log(`upload of ${large.size} bytes: ingest RSS +${upload.growthMb.toFixed(1)} MB (${upload.samples} samples)`);
      const lag = await waitDownloadable(stack.client, `/v1/blobs/sha256/${large.sha256}`);
      if (lag > 0) log(`GET /v1/blobs answered 404 for ${lag.toFixed(0)} ms after the submission read published`);
      const downloadRate = await measureDownload(stack.client, large, 5);
      const storageDirect = new HttpClient(`http://127.0.0.1:${stack.portOf('storage')}`, 2);
      const directRate = await measureDownload(storageDirect, large, 3).finally(() => storageDirect.close());
      log(
        `download: median ${downloadRate.toFixed(0)} MB/s through the base URL, ${directRate.toFixed(0)} MB/s from storage's own port`,
      );
      await settle(stack, 'large pack');
      put('download_mb_per_s', round(downloadRate, 0), 'MB/s');
      put('download_direct_storage_mb_per_s', round(directRate, 0), 'MB/s');
      put('upload_peak_rss_mb', round(upload.growthMb, 1), 'MB');
    }

    if (runs('search')) {
      await importCorpus(stack, 10_000, log).then(({ indexedAfterS }) =>
        log(`10k corpus indexed ${indexedAfterS.toFixed(1)} s after the import started`),
      );
      await settle(stack, '10k corpus');
      const corpus10k = readCorpus(10_000);
      const mix10k = searchAt(corpus10k, 10);
      const search10k = await measureGets(stack.client, mix10k.paths, READS, mix10k.kinds);
      describe('search at 10k', search10k);
      put('search_p50_ms_10k', round(search10k.p50), 'ms');
      put('search_p99_ms_10k', round(search10k.p99), 'ms');

      const { indexedAfterS } = await importCorpus(stack, 100_000, log);
      log(`100k corpus indexed ${indexedAfterS.toFixed(1)} s after the import started`);
      const corpus100k = readCorpus(100_000);
      await waitRegistryHas(stack, corpus100k);
      await settle(stack, '100k corpus');
      const mix100k = searchAt(corpus100k, 100);
      const search100k = await measureGets(stack.client, mix100k.paths, READS, mix100k.kinds);
      describe('search at 100k', search100k);
      const single100k = searchAt(corpus100k, 1_000, SINGLE.requests);
      describe('search at 100k, 1 client', await measureGets(stack.client, single100k.paths, SINGLE, single100k.kinds));
      const metadata = await measureGets(stack.client, metadataPathMix(corpus100k, MIX_SIZE), READS);
      describe('metadata at 100k', metadata);
      describe(
        'metadata at 100k, 1 client',
        await measureGets(stack.client, metadataPathMix(corpus100k, SINGLE.requests, 1_000), SINGLE),
      );
      const quality = await measureSearchQuality(stack.client, corpus100k, QUALITY_ROWS);
      log(
        `search quality over ${quality.rows} random rows of 100k: exact name first ${quality.exactTop1Pct.toFixed(1)}%, bare name first ${quality.bareTop1Pct.toFixed(1)}%, one typo on page 1 ${quality.typoFirstPagePct.toFixed(1)}%`,
      );
      for (const miss of quality.misses) log(`  miss: ${miss}`);
      put('search_exact_name_first_pct_100k', round(quality.exactTop1Pct, 1), '%');
      put('search_bare_name_first_pct_100k', round(quality.bareTop1Pct, 1), '%');
      put('search_one_typo_page1_pct_100k', round(quality.typoFirstPagePct, 1), '%');
      put('search_p50_ms_100k', round(search100k.p50), 'ms');
      put('search_p99_ms_100k', round(search100k.p99), 'ms');
      put('metadata_p50_ms', round(metadata.p50), 'ms');
      put('metadata_p99_ms', round(metadata.p99), 'ms');
      put('corpus_100k_indexed_s', round(indexedAfterS, 0), 's');
    }

    if (runs('rss')) {
      // Idle means the whole stack used under 0.1 core for 10 s: a service gives its last burst's
      // memory back (@market/http IdleReclaimer) once it has seen 5 s without work, checking every
      // 1.25 s, and the collections take up to ~1 s more (search-indexer at 100k: 8 collections,
      // 1,041 ms). A 7 s window raced that: one run read search-indexer at 157 MB with 88 MB of
      // committed heap, most likely before its reclaim had finished; the others read 118-124 MB.
      await settle(stack, 'before idle RSS', 10_000);
      const rss = await idleRss(stack);
      log(
        `idle RSS (MB): ${Object.entries(rss)
          .map(([s, mb]) => `${s} ${mb.toFixed(0)}`)
          .join(', ')}`,
      );
      const heaps = await heapUse(stack);
      log(
        `idle V8 heap used / committed / external (MB): ${Object.entries(heaps)
          .map(([s, m]) => `${s} ${m.heap.toFixed(0)}/${m.total.toFixed(0)}/${m.external.toFixed(0)}`)
          .join(', ')}`,
      );
      put('rss_idle_mb_max', round(Math.max(...Object.values(rss)), 0), 'MB');
    }
    return metrics;
  } catch (error) {
    log(`failed; the stack's logs end with:\n${stack.logTails(15)}`);
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stack.stop();
    scratch.remove();
  }
};
