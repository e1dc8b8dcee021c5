import type { SearchHit } from './search-types.js';

/** What a hit shows of a document, whichever backend found it. */
export type HitFields = Omit<SearchHit, 'score'>;

/** A hit as both backends answer it: the document's shown fields and the score to 3 decimals. */
export const toSearchHit = (doc: HitFields, score: number): SearchHit => ({
  name: doc.name,
  version: doc.version,
  description: doc.description,
  keywords: doc.keywords,
  categories: doc.categories,
  authors: doc.authors,
  downloads: doc.downloads,
  score: Math.round(score * 1000) / 1000,
  deprecated: doc.deprecated,
});
