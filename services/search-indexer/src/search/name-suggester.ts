import type { Database } from 'better-sqlite3';
import { parseQuery } from '../query/parse-query.js';
import { flushIndex } from '../read-model/document-store.js';
import { tokenize } from '../query/tokenize.js';
import { DocumentLookup } from './document-lookup.js';
import { FtsQueries } from './fts-queries.js';
import { quoteTerm } from './match-expression.js';
import type { Suggestion } from './search-types.js';

/**
 * Name completions for a search box: packages whose name starts with what was typed (`^` anchors
 * the phrase at the start of the name column, the last word is a prefix), most downloaded first,
 * an exact name before all. `ns/na` completes within namespaces starting with `ns`.
 */
export class NameSuggester {
  private readonly fts: FtsQueries;
  private readonly docs: DocumentLookup;

  constructor(private readonly db: Database) {
    this.fts = new FtsQueries(db);
    this.docs = new DocumentLookup(db);
  }

  suggest(q: string, limit: number): Suggestion[] {
    flushIndex(this.db);
    const slash = q.indexOf('/');
    const namespaceTerms = slash < 0 ? [] : tokenize(q.slice(0, slash)).slice(0, 8);
    const nameTerms = tokenize(slash < 0 ? q : q.slice(slash + 1)).slice(0, 8);
    // A 1-character prefix would expand to every term with that letter: search the finished
    // words, then keep the names that go on with that character.
    const dangling =
      nameTerms.length > 1 && nameTerms[nameTerms.length - 1]!.length === 1 ? nameTerms.pop() : undefined;
    const parts = [
      anchoredPhrase('{namespace}', namespaceTerms, nameTerms.length === 0),
      anchoredPhrase('{name}', nameTerms, dangling === undefined),
    ].filter((p): p is string => p !== undefined);
    if (parts.length === 0) return [];
    const exact = [...this.docs.exactKeys(parseQuery(q).name)].sort((a, b) => b - a);
    const popular = this.fts.keysTop(parts.join(' AND '), dangling ? limit * 20 : limit);
    const keys = [...new Set([...exact, ...popular])];
    // Names hold only [a-z0-9._-], so the typed words joined by `-` are a prefix of the normalized name.
    const typed = `${nameTerms.join('-')}-${dangling ?? ''}`;
    return this.docs
      .byKeys(keys)
      .filter(({ doc }) => !dangling || doc.bare.startsWith(typed))
      .slice(0, limit)
      .map(({ doc }) => ({
        name: doc.name,
        version: doc.version,
        description: doc.description,
        downloads: doc.downloads,
        deprecated: doc.deprecated,
      }));
  }
}

/** `{col}: ^ "a b c"*`: the column starts with these words, the last one possibly unfinished (2+ chars). */
const anchoredPhrase = (column: string, terms: string[], prefixLast: boolean): string | undefined => {
  if (terms.length === 0) return undefined;
  const star = prefixLast && terms[terms.length - 1]!.length >= 2 ? '*' : '';
  return `${column}: ^ ${quoteTerm(terms.join(' '))}${star}`;
};
