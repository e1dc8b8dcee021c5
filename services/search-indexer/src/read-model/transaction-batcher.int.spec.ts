import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteReadModel } from '@market/read-model';
import { tempDir, waitUntil } from '@market/testing';
import { TransactionBatcher } from './transaction-batcher.js';

const dir = tempDir('batcher');
afterAll(() => dir.remove());

const open = (file: string) =>
  SqliteReadModel.open({
    path: join(dir.path, file),
    name: 'batched',
    migrations: ['CREATE TABLE seen (position INTEGER PRIMARY KEY) STRICT'],
  });
const record = (rm: SqliteReadModel, batcher: TransactionBatcher, position: bigint, fail = false) =>
  batcher.run(() =>
    rm.apply(position, (db) => {
      db.prepare('INSERT INTO seen (position) VALUES (?)').run(position);
      if (fail) throw new Error('boom');
    }),
  );
const seen = (rm: SqliteReadModel) => rm.db.prepare('SELECT position FROM seen ORDER BY position').pluck().all();

describe('TransactionBatcher (real SQLite file)', () => {
  it('loses an uncommitted burst whole, checkpoint included, as a crash would', () => {
    const rm = open('crash.sqlite');
    const batcher = new TransactionBatcher(rm.db, { maxDelayMs: 60_000 });
    record(rm, batcher, 1n);
    batcher.commit();
    record(rm, batcher, 2n);
    record(rm, batcher, 3n);
    expect(rm.lastPosition()).toBe(3n);
    rm.close(); // open transaction: rolled back, like a killed process
    const reopened = open('crash.sqlite');
    expect(reopened.lastPosition()).toBe(1n);
    expect(seen(reopened)).toEqual([1]);
    reopened.close();
  });

  it('rolls back only the failing event, applies an event once, commits by size', () => {
    const rm = open('fail.sqlite');
    const batcher = new TransactionBatcher(rm.db, { maxEvents: 3, maxDelayMs: 60_000 });
    record(rm, batcher, 1n);
    expect(() => record(rm, batcher, 2n, true)).toThrow('boom');
    expect(record(rm, batcher, 2n)).toBe(true);
    expect(rm.db.inTransaction).toBe(false); // the third call reached maxEvents: committed
    expect(record(rm, batcher, 2n)).toBe(false);
    batcher.commit();
    rm.close();
    const reopened = open('fail.sqlite');
    expect([reopened.lastPosition(), seen(reopened)]).toEqual([2n, [1, 2]]);
    reopened.close();
  });

  it('commits on its own shortly after a burst', async () => {
    const rm = open('timer.sqlite');
    const batcher = new TransactionBatcher(rm.db, { maxDelayMs: 5 });
    record(rm, batcher, 1n);
    expect(rm.db.inTransaction).toBe(true);
    await waitUntil(() => !rm.db.inTransaction, { timeoutMs: 5_000, message: 'the burst to be committed' });
    rm.close();
  });

  it('runs afterCommit once the burst is committed, not for an empty commit', () => {
    const rm = open('after.sqlite');
    const committed: boolean[] = [];
    const batcher = new TransactionBatcher(rm.db, {
      maxDelayMs: 60_000,
      afterCommit: () => committed.push(rm.db.inTransaction),
    });
    record(rm, batcher, 1n);
    record(rm, batcher, 2n);
    expect(committed).toEqual([]);
    batcher.commit();
    expect(committed).toEqual([false]);
    batcher.commit();
    expect(committed).toEqual([false]);
    rm.close();
  });
});
