import type { Database } from 'better-sqlite3';
import type { DecodedEvent, EventOf } from '@market/contracts';
import { SqliteReadModel } from '@market/read-model';
import type { PublisherKey } from '../domain/publisher-key.js';
import type { Verdict } from '../domain/verdict.js';
import { verifyMigrations } from './verify-migrations.js';

interface KeyRow {
  key_id: string;
  public_key: string;
  namespaces: string;
  owner: string;
  revoked_from: string | null;
}

export interface JudgedSubmission {
  submissionId: string;
  verdict: 'verified' | 'rejected';
  reason: string | null;
}

/**
 * Verify's own state: the publisher keys it trusts and the submissions it has judged, each
 * change written with the event's global position in one transaction.
 */
export class VerifyReadModel {
  private readonly selectKey;
  private readonly insertKey;
  private readonly insertJudged;
  private readonly selectJudged;

  constructor(readonly rm: SqliteReadModel) {
    const db = rm.db;
    this.selectKey = db.prepare<[string], KeyRow>(
      'SELECT key_id, public_key, namespaces, owner, revoked_from FROM publisher_keys WHERE key_id = ?',
    );
    // A key id is registered once, ever: a later event for it changes nothing (first one wins).
    this.insertKey = db.prepare(
      `INSERT INTO publisher_keys (key_id, public_key, namespaces, owner, registered_at, position)
       VALUES (@keyId, @publicKey, @namespaces, @owner, @registeredAt, @position)
       ON CONFLICT (key_id) DO NOTHING`,
    );
    this.insertJudged = db.prepare(
      `INSERT INTO judged_submissions (submission_id, submitted_event_id, name, version, verdict, reason, position)
       VALUES (@submissionId, @eventId, @name, @version, @verdict, @reason, @position)
       ON CONFLICT (submission_id) DO NOTHING`,
    );
    this.selectJudged = db.prepare<
      [string],
      { submission_id: string; verdict: 'verified' | 'rejected'; reason: string | null }
    >('SELECT submission_id, verdict, reason FROM judged_submissions WHERE submission_id = ?');
  }

  static open(path: string): VerifyReadModel {
    return new VerifyReadModel(SqliteReadModel.open({ path, name: 'verify', migrations: verifyMigrations }));
  }

  get db(): Database {
    return this.rm.db;
  }

  lastPosition(): bigint {
    return this.rm.lastPosition();
  }

  key(keyId: string): PublisherKey | null {
    const row = this.selectKey.get(keyId);
    if (row === undefined) return null;
    return {
      keyId: row.key_id,
      publicKey: row.public_key,
      namespaces: JSON.parse(row.namespaces) as string[],
      owner: row.owner,
      revokedFrom: row.revoked_from,
    };
  }

  judged(submissionId: string): JudgedSubmission | null {
    const row = this.selectJudged.get(submissionId);
    return row === undefined ? null : { submissionId: row.submission_id, verdict: row.verdict, reason: row.reason };
  }

  applyKeyRegistered(event: EventOf<'PublisherKeyRegistered'> & DecodedEvent): boolean {
    return this.rm.apply(event.position, () => {
      const { keyId, publicKey, namespaces, owner } = event.data;
      this.insertKey.run({
        keyId,
        publicKey,
        namespaces: JSON.stringify(namespaces),
        owner,
        registeredAt: event.occurredAt,
        position: event.position,
      });
    });
  }

  /** Records the verdict for the submitted event at `submitted.position` (whoever appended it). */
  applyJudged(submitted: DecodedEvent, verdict: Verdict): boolean {
    return this.rm.apply(submitted.position, () => {
      this.insertJudged.run({
        submissionId: verdict.data.submissionId,
        eventId: submitted.eventId,
        name: verdict.data.name,
        version: verdict.data.version,
        verdict: verdict.type === 'PackageVersionVerified' ? 'verified' : 'rejected',
        reason: verdict.type === 'PackageVersionRejected' ? verdict.data.reason : null,
        position: submitted.position,
      });
    });
  }

  drop(): void {
    this.rm.drop();
  }

  close(): void {
    this.rm.close();
  }
}
