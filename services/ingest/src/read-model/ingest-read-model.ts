import type { Database } from 'better-sqlite3';
import { eventTypeGuard, type DecodedEventOf, type EventType } from '@market/contracts';
import { normalizeNamespace } from '../domain/namespace.js';

export type SubmissionStatus = 'pending' | 'published' | 'rejected';

export interface SubmissionRow {
  id: string;
  name: string;
  version: string;
  status: SubmissionStatus;
  reason: string | null;
  detail: string | null;
  sha256: string;
  created_at: string;
  /** When it was published or rejected (the event's occurredAt); null while pending. */
  settled_at: string | null;
}

/**
 * Every event type ingest's projection applies (its consumer steps over the others unread).
 * PackageVersionVerified is not one: a submission stays pending until it is stored.
 */
export const ingestEventTypes = [
  'PackageVersionSubmitted',
  'PackageVersionRejected',
  'PackageVersionStored',
  'PublisherKeyRegistered',
] as const satisfies readonly EventType[];
export type IngestEvent = DecodedEventOf<(typeof ingestEventTypes)[number]>;
export const isIngestEvent = eventTypeGuard(ingestEventTypes);

/**
 * Prepared statements over ingest's read-model file. `apply` is the projection (run inside
 * SqliteReadModel.apply, in the checkpoint's transaction); the `record*` writes let a request see
 * its own effect at once, and are idempotent so the projection applying the same event later is a no-op.
 */
export class IngestReadModel {
  private readonly insertSubmission;
  private readonly markRejected;
  private readonly markPublished;
  private readonly selectSubmission;
  private readonly insertNamespaceKey;
  private readonly selectClaimed;

  constructor(readonly db: Database) {
    this.insertSubmission = db.prepare(
      `INSERT INTO submissions (id, name, version, status, sha256, created_at)
       VALUES (@id, @name, @version, 'pending', @sha256, @createdAt) ON CONFLICT (id) DO NOTHING`,
    );
    // A verdict never overrides publication: Stored is final.
    this.markRejected = db.prepare(
      `UPDATE submissions SET status = 'rejected', reason = @reason, detail = @detail, settled_at = @at
       WHERE id = @id AND status <> 'published'`,
    );
    this.markPublished = db.prepare(
      `UPDATE submissions SET status = 'published', reason = NULL, detail = NULL, settled_at = @at WHERE id = @id`,
    );
    this.selectSubmission = db.prepare<[string], SubmissionRow>('SELECT * FROM submissions WHERE id = ?');
    this.insertNamespaceKey = db.prepare(
      'INSERT INTO namespace_keys (namespace, key_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectClaimed = db.prepare<[string], { one: number }>(
      'SELECT 1 AS one FROM namespace_keys WHERE namespace = ? LIMIT 1',
    );
  }

  /** The projection: synchronous, idempotent per event. */
  apply(event: IngestEvent): void {
    switch (event.type) {
      case 'PackageVersionSubmitted':
        this.recordSubmission({ ...event.data, createdAt: event.occurredAt });
        return;
      case 'PackageVersionRejected':
        this.markRejected.run({
          id: event.data.submissionId,
          reason: event.data.reason,
          detail: event.data.detail,
          at: event.occurredAt,
        });
        return;
      case 'PackageVersionStored':
        this.markPublished.run({ id: event.data.submissionId, at: event.occurredAt });
        return;
      case 'PublisherKeyRegistered':
        this.recordKey(event.data.keyId, event.data.namespaces);
        return;
    }
  }

  recordSubmission(s: {
    submissionId: string;
    name: string;
    version: string;
    sha256: string;
    createdAt: string;
  }): void {
    this.insertSubmission.run({
      id: s.submissionId,
      name: s.name,
      version: s.version,
      sha256: s.sha256,
      createdAt: s.createdAt,
    });
  }

  recordKey(keyId: string, namespaces: readonly string[]): void {
    this.db.transaction(() => {
      for (const ns of namespaces) this.insertNamespaceKey.run(normalizeNamespace(ns), keyId);
    })();
  }

  submission(id: string): SubmissionRow | undefined {
    return this.selectSubmission.get(id);
  }

  /** Normalised names of those among `namespaces` that some key already claims. */
  claimedNamespaces(namespaces: readonly string[]): Set<string> {
    const claimed = new Set<string>();
    for (const ns of namespaces.map(normalizeNamespace)) if (this.selectClaimed.get(ns)) claimed.add(ns);
    return claimed;
  }
}
