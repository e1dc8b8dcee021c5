/**
 * English words so common in package descriptions ("for" is in half the corpus) that they add
 * cost and no signal. Dropped from a query that has other terms; a query of stopwords only is
 * searched as written.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'in',
  'into',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'that',
  'the',
  'this',
  'to',
  'with',
  'your',
  'you',
]);
