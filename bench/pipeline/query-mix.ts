import { readFileSync } from 'node:fs';
import { pick, seededRandom } from './random.js';

export const CORPUS_PATH = '/work/shared/datasets/packages-100k.tsv';

export interface CorpusEntry {
  /** The marketplace name (`@scope/x` → `scope/x`, `x` → `npm/x`), as the bulk import names it. */
  name: string;
  /** The name without its namespace, as a user would type it. */
  bare: string;
  description: string;
}

/** The first `limit` data rows of the corpus TSV (`name  version  downloads_a_month  description`). */
export const readCorpus = (limit: number, path = CORPUS_PATH): CorpusEntry[] => {
  const entries: CorpusEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (entries.length >= limit) break;
    const cols = line.replace(/\r$/, '').split('\t');
    if (cols.length !== 4 || cols[0] === 'name' || !cols[0]) continue;
    const npmName = cols[0];
    const name = npmName.startsWith('@') ? npmName.slice(1) : `npm/${npmName}`;
    entries.push({ name, bare: name.slice(name.indexOf('/') + 1), description: cols[3] ?? '' });
  }
  return entries;
};

export type QueryKind = 'exact' | 'exact-bare' | 'prefix' | 'typo' | 'words' | 'filtered';

export interface SearchQuery {
  kind: QueryKind;
  /** Path and query string under the base URL. */
  path: string;
}

// The derived facets of the bulk import (services/search-indexer/src/bulk/corpus-manifest.ts).
const CATEGORIES = [
  'typings',
  'linting',
  'testing',
  'react',
  'vue',
  'angular',
  'build-tools',
  'cli',
  'css',
  'http',
  'cloud',
  'utilities',
];
const STOP = new Set([
  'with',
  'that',
  'this',
  'from',
  'your',
  'will',
  'into',
  'using',
  'used',
  'based',
  'more',
  'than',
  'when',
  'which',
  'have',
  'like',
]);

/** One edit a user makes: a substitution, a deletion, an insertion or a swap of neighbours. */
export const typo = (random: () => number, word: string): string => {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + (letter === word[at] ? 'x' : letter) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at);
    default:
      return word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1);
  }
};

const descriptionWords = (random: () => number, description: string): string | undefined => {
  const words = description
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && !STOP.has(w));
  if (words.length === 0) return undefined;
  const first = pick(random, words);
  const others = words.filter((w) => w !== first);
  return random() < 0.5 || others.length === 0 ? first : `${first} ${pick(random, others)}`;
};

const searchPath = (q: string, filters: Record<string, string> = {}): string =>
  `/v1/search?${new URLSearchParams({ q, ...filters }).toString()}`;

/**
 * A realistic mix over the loaded rows, popular packages asked more often (row index skewed
 * towards the top of the download-ordered corpus): exact names (full and bare), name prefixes,
 * one-typo names, description words, and a quarter of them with a filter (category, namespace,
 * keyword, author).
 */
export const searchQueryMix = (corpus: readonly CorpusEntry[], count: number, seed = 42): SearchQuery[] => {
  const random = seededRandom(seed);
  const queries: SearchQuery[] = [];
  while (queries.length < count) {
    const row = corpus[Math.floor(random() ** 2 * corpus.length)]!;
    const namespace = row.name.slice(0, row.name.indexOf('/'));
    const filter = (): Record<string, string> => {
      const which = Math.floor(random() * 4);
      if (which === 0) return { category: pick(random, CATEGORIES) };
      if (which === 1) return { namespace };
      if (which === 2) return { author: `${namespace} maintainers` };
      const part = row.bare.split(/[._-]+/).find((p) => p.length >= 2 && !/^\d+$/.test(p));
      return part ? { keyword: part.toLowerCase() } : { namespace };
    };
    const roll = random();
    if (roll < 0.2) queries.push({ kind: 'exact', path: searchPath(row.name) });
    else if (roll < 0.35) queries.push({ kind: 'exact-bare', path: searchPath(row.bare) });
    else if (roll < 0.5)
      queries.push({ kind: 'prefix', path: searchPath(row.bare.slice(0, 2 + Math.floor(random() * 4))) });
    else if (roll < 0.65 && row.bare.length >= 5)
      queries.push({ kind: 'typo', path: searchPath(typo(random, row.bare)) });
    else if (roll < 0.8) {
      const words = descriptionWords(random, row.description);
      if (words) queries.push({ kind: 'words', path: searchPath(words) });
    } else {
      const words =
        random() < 0.5 ? descriptionWords(random, row.description) : row.bare.slice(0, 3 + Math.floor(random() * 4));
      if (words) queries.push({ kind: 'filtered', path: searchPath(words, filter()) });
    }
  }
  return queries;
};

/** GET /v1/packages/:ns/:name paths for the loaded rows, with the same popularity skew. */
export const metadataPathMix = (corpus: readonly CorpusEntry[], count: number, seed = 7): string[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const row = corpus[Math.floor(random() ** 2 * corpus.length)]!;
    return `/v1/packages/${row.name.split('/').map(encodeURIComponent).join('/')}`;
  });
};
