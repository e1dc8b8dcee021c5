/** One row of the corpus TSV: `name  version  downloads_a_month  description` (npm names). */
export interface CorpusRow {
  npmName: string;
  version: string;
  monthlyDownloads: number;
  description: string;
}

export const CORPUS_HEADER = ['name', 'version', 'downloads_a_month', 'description'] as const;

/** Undefined for a line that is not a data row (header, blank, wrong column count, bad number). */
export const parseCorpusLine = (line: string): CorpusRow | undefined => {
  const cols = line.replace(/\r$/, '').split('\t');
  if (cols.length !== 4 || cols[0] === CORPUS_HEADER[0]) return undefined;
  const [npmName, version, downloads, description] = cols as [string, string, string, string];
  const monthlyDownloads = Number(downloads);
  if (!npmName || !version || !Number.isSafeInteger(monthlyDownloads) || monthlyDownloads < 0) return undefined;
  return { npmName, version, monthlyDownloads, description };
};

/** npm names into marketplace names: `@scope/x` → `scope/x`, unscoped `x` → `npm/x`. */
export const marketNameOf = (npmName: string): string =>
  npmName.startsWith('@') ? npmName.slice(1) : `npm/${npmName}`;
