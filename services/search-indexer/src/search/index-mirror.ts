import type { Database } from 'better-sqlite3';
import { isFacetToken } from '../domain/facets.js';
import { facetValues, ftsColumns, type SearchDocument } from '../domain/search-document.js';
import { tokenize } from '../query/tokenize.js';
import { type DocumentRow, documentOfRow } from '../read-model/document-store.js';
import { NameFilter } from '../typo/name-filter.js';
import { Vocabulary } from '../typo/vocabulary.js';
import { FacetCounter } from './facet-counter.js';

/** Behind by more changes than this, a full reload is cheaper than replaying them one by one. */
const RELOAD_AFTER = 20_000;

/**
 * The query side's in-memory view of the read model: facet ids per document, the vocabulary and
 * a filter of the normalized bare names (for whole-name typos).
 * The projection writes SQLite only; before each query `refresh()` reads what doc_changes added
 * since last time (one indexed lookup when nothing changed), so this view never needs a callback
 * from the projection and stays correct across rebuilds and rolled-back transactions.
 */
export class IndexMirror {
  readonly facets = new FacetCounter();
  vocabulary = new Vocabulary();
  /** Normalized bare names of indexed packages (a Bloom filter); like the vocabulary, only ever grows. */
  names = new NameFilter(0);
  private lastChange = 0;
  private readonly s;

  constructor(private readonly db: Database) {
    this.s = {
      maxChange: db.prepare<[], number | null>('SELECT max(id) FROM doc_changes').pluck(),
      changesAfter: db.prepare<[number, number], { id: number; rank_key: number; present: number }>(
        'SELECT id, rank_key, present FROM doc_changes WHERE id > ? ORDER BY id LIMIT ?',
      ),
      docByKey: db.prepare<[number], DocumentRow>('SELECT * FROM docs WHERE rank_key = ?'),
      allDocs: db.prepare<[], DocumentRow>('SELECT * FROM docs'),
      docCount: db.prepare<[], number>('SELECT count(*) FROM docs').pluck(),
      allBare: db.prepare<[], string>('SELECT bare FROM docs').pluck(),
      vocabulary: db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM docs_vocab'),
    };
    this.reload();
  }

  refresh(): void {
    const max = this.s.maxChange.get() ?? 0;
    if (max === this.lastChange) return;
    if (max < this.lastChange || max - this.lastChange > RELOAD_AFTER) return this.reload();
    const changes = this.s.changesAfter.all(this.lastChange, RELOAD_AFTER);
    // A gap means the feed was pruned past us.
    if (changes[0] && changes[0].id !== this.lastChange + 1) return this.reload();
    for (const change of changes) {
      if (change.present === 0) this.facets.delete(change.rank_key);
      else {
        const row = this.s.docByKey.get(change.rank_key);
        // Gone again later in the feed: its removal follows.
        if (row) this.addDocument(row.rank_key, documentOfRow(row), true);
      }
      this.lastChange = change.id;
    }
    if (this.names.full) this.names = this.nameFilter();
  }

  /** An empty name filter sized for twice the documents: new packages fit for a while. */
  private emptyNameFilter(): NameFilter {
    return new NameFilter(Math.max(1_024, 2 * this.s.docCount.get()!));
  }

  /** Outgrown: a larger filter with every bare name. */
  private nameFilter(): NameFilter {
    const names = this.emptyNameFilter();
    for (const bare of this.s.allBare.iterate()) names.add(bare);
    return names;
  }

  private reload(): void {
    this.lastChange = this.s.maxChange.get() ?? 0;
    this.facets.clear();
    this.vocabulary = new Vocabulary();
    // Filled by addDocument from the same scan as the facets.
    this.names = this.emptyNameFilter();
    for (const row of this.s.allDocs.iterate()) this.addDocument(row.rank_key, documentOfRow(row), false);
    for (const { term, doc } of this.s.vocabulary.iterate()) if (!isFacetToken(term)) this.vocabulary.add(term, doc);
  }

  private addDocument(key: number, doc: SearchDocument, withTerms: boolean): void {
    this.facets.set(key, facetValues(doc));
    this.names.add(doc.bare);
    if (!withTerms) return;
    const { tags: _tags, ...text } = ftsColumns(doc);
    for (const term of new Set(tokenize(Object.values(text).join(' ')))) this.vocabulary.add(term);
  }
}
