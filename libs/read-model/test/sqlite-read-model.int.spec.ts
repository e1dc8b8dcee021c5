import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteReadModel, ReadModelError } from '../src/index.js';
import { tempDir, type TempDir } from '@market/testing';

const migrations = [
  'CREATE TABLE totals (pkg TEXT PRIMARY KEY, downloads INTEGER NOT NULL)',
  'CREATE INDEX totals_by_downloads ON totals (downloads)',
  `CREATE VIRTUAL TABLE pkg_search USING fts5 (pkg);
   CREATE TRIGGER totals_to_search AFTER INSERT ON totals BEGIN INSERT INTO pkg_search (pkg) VALUES (new.pkg); END;`,
];

const count = (pkg: string, n: number) => (db: Database.Database) => {
  db.prepare(
    'INSERT INTO totals (pkg, downloads) VALUES (?, ?) ON CONFLICT (pkg) DO UPDATE SET downloads = downloads + excluded.downloads',
  ).run(pkg, n);
};

describe('SqliteReadModel (real SQLite file)', () => {
  let dir: TempDir;
  const open: SqliteReadModel[] = [];
  const openRm = (name = 'totals', m = migrations, file = 'rm.sqlite') => {
    const rm = SqliteReadModel.open({ path: `${dir.path}/${file}`, name, migrations: m });
    open.push(rm);
    return rm;
  };

  afterEach(() => {
    open.splice(0).forEach((rm) => rm.close());
    dir?.remove();
  });

  const setup = () => (dir = tempDir('read-model'));

  it('applies a change and its checkpoint together, and refuses a position already applied', () => {
    setup();
    const rm = openRm();
    expect(rm.lastPosition()).toBe(0n);
    expect(rm.apply(3n, count('a', 2))).toBe(true);
    expect(rm.apply(3n, count('a', 2))).toBe(false);
    expect(rm.apply(2n, count('a', 2))).toBe(false);
    expect(rm.apply(7n, count('a', 5))).toBe(true);
    expect(rm.lastPosition()).toBe(7n);
    expect(rm.db.prepare('SELECT downloads FROM totals WHERE pkg = ?').pluck().get('a')).toBe(7);
    expect(rm.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('rolls back the change and keeps the checkpoint when the change throws', () => {
    setup();
    const rm = openRm();
    rm.apply(1n, count('a', 1));
    expect(() =>
      rm.apply(2n, (db) => {
        count('a', 100)(db);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(rm.lastPosition()).toBe(1n);
    expect(rm.db.prepare('SELECT downloads FROM totals').pluck().get()).toBe(1);
  });

  it('rejects async changes and bad positions instead of half-applying them', () => {
    setup();
    const rm = openRm();
    expect(() => rm.apply(1n, (async () => undefined) as never)).toThrow(ReadModelError);
    expect(rm.lastPosition()).toBe(0n);
    expect(() => rm.apply(0n, () => undefined)).toThrow(/positive bigint/);
    expect(() => rm.apply(5 as unknown as bigint, () => undefined)).toThrow(/positive bigint/);
  });

  it('applyBatch runs several changes and moves the checkpoint once, skipping positions already applied', () => {
    setup();
    const rm = openRm();
    expect(rm.apply(2n, count('a', 1))).toBe(true);
    const ran = rm.applyBatch([
      { position: 1n, change: count('a', 100) },
      { position: 2n, change: count('a', 100) },
      { position: 4n, change: count('a', 2) },
      { position: 9n, change: count('b', 3) },
    ]);
    expect(ran).toBe(2);
    expect(rm.lastPosition()).toBe(9n);
    expect(rm.db.prepare('SELECT pkg, downloads FROM totals ORDER BY pkg').all()).toEqual([
      { pkg: 'a', downloads: 3 },
      { pkg: 'b', downloads: 3 },
    ]);
    expect(rm.applyBatch([{ position: 9n, change: count('b', 100) }])).toBe(0);
    expect(rm.lastPosition()).toBe(9n);
  });

  it('applyBatch is all or nothing: a change that throws rolls back the whole batch and its checkpoint', () => {
    setup();
    const rm = openRm();
    const boom = () => {
      throw new Error('boom');
    };
    expect(() =>
      rm.applyBatch([
        { position: 1n, change: count('a', 1) },
        { position: 2n, change: boom },
      ]),
    ).toThrow('boom');
    expect(rm.lastPosition()).toBe(0n);
    expect(rm.db.prepare('SELECT count(*) AS n FROM totals').get()).toEqual({ n: 0 });
    expect(() =>
      rm.applyBatch([
        { position: 3n, change: count('a', 1) },
        { position: 3n, change: count('a', 1) },
      ]),
    ).toThrow(ReadModelError);
  });

  it('keeps state and checkpoint across reopen, running migrations only once', () => {
    setup();
    const rm = openRm();
    rm.apply(9n, count('a', 4));
    rm.close();
    const again = openRm();
    expect(again.lastPosition()).toBe(9n);
    expect(again.db.prepare('SELECT downloads FROM totals').pluck().get()).toBe(4);
  });

  it('drop() removes exactly what the migrations made (FTS5, trigger, index) and the checkpoint, then re-creates it empty', () => {
    setup();
    const rm = openRm();
    const neighbour = openRm('neighbour', ['CREATE TABLE neighbour_rows (x INTEGER)']);
    neighbour.apply(4n, (db) => void db.prepare('INSERT INTO neighbour_rows VALUES (1)').run());
    rm.apply(5n, count('a', 3));
    const schemaBefore = rm.db
      .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE '_rm_%' ORDER BY name")
      .all();
    rm.drop();
    expect(rm.lastPosition()).toBe(0n);
    expect(rm.db.prepare('SELECT count(*) FROM totals').pluck().get()).toBe(0);
    expect(rm.db.prepare('SELECT count(*) FROM pkg_search').pluck().get()).toBe(0);
    expect(
      rm.db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE '_rm_%' ORDER BY name").all(),
    ).toEqual(schemaBefore);
    // The neighbour read model in the same file is untouched.
    expect(neighbour.lastPosition()).toBe(4n);
    expect(neighbour.db.prepare('SELECT count(*) FROM neighbour_rows').pluck().get()).toBe(1);
    // The trigger works again after the rebuild.
    rm.apply(1n, count('b', 1));
    expect(rm.db.prepare("SELECT pkg FROM pkg_search WHERE pkg_search MATCH 'b'").pluck().all()).toEqual(['b']);
  });

  it('an edited migration makes the read model start over (it is rebuilt from history)', () => {
    setup();
    const rm = openRm();
    rm.apply(5n, count('a', 3));
    rm.close();
    const edited = [...migrations.slice(0, 2), 'CREATE TABLE other (x INTEGER)'];
    const again = openRm('totals', edited);
    expect(again.lastPosition()).toBe(0n);
    expect(again.db.prepare('SELECT count(*) FROM totals').pluck().get()).toBe(0);
    expect(again.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'pkg_search'").pluck().get()).toBe(0);
    // Appending a migration is not an edit: state is kept.
    again.apply(2n, count('a', 1));
    again.close();
    const extended = openRm('totals', [...edited, 'CREATE INDEX other_x ON other (x)']);
    expect(extended.lastPosition()).toBe(2n);
  });

  it('a failing migration leaves nothing half-made and says which one', () => {
    setup();
    expect(() => openRm('bad', ['CREATE TABLE ok (x INTEGER)', 'CREATE TABLE broken ('])).toThrow(
      /migration #1 failed/,
    );
    const db = new Database(`${dir.path}/rm.sqlite`);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok'").pluck().get()).toBe(0);
    db.close();
  });
});
