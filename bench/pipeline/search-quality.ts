import { normalizePackageName } from '@market/contracts';
import type { HttpClient } from './http-client.js';
import { typo, type CorpusEntry } from './query-mix.js';
import { seededRandom } from './random.js';

export interface SearchQuality {
  /** Rows asked about. */
  rows: number;
  /** `ns/name` queries whose first hit is that package, %. */
  exactTop1Pct: number;
  /** Bare-name queries whose first hit is the most downloaded package of that bare name, %. */
  bareTop1Pct: number;
  /** One-typo bare-name queries (names of 5+ characters) with the package on the first page, %. */
  typoFirstPagePct: number;
  /** A few misses of each kind, for the log. */
  misses: string[];
}

const MISSES_KEPT = 3;

/**
 * The search-quality acceptance measured over the whole corpus, not a hand-picked list:
 * `rows` distinct rows drawn uniformly (the long tail as much as the head), each asked by its full
 * name, its bare name and a one-typo bare name, over HTTP, one request at a time.
 * `corpus` is in the TSV's order (most downloaded first), which decides a bare name's expected package.
 * Names compare as the marketplace identifies packages (normalized: `a__b` and `a-b` are one
 * package, and the corpus holds a few such pairs, merged by the import).
 */
export const measureSearchQuality = async (
  client: HttpClient,
  corpus: readonly CorpusEntry[],
  rows: number,
  seed = 2024,
): Promise<SearchQuality> => {
  const random = seededRandom(seed);
  const topByBare = new Map<string, string>();
  for (const entry of corpus) {
    const bare = normalizePackageName(entry.bare);
    if (!topByBare.has(bare)) topByBare.set(bare, normalizePackageName(entry.name));
  }
  const picked = new Set<number>();
  while (picked.size < Math.min(rows, corpus.length)) picked.add(Math.floor(random() * corpus.length));

  const hitsFor = async (q: string): Promise<string[]> => {
    const { status, json } = await client.getJson<{ hits: { name: string }[] }>(
      `/v1/search?${new URLSearchParams({ q }).toString()}`,
    );
    if (status !== 200) throw new Error(`GET /v1/search?q=${q} answered ${status}`);
    return json.hits.map((hit) => normalizePackageName(hit.name));
  };
  const misses = { exact: [] as string[], bare: [] as string[], typo: [] as string[] };
  const miss = (kind: keyof typeof misses, text: string) => {
    if (misses[kind].length < MISSES_KEPT) misses[kind].push(text);
  };
  let exact = 0;
  let bare = 0;
  let typoAsked = 0;
  let typoFound = 0;
  for (const index of picked) {
    const row = corpus[index]!;
    const name = normalizePackageName(row.name);
    const exactHits = await hitsFor(row.name);
    if (exactHits[0] === name) exact++;
    else miss('exact', `${row.name} → ${exactHits[0] ?? 'nothing'}`);

    const expected = topByBare.get(normalizePackageName(row.bare))!;
    const bareHits = await hitsFor(row.bare);
    if (bareHits[0] === expected) bare++;
    else miss('bare', `${row.bare} → ${bareHits[0] ?? 'nothing'} (expected ${expected})`);

    if (row.bare.length >= 5) {
      const misspelt = typo(random, row.bare);
      typoAsked++;
      if ((await hitsFor(misspelt)).includes(name)) typoFound++;
      else miss('typo', `${misspelt} (for ${row.name})`);
    }
  }
  const pct = (n: number, of: number) => (of === 0 ? 0 : (100 * n) / of);
  return {
    rows: picked.size,
    exactTop1Pct: pct(exact, picked.size),
    bareTop1Pct: pct(bare, picked.size),
    typoFirstPagePct: pct(typoFound, typoAsked),
    misses: [
      ...misses.exact.map((m) => `exact: ${m}`),
      ...misses.bare.map((m) => `bare: ${m}`),
      ...misses.typo.map((m) => `typo: ${m}`),
    ],
  };
};
