// Public surface for the launcher, end-to-end tests and benchmarks.
export {
  startSearchIndexerService,
  SERVICE_NAME,
  PACKAGE_EVENTS,
  type SearchIndexerDeps,
  type SearchIndexerService,
} from './search-indexer-service.js';
export { importTsv, type ImportTsvOptions, type ImportReport } from './bulk/import-tsv.js';
export type { SearchHit, SearchRequest, SearchResult, Suggestion } from './search/search-types.js';
export { dumpSearchReadModel } from './read-model/dump-read-model.js';
