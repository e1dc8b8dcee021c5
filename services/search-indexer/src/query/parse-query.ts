import { normalizePackageName } from '@market/contracts';
import { STOPWORDS } from './stopwords.js';
import { tokenize } from './tokenize.js';

/** Longer queries are cut, not refused: the first terms carry the intent. */
export const MAX_QUERY_TERMS = 8;
/** No package name or word is longer; a longer "term" is noise and is cut to this length. */
export const MAX_TERM_LENGTH = 64;

export interface ParsedQuery {
  /** Terms every hit must contain (in any indexed field), in query order. */
  terms: string[];
  /** Whether the last term also matches as a prefix (the user may still be typing it). */
  prefixLast: boolean;
  /** The query read as a package name, normalized, for the exact-name rule. */
  name: { full?: string; bare?: string };
}

const FULL_NAME = /^@?[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i;
const BARE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

export const parseQuery = (q: string): ParsedQuery => {
  const trimmed = q.trim();
  let terms = tokenize(trimmed).map((t) => t.slice(0, MAX_TERM_LENGTH));
  const meaningful = terms.filter((t) => !STOPWORDS.has(t));
  if (meaningful.length > 0) terms = meaningful;
  terms = terms.slice(0, MAX_QUERY_TERMS);
  const last = terms[terms.length - 1];
  // A trailing space means the last word is finished; a 1-char prefix would match a 26th of the index.
  const prefixLast = last !== undefined && last.length >= 2 && !/\s$/.test(q);
  return { terms, prefixLast, name: readAsName(trimmed) };
};

const readAsName = (text: string): ParsedQuery['name'] => {
  if (text.length > 214) return {};
  if (FULL_NAME.test(text)) return { full: normalizePackageName(text.replace(/^@/, '')) };
  if (BARE_NAME.test(text)) return { bare: normalizePackageName(text) };
  return {};
};
