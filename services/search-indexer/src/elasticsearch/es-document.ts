import { facetValues, nameParts, type SearchDocument } from '../domain/search-document.js';
import { DEPRECATION_PENALTY, popularity } from '../domain/ranking.js';

/** A package's Elasticsearch document (INDEX_MAPPINGS), `_id` = `pkg`. */
export interface EsSearchDocument {
  /** Normalized `namespace/name`: the document id and the exact-name key for `ns/name` queries. */
  pkg: string;
  /** Normalized name after the `/`: the exact-name key for bare-name queries, and what suggest completes. */
  bare: string;
  name: string;
  version: string;
  description: string;
  keywords: string[];
  categories: string[];
  authors: string[];
  /** The name's parts (split on `/ - _ .`) plus the parts run together, as the FTS `name` column. */
  name_text: string;
  keywords_text: string;
  namespace_text: string;
  /** Authors and categories, as the FTS `people` column. */
  people: string;
  facet_category: string[];
  facet_keyword: string[];
  facet_author: string[];
  /** Normalized like a package name (the `namespace` filter and facet). */
  facet_namespace: string[];
  downloads: number;
  deprecated: boolean;
  /** ln(1 + downloads) − 10 if deprecated, to 0.00001: the static rank (as the FTS rank key's bucket). */
  rank: number;
}

/** The read model's search document as Elasticsearch indexes it. */
export const toEsDocument = (doc: SearchDocument): EsSearchDocument => {
  const facets = facetValues(doc);
  const of = (kind: string) => facets.filter((f) => f.kind === kind).map((f) => f.value);
  return {
    pkg: doc.pkg,
    bare: doc.bare,
    name: doc.name,
    version: doc.version,
    description: doc.description,
    keywords: doc.keywords,
    categories: doc.categories,
    authors: doc.authors,
    name_text: nameParts(doc.name.slice(doc.name.indexOf('/') + 1)).join(' '),
    keywords_text: doc.keywords.join(' '),
    namespace_text: doc.namespace,
    people: [...doc.authors, ...doc.categories].join(' '),
    facet_category: of('category'),
    facet_keyword: of('keyword'),
    facet_author: of('author'),
    facet_namespace: of('namespace'),
    downloads: doc.downloads,
    deprecated: doc.deprecated,
    rank: Math.round((popularity(doc.downloads) - (doc.deprecated ? DEPRECATION_PENALTY : 0)) * 100_000) / 100_000,
  };
};
