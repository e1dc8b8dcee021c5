import { commonConfigShape, envUrl } from '@market/config';

/** An http(s) URL that parses (`http:x` passes a scheme check but names no host). */
const elasticsearchUrl = envUrl(['http', 'https'])
  .refine((raw) => URL.canParse(raw) && new URL(raw).hostname !== '', 'expected an http(s) URL with a host')
  .optional();

/**
 * The search-indexer's environment: the common variables, plus MARKET_SEARCH_URL (optional): the
 * Elasticsearch node to index into and search (the production profile, e.g. http://elasticsearch:9200).
 * Unset, search is the embedded SQLite FTS5 index.
 */
export const searchIndexerConfigShape = {
  ...commonConfigShape,
  MARKET_SEARCH_URL: elasticsearchUrl,
};
