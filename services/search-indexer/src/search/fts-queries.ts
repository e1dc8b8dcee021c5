import type { Database } from 'better-sqlite3';
import { BM25 } from '../read-model/search-schema.js';

/**
 * The prepared FTS5 statements every query is made of. Each takes a MATCH expression built by
 * match-expression.ts. Rowid order is rank order (domain/ranking.ts), so `top` stops after
 * `limit` rows however many documents match.
 */
export class FtsQueries {
  private readonly s;

  constructor(db: Database) {
    const from = 'FROM docs_fts WHERE docs_fts MATCH ?';
    this.s = {
      count: db.prepare<[string], number>(`SELECT count(*) ${from}`).pluck(),
      scoredAll: db.prepare<[string], [number, number]>(`SELECT rowid, ${BM25} ${from}`).raw(),
      scoredTop: db
        .prepare<[string, number], [number, number]>(`SELECT rowid, ${BM25} ${from} ORDER BY rowid DESC LIMIT ?`)
        .raw(),
      // The rowid is bound as a BigInt: FTS5 ignores a REAL bound to `rowid = ?`.
      scoredOne: db.prepare<[string, bigint], number>(`SELECT ${BM25} ${from} AND rowid = ?`).pluck(),
      keysTop: db.prepare<[string, number], number>(`SELECT rowid ${from} ORDER BY rowid DESC LIMIT ?`).pluck(),
      keysAll: db.prepare<[string], number>(`SELECT rowid ${from}`).pluck(),
      // Rowid bounds are bound as BigInt: FTS5 only turns an INTEGER bound into a rowid range.
      scoredRange: db
        .prepare<
          [string, bigint, bigint, number],
          [number, number]
        >(`SELECT rowid, ${BM25} ${from} AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?`)
        .raw(),
      countUpTo: db.prepare<[string, number], number>(`SELECT count(*) FROM (SELECT rowid ${from} LIMIT ?)`).pluck(),
    };
  }

  count(match: string): number {
    return this.s.count.get(match) ?? 0;
  }

  /** Every match with its relevance (−bm25). */
  scoredAll(match: string): [number, number][] {
    return this.s.scoredAll.all(match).map(([key, bm25]) => [key, -bm25]);
  }

  /** The `limit` highest-ranked matches with their relevance. */
  scoredTop(match: string, limit: number): [number, number][] {
    return this.s.scoredTop.all(match, limit).map(([key, bm25]) => [key, -bm25]);
  }

  /** The relevance of one document, undefined when it does not match. */
  scoredOne(match: string, key: number): number | undefined {
    const bm25 = this.s.scoredOne.get(match, BigInt(key));
    return bm25 === undefined ? undefined : -bm25;
  }

  /** Matches with rank keys between `low` and `high` (at most `limit` of them, highest first), with their relevance. */
  scoredRange(match: string, low: number, high: number, limit: number): [number, number][] {
    return this.s.scoredRange.all(match, BigInt(low), BigInt(high), limit).map(([key, bm25]) => [key, -bm25]);
  }

  keysTop(match: string, limit: number): number[] {
    return this.s.keysTop.all(match, limit);
  }

  keysAll(match: string): number[] {
    return this.s.keysAll.all(match);
  }

  /** count(), but stops counting at `cap`. */
  countUpTo(match: string, cap: number): number {
    return this.s.countUpTo.get(match, cap) ?? 0;
  }
}
