import type { PackManifest } from '@market/contracts';
import { normalizePackageName } from '@market/contracts';
import { facetToken, type FacetKind, normalizeFacetValue } from './facets.js';

/** One package in the index: its indexed version's metadata plus its rank inputs. */
export interface SearchDocument {
  /** Normalized `namespace/name`: the package's identity (its stream). */
  pkg: string;
  /** As published by the indexed version. */
  name: string;
  namespace: string;
  /** Normalized name after the `/`, for the exact-name rule. */
  bare: string;
  version: string;
  description: string;
  keywords: string[];
  categories: string[];
  authors: string[];
  downloads: number;
  deprecated: boolean;
}

export const documentFrom = (
  name: string,
  version: string,
  manifest: Pick<PackManifest, 'description' | 'keywords' | 'categories' | 'authors'>,
  downloads: number,
  deprecated: boolean,
): SearchDocument => {
  const slash = name.indexOf('/');
  return {
    pkg: normalizePackageName(name),
    name,
    namespace: name.slice(0, slash),
    bare: normalizePackageName(name.slice(slash + 1)),
    version,
    description: manifest.description ?? '',
    keywords: manifest.keywords ?? [],
    categories: manifest.categories ?? [],
    authors: manifest.authors ?? [],
    downloads,
    deprecated,
  };
};

/** A name's parts (split on `/ - _ .`), plus the parts run together when there are several. */
export const nameParts = (bareName: string): string[] => {
  const parts = bareName.split(/[/._-]+/).filter(Boolean);
  return parts.length > 1 ? [...parts, parts.join('')] : parts;
};

/** Each facet value of a document, deduplicated after normalization. */
export const facetValues = (doc: SearchDocument): { kind: FacetKind; value: string }[] => {
  const out = new Map<string, { kind: FacetKind; value: string }>();
  const add = (kind: FacetKind, values: readonly string[]) => {
    for (const v of values) {
      const value = normalizeFacetValue(kind, v);
      if (value) out.set(`${kind}\u0000${value}`, { kind, value });
    }
  };
  add('category', doc.categories);
  add('keyword', doc.keywords);
  add('author', doc.authors);
  add('namespace', [doc.namespace]);
  return [...out.values()];
};

/** The text of each FTS column, in the table's column order. */
export const ftsColumns = (doc: SearchDocument) => ({
  name: nameParts(doc.name.slice(doc.name.indexOf('/') + 1)).join(' '),
  keywords: doc.keywords.join(' '),
  description: doc.description,
  namespace: doc.namespace,
  people: [...doc.authors, ...doc.categories].join(' '),
  tags: facetValues(doc)
    .map(({ kind, value }) => facetToken(kind, value))
    .join(' '),
});
