import type { Database } from 'better-sqlite3';
import { registryTables } from './registry-schema.js';

/**
 * The whole read model as canonical JSON: tables in a fixed order, rows ordered by their key,
 * columns sorted by name. Two read models hold the same state exactly when their dumps are equal
 * (used to prove that a rebuild from history, or a restart, changes nothing).
 */
export const dumpReadModel = (db: Database): string => {
  const dump: Record<string, unknown[]> = {};
  for (const [table, keys] of Object.entries(registryTables)) {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY ${keys.join(', ')}`).all() as Record<string, unknown>[];
    dump[table] = rows.map(sortKeys);
  }
  return JSON.stringify(dump);
};

const sortKeys = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  );
