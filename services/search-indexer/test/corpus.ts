import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizePackageName } from '@market/contracts';
import { manifestOf } from '../src/bulk/corpus-manifest.js';
import { type CorpusRow, marketNameOf, parseCorpusLine } from '../src/bulk/corpus-row.js';

/** The real corpus (not in the repo): MARKET_CORPUS_TSV, else ../shared/datasets next to the repo. */
export const CORPUS_TSV =
  process.env.MARKET_CORPUS_TSV ?? resolve(import.meta.dirname, '../../../../shared/datasets/packages-100k.tsv');
export const corpusAvailable = existsSync(CORPUS_TSV);

export interface ImportedPackage extends CorpusRow {
  name: string;
  categories: string[];
  keywords: string[];
}

/** The packages the first `limit` rows become: the first row of each normalized name wins, as in the import. */
export const importedPackages = (limit: number): ImportedPackage[] => {
  const seen = new Set<string>();
  const out: ImportedPackage[] = [];
  let rows = 0;
  for (const line of readFileSync(CORPUS_TSV, 'utf8').split('\n')) {
    const row = parseCorpusLine(line);
    if (!row) continue;
    if (rows++ >= limit) break;
    const name = marketNameOf(row.npmName);
    if (seen.has(normalizePackageName(name))) continue;
    seen.add(normalizePackageName(name));
    const { categories, keywords } = manifestOf(row);
    out.push({ ...row, name, categories, keywords });
  }
  return out;
};
