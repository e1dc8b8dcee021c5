import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { type EventStore, isWrongExpectedRevision, openEventStore } from '@market/event-store';
import { commonConfigShape, loadConfig } from '@market/config';
import { eventsForRow } from './corpus-events.js';
import { parseCorpusLine } from './corpus-row.js';

export interface ImportTsvOptions {
  store: EventStore;
  /** The corpus TSV (`name  version  downloads_a_month  description`, with a header line). */
  path: string;
  /** Import only the first N data rows. */
  limit?: number;
  /** Appends in flight at once (one per package stream). Default 200. */
  batchSize?: number;
  /** occurredAt of the events and windowEnd of the downloads. Default: now. */
  now?: Date;
  onProgress?: (report: ImportReport) => void;
}

export interface ImportReport {
  /** Data rows read. */
  rows: number;
  /** Packages appended (one stream each). */
  imported: number;
  /** Rows whose package stream already existed: imported before, or a look-alike of an earlier row's name. */
  existing: number;
  /** Rows that do not make a valid package. */
  invalid: number;
  /** Store position after the last append (0n if nothing was appended): wait for it to be projected. */
  lastPosition: bigint;
}

/**
 * Bulk path for the real corpus: appends, per row, the events the pipeline produces for a
 * published pack (see corpus-events.ts), so every read model builds itself through its normal
 * projection. Each package is one atomic append with expected revision `no_stream`, which makes
 * a re-run harmless and keeps the first (most downloaded) of two rows whose names normalize alike.
 */
export const importTsv = async (options: ImportTsvOptions): Promise<ImportReport> => {
  const { store, path, limit = Number.POSITIVE_INFINITY, batchSize = 200 } = options;
  const now = options.now ?? new Date();
  const report: ImportReport = { rows: 0, imported: 0, existing: 0, invalid: 0, lastPosition: 0n };
  let batch: Promise<void>[] = [];
  const flush = async () => {
    await Promise.all(batch);
    batch = [];
    options.onProgress?.({ ...report });
  };
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (report.rows >= limit) break;
    const row = parseCorpusLine(line);
    if (!row) continue;
    report.rows++;
    const planned = eventsForRow(row, now);
    if (!planned) {
      report.invalid++;
      continue;
    }
    batch.push(
      store.append(planned.stream, planned.events, { expectedRevision: 'no_stream' }).then(
        (result) => {
          report.imported++;
          if (result.position > report.lastPosition) report.lastPosition = result.position;
        },
        (error: unknown) => {
          if (!isWrongExpectedRevision(error)) throw error;
          report.existing++;
        },
      ),
    );
    if (batch.length >= batchSize) await flush();
  }
  lines.close();
  await flush();
  return report;
};

/** `tsx services/search-indexer/src/bulk/import-tsv.ts <file.tsv> [--limit N]`, into MARKET_EVENT_STORE_URL. */
const main = async () => {
  let path: string | undefined;
  let limit: number | undefined;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--limit') limit = Number(args[++i]);
    else path ??= args[i];
  }
  if (!path || (limit !== undefined && !(Number.isInteger(limit) && limit > 0))) {
    process.stderr.write('usage: import-tsv <packages.tsv> [--limit N]   (appends to MARKET_EVENT_STORE_URL)\n');
    process.exit(2);
  }
  const config = loadConfig(commonConfigShape);
  const store = await openEventStore(config.MARKET_EVENT_STORE_URL);
  const started = Date.now();
  const report = await importTsv({
    store,
    path,
    ...(limit === undefined ? {} : { limit }),
    onProgress: (r) => {
      if (r.rows % 10_000 < 200) process.stderr.write(`imported ${r.imported} / ${r.rows} rows\n`);
    },
  });
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ ...report, lastPosition: String(report.lastPosition), seconds: (Date.now() - started) / 1000 })}\n`,
  );
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
