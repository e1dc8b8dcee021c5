import { facetToken, type FacetKind } from '../domain/facets.js';

/** One query term as FTS5 will see it: the term itself or any of its typo corrections. */
export interface TermPlan {
  alternatives: string[];
  /** The first alternative (the term as typed) also matches as a prefix. */
  prefix: boolean;
}

export type Filters = Partial<Record<FacetKind, readonly string[]>>;

export const TEXT_COLUMNS = '{name keywords description namespace people}';
export const NAME_COLUMN = '{name}';

/**
 * Every term reaches FTS5 as a double-quoted string (quotes doubled inside), never as syntax:
 * whatever the user typed, the expression is built only from these, AND, OR, `*`, parentheses
 * and column filters we write ourselves.
 */
export const quoteTerm = (term: string): string => `"${term.replaceAll('"', '""')}"`;

const termExpression = ({ alternatives, prefix }: TermPlan): string => {
  const parts = alternatives.map((t, i) => (i === 0 && prefix ? `${quoteTerm(t)}*` : quoteTerm(t)));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
};

/** All terms (AND), restricted to `columns`; undefined when there are none. */
export const textExpression = (terms: readonly TermPlan[], columns = TEXT_COLUMNS): string | undefined =>
  terms.length === 0 ? undefined : `${columns}: (${terms.map(termExpression).join(' AND ')})`;

/** Filters as facet tokens in the tags column: all must hold. */
export const filterExpression = (filters: Filters): string | undefined => {
  const tokens: string[] = [];
  for (const [kind, values] of Object.entries(filters) as [FacetKind, readonly string[]][]) {
    for (const value of values ?? []) tokens.push(quoteTerm(facetToken(kind, value)));
  }
  return tokens.length === 0 ? undefined : `{tags}: (${tokens.join(' AND ')})`;
};

export const allOf = (...parts: (string | undefined)[]): string | undefined => {
  const present = parts.filter((p): p is string => p !== undefined);
  return present.length === 0 ? undefined : present.join(' AND ');
};
