/**
 * How a hit's score is made (documented in the README):
 *
 *   relevance  = −bm25(docs_fts) with column weights name 10, keywords 5, namespace 3,
 *                description 1, authors+categories 1
 *   popularity = ln(1 + monthly downloads), kept to 0.00001 (the index stores it that way)
 *   score      = relevance + POPULARITY_WEIGHT · (popularity − DEPRECATION_PENALTY if deprecated)
 *                + EXACT_NAME_BONUS (the query is the package's name, `ns/name` or bare name)
 *                + TYPO_NAME_BONUS (the query, typo-corrected, is the package's name)
 *
 * Popularity and deprecation are combined, per document, into one integer "rank bucket" written
 * into the FTS rowid (see rankKey), so "the most popular matches" is a rowid-ordered scan that
 * stops after LIMIT rows, whatever the number of matches.
 */
export const COLUMN_WEIGHTS = { name: 10, keywords: 5, description: 1, namespace: 3, people: 1, tags: 0 } as const;
export const POPULARITY_WEIGHT = 1;
export const DEPRECATION_PENALTY = 10;
export const EXACT_NAME_BONUS = 1000;
export const TYPO_NAME_BONUS = 500;

export type NameMatch = 'exact' | 'typo' | 'none';

/** Buckets per unit of ln(1 + downloads): downloads are told apart to 0.001%. */
const BUCKETS_PER_UNIT = 100_000;
/** Shift so a deprecated package with no downloads still has a bucket ≥ 0. */
const BUCKET_OFFSET = DEPRECATION_PENALTY * BUCKETS_PER_UNIT;
/** 22 bits of bucket over 22 bits of document id: rank keys stay exact doubles (< 2^53). */
const MAX_BUCKET = 2 ** 22 - 1;
/** Document ids live in the low 22 bits of a rank key (4 M documents). */
export const DOC_ID_LIMIT = 2 ** 22;

export const popularity = (downloads: number): number => Math.log1p(Math.max(0, downloads));

/** Popularity and deprecation as one integer: higher ranks earlier. */
export const rankBucket = (downloads: number, deprecated: boolean): number => {
  const bucket =
    BUCKET_OFFSET + Math.round(BUCKETS_PER_UNIT * popularity(downloads)) - (deprecated ? BUCKET_OFFSET : 0);
  return Math.min(MAX_BUCKET, Math.max(0, bucket));
};

/** The FTS rowid of a document: its bucket above its stable id, so rowid order is rank order. */
export const rankKey = (bucket: number, docId: number): number => {
  if (!Number.isInteger(docId) || docId < 1 || docId >= DOC_ID_LIMIT)
    throw new RangeError(`document id ${docId} out of range`);
  return bucket * DOC_ID_LIMIT + docId;
};

export const bucketOf = (key: number): number => Math.floor(key / DOC_ID_LIMIT);

/** The static part of the score (popularity minus the deprecation penalty), from a rank key. */
export const staticScore = (key: number): number =>
  (POPULARITY_WEIGHT * (bucketOf(key) - BUCKET_OFFSET)) / BUCKETS_PER_UNIT;

const NAME_BONUS: Record<NameMatch, number> = { exact: EXACT_NAME_BONUS, typo: TYPO_NAME_BONUS, none: 0 };

export const blendScore = (relevance: number, key: number, nameMatch: NameMatch = 'none'): number =>
  relevance + staticScore(key) + NAME_BONUS[nameMatch];

/** bm25() of FTS5 is "lower is better" and negative; relevance is its opposite. */
export const relevanceOf = (bm25: number): number => -bm25;
