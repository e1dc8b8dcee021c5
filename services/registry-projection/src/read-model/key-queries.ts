import type { Database } from 'better-sqlite3';
import { type Stmt, statementCache } from './package-rows.js';

export interface KeyView {
  keyId: string;
  publicKey: string;
  namespaces: string[];
  owner: string;
  registeredAt: string;
}

interface KeyRow {
  key_id: string;
  public_key: string;
  namespaces: string;
  owner: string;
  registered_at: string;
}

const statements = statementCache((db: Database) => ({
  key: db.prepare('SELECT * FROM keys WHERE key_id = ?') as Stmt<[string], KeyRow>,
}));

export const findKey = (db: Database, keyId: string): KeyView | null => {
  const row = statements(db).key.get(keyId);
  return row
    ? {
        keyId: row.key_id,
        publicKey: row.public_key,
        namespaces: JSON.parse(row.namespaces) as string[],
        owner: row.owner,
        registeredAt: row.registered_at,
      }
    : null;
};
