import { existsSync } from 'node:fs';

/** Where libjemalloc2 lives on Debian/Ubuntu (per architecture) and on other distributions. */
export const JEMALLOC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
  '/usr/lib64/libjemalloc.so.2',
  '/usr/lib/libjemalloc.so.2',
  '/usr/local/lib/libjemalloc.so.2',
];

/**
 * Purge freed pages after 1 s, from jemalloc's own background thread, so an idle process gives
 * them back without needing a malloc call to trigger it.
 */
export const JEMALLOC_CONF = 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0';

export type AllocatorChoice =
  | { ok: true; env: Record<string, string>; description: string }
  | { ok: false; message: string };

/**
 * The environment that makes the relay and the services allocate with jemalloc (preloaded), from
 * MARKET_ALLOCATOR: unset = jemalloc when installed, else glibc's malloc; `jemalloc` = required;
 * `system` = glibc's malloc. glibc keeps the pages of a fragmented heap after a burst of work
 * (measured: search-indexer idled with ~100 MB outside the V8 heap at 100k packages under glibc,
 * ~58 MB under jemalloc).
 */
export const chooseAllocator = (env: NodeJS.ProcessEnv, paths: readonly string[] = JEMALLOC_PATHS): AllocatorChoice => {
  const wanted = env.MARKET_ALLOCATOR ?? '';
  if (wanted !== '' && wanted !== 'jemalloc' && wanted !== 'system') {
    return { ok: false, message: `MARKET_ALLOCATOR must be jemalloc or system, got ${JSON.stringify(wanted)}` };
  }
  if (wanted === 'system') return { ok: true, env: {}, description: "glibc's malloc (MARKET_ALLOCATOR=system)" };
  const library = paths.find((p) => existsSync(p));
  if (!library) {
    if (wanted === 'jemalloc') {
      return {
        ok: false,
        message: 'MARKET_ALLOCATOR=jemalloc but libjemalloc.so.2 was not found: apt-get install libjemalloc2',
      };
    }
    return { ok: true, env: {}, description: "glibc's malloc (libjemalloc2 not installed)" };
  }
  const preload = [library, env.LD_PRELOAD].filter((p) => p !== undefined && p !== '').join(':');
  return {
    ok: true,
    env: { LD_PRELOAD: preload, MALLOC_CONF: env.MALLOC_CONF || JEMALLOC_CONF },
    description: `jemalloc (${library})`,
  };
};
