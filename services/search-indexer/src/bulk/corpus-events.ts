import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  type DomainEvent,
  type EventData,
  newEvent,
  packageNameSchema,
  semverSchema,
  streams,
} from '@market/contracts';
import { manifestOf } from './corpus-manifest.js';
import { type CorpusRow, marketNameOf } from './corpus-row.js';

/** Namespace of the bulk import's v5 submission ids (a fixed random UUID). */
const SUBMISSION_NAMESPACE = '3f0d8f2e-7c1a-4b7e-9a55-2c8e61b0d4a9';
export const BULK_ACTOR = 'bulk-import';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The events the pipeline would have appended for a published pack of this row, on the package's
 * stream: Submitted, Verified (with the manifest built from the row), Stored, and DownloadsCounted
 * (the month's downloads, window ending at `now`). Digests, key id and signature are synthetic
 * but well-formed and derived from `name@version`, so the same row always gives the same data:
 *   sha256 = SHA-256("bulk-import:" + npmName@version), blake3 = SHA-256("bulk-import-blake3:" + same),
 *   size = first 20 bits of that sha256, keyId = 16 hex of SHA-256("bulk-import-key:" + namespace),
 *   signature = base64 of 64 bytes of SHA-256 (not a valid Ed25519 signature: no archive exists),
 *   submissionId = UUIDv5(name@version).
 * Returns undefined when the row does not make a valid package (name or version rejected by the contracts).
 */
export const eventsForRow = (row: CorpusRow, now: Date): { stream: string; events: DomainEvent[] } | undefined => {
  const name = marketNameOf(row.npmName);
  // The manifest is built within the schema's limits; name and version are what a row can get wrong.
  if (!packageNameSchema.safeParse(name).success || !semverSchema.safeParse(row.version).success) return undefined;
  const seed = `${row.npmName}@${row.version}`;
  const sha256 = sha256Hex(`bulk-import:${seed}`);
  const namespace = name.slice(0, name.indexOf('/'));
  const verified: EventData<'PackageVersionVerified'> = {
    submissionId: uuidv5(seed, SUBMISSION_NAMESPACE),
    name,
    version: row.version,
    sha256,
    blake3: sha256Hex(`bulk-import-blake3:${seed}`),
    size: parseInt(sha256.slice(0, 5), 16),
    keyId: sha256Hex(`bulk-import-key:${namespace}`).slice(0, 16),
    signature: Buffer.from(sha256Hex(`sig1:${seed}`) + sha256Hex(`sig2:${seed}`), 'hex').toString('base64'),
    stagingRef: `bulk-import/${seed}`.slice(0, 500),
    manifest: manifestOf(row),
    files: [],
  };
  const stream = streams.package(name);
  const context = { actor: BULK_ACTOR, correlationId: verified.submissionId, now };
  const { manifest: _m, files: _f, ...submitted } = verified;
  const first = newEvent('PackageVersionSubmitted', stream, submitted, context);
  const second = newEvent('PackageVersionVerified', stream, verified, { ...context, causationId: first.eventId });
  const third = newEvent(
    'PackageVersionStored',
    stream,
    {
      submissionId: verified.submissionId,
      name,
      version: row.version,
      sha256,
      size: verified.size,
      deduplicated: false,
    },
    { ...context, causationId: second.eventId },
  );
  const events: DomainEvent[] = [first, second, third];
  if (row.monthlyDownloads > 0) {
    events.push(
      newEvent(
        'DownloadsCounted',
        stream,
        { name, version: row.version, count: row.monthlyDownloads, windowEnd: now.toISOString() },
        { ...context, causationId: third.eventId },
      ),
    );
  }
  return { stream, events };
};
