import type { Database } from 'better-sqlite3';
import { type DocumentRow, documentOfRow } from '../read-model/document-store.js';
import type { SearchDocument } from '../domain/search-document.js';

/** Reads documents of the search read model by rank key or by name. */
export class DocumentLookup {
  private readonly s;

  constructor(db: Database) {
    this.s = {
      byKeys: db.prepare<[string], DocumentRow>(
        'SELECT * FROM docs WHERE rank_key IN (SELECT value FROM json_each(?))',
      ),
      keyOfPkg: db.prepare<[string], number>('SELECT rank_key FROM docs WHERE pkg = ?').pluck(),
      keysOfBare: db.prepare<[string], number>('SELECT rank_key FROM docs WHERE bare = ? LIMIT 100').pluck(),
      hasBare: db.prepare<[string], number>('SELECT 1 FROM docs WHERE bare = ? LIMIT 1').pluck(),
      // Range scans of the UNIQUE pkg index and of docs_by_bare: names are ASCII, so every name
      // starting with `p` sorts in [p, p + U+FFFF).
      pkgWithPrefix: db
        .prepare<[string, string], number>('SELECT 1 FROM docs WHERE pkg >= ? AND pkg < ? LIMIT 1')
        .pluck(),
      bareWithPrefix: db
        .prepare<[string, string], number>('SELECT 1 FROM docs WHERE bare >= ? AND bare < ? LIMIT 1')
        .pluck(),
      browse: db
        .prepare<[number, number], number>('SELECT rank_key FROM docs ORDER BY rank_key DESC LIMIT ? OFFSET ?')
        .pluck(),
    };
  }

  /** The documents of `keys`, in that order (keys no longer indexed are left out). */
  byKeys(keys: readonly number[]): { key: number; doc: SearchDocument }[] {
    if (keys.length === 0) return [];
    const rows = new Map(this.s.byKeys.all(JSON.stringify(keys)).map((r) => [r.rank_key, r]));
    return keys.flatMap((key) => {
      const row = rows.get(key);
      return row ? [{ key, doc: documentOfRow(row) }] : [];
    });
  }

  /** Rank keys of the packages the query names exactly: `ns/name`, or every package with that bare name. */
  exactKeys(name: { full?: string; bare?: string }): Set<number> {
    if (name.full) {
      const key = this.s.keyOfPkg.get(name.full);
      return new Set(key === undefined ? [] : [key]);
    }
    return new Set(name.bare ? this.s.keysOfBare.all(name.bare) : []);
  }

  /** Whether some package has this normalized bare name (in any namespace). */
  hasBareName(bare: string): boolean {
    return this.s.hasBare.get(bare) !== undefined;
  }

  /** Whether some package's name (`ns/name`, or the bare name) starts with this normalized text. */
  startsSomeName(name: { full?: string; bare?: string }): boolean {
    if (name.full) return this.s.pkgWithPrefix.get(name.full, `${name.full}\uffff`) !== undefined;
    if (name.bare) return this.s.bareWithPrefix.get(name.bare, `${name.bare}\uffff`) !== undefined;
    return false;
  }

  /** All documents by rank, most popular first. */
  browse(limit: number, offset: number): number[] {
    return this.s.browse.all(limit, offset);
  }
}
