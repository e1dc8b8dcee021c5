import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/**
 * A canonical dump of a read model file: every ordinary table (FTS shadow tables excluded, since
 * their segment layout legitimately differs after a rebuild), rows sorted. Two dumps are equal
 * exactly when the read models hold the same state.
 */
export const dumpReadModelFile = (path: string): Record<string, unknown[]> => {
  if (!existsSync(path)) throw new Error(`no read model at ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const objects = db
      .prepare(`SELECT name, type, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all() as {
      name: string;
      sql: string | null;
    }[];
    const virtual = objects.filter((o) => /CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name);
    const dump: Record<string, unknown[]> = {};
    for (const { name } of objects) {
      if (name.startsWith('sqlite_') || virtual.some((v) => name.startsWith(`${v}_`))) continue;
      const rows = db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .raw()
        .all() as unknown[][];
      dump[name] = rows
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
        .sort();
    }
    for (const name of virtual) {
      // Virtual (FTS) tables: compare their logical content, not their storage.
      const rows = db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .raw()
        .all() as unknown[][];
      dump[`${name} (content)`] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return dump;
  } finally {
    db.close();
  }
};
