import type { estypes } from '@elastic/elasticsearch';

/** The index the search-indexer writes and queries unless told otherwise. */
export const DEFAULT_INDEX = 'market-packages';

/** Lower-cased, accents folded: close to FTS5's `unicode61 remove_diacritics 2` and src/query/tokenize.ts. */
export const TEXT_ANALYZER = 'market_text';

/**
 * One primary shard: the index holds one small document per package (100k packages is tens of
 * MB), and with one shard term statistics (BM25) and terms aggregations (facets) are exact, as
 * they are in SQLite. `max_result_window` is the API's MAX_RESULT_WINDOW (10,000, ES's default).
 */
export const INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  max_result_window: 10_000,
  analysis: {
    analyzer: {
      [TEXT_ANALYZER]: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
    },
  },
};

const text: estypes.MappingProperty = { type: 'text', analyzer: TEXT_ANALYZER };
const keyword: estypes.MappingProperty = { type: 'keyword' };
/** Shown in hits, never searched or sorted on. */
const shown: estypes.MappingProperty = { type: 'keyword', index: false, doc_values: false };

/**
 * Strict mapping of EsSearchDocument (es-document.ts): searched text fields, facet keywords
 * (normalized values, as filters and terms aggregations), the exact-name keys, and rank inputs.
 */
export const INDEX_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    pkg: keyword,
    bare: keyword,
    name: shown,
    version: shown,
    keywords: shown,
    categories: shown,
    authors: shown,
    description: text,
    name_text: text,
    keywords_text: text,
    namespace_text: text,
    people: text,
    facet_category: keyword,
    facet_keyword: keyword,
    facet_author: keyword,
    facet_namespace: keyword,
    downloads: { type: 'long' },
    deprecated: { type: 'boolean' },
    rank: { type: 'double' },
  },
};
