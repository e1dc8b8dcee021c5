import { createHash } from 'node:crypto';
import { normalizePackageName } from '@market/contracts';

export const FACET_KINDS = ['category', 'keyword', 'author', 'namespace'] as const;
export type FacetKind = (typeof FACET_KINDS)[number];

/** Facet values compare case- and spacing-insensitively; namespaces fold like package names. */
export const normalizeFacetValue = (kind: FacetKind, value: string): string => {
  const folded = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  return kind === 'namespace' ? normalizePackageName(folded) : folded;
};

const KIND_LETTER: Record<FacetKind, string> = { category: 'c', keyword: 'k', author: 'a', namespace: 'n' };

/**
 * A facet value as one FTS token (`x` + kind letter + 16 hex digits of its SHA-256), indexed in
 * the `tags` column: a filter is then one more AND term of the MATCH expression, so filtering,
 * counting and rowid-ordered early LIMIT all stay inside FTS5. The token is plain alphanumerics
 * whatever the value holds (quotes, `*`, unicode), so a value can never inject query syntax.
 */
export const facetToken = (kind: FacetKind, value: string): string =>
  `x${KIND_LETTER[kind]}${createHash('sha256').update(normalizeFacetValue(kind, value)).digest('hex').slice(0, 16)}`;

export const isFacetToken = (term: string): boolean => /^x[ckan][0-9a-f]{16}$/.test(term);
