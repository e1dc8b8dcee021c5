import type { FacetCounts } from './facet-counter.js';
import type { Filters } from './match-expression.js';

export interface SearchRequest {
  q: string;
  filters: Filters;
  page: number;
  perPage: number;
}

export interface SearchHit {
  name: string;
  version: string;
  description: string;
  keywords: string[];
  categories: string[];
  authors: string[];
  downloads: number;
  score: number;
  deprecated: boolean;
}

export interface SearchResult {
  /** Matches, counted up to COUNT_LIMIT (10,000): more than that reads as 10,000 with `totalExact: false`. */
  total: number;
  totalExact: boolean;
  page: number;
  perPage: number;
  hits: SearchHit[];
  facets: FacetCounts;
  /** False when the matches were too many to count facets over all of them (see README). */
  facetsExact: boolean;
}

export interface Suggestion {
  name: string;
  version: string;
  description: string;
  downloads: number;
  deprecated: boolean;
}
