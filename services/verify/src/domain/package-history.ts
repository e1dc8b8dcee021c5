import type { DecodedEvent, DomainEvent } from '@market/contracts';
import type { VersionClaim } from './version-claim.js';

type Verdicts = Extract<DomainEvent, { type: 'PackageVersionVerified' | 'PackageVersionRejected' }>;

/** What verify needs to know about the submission it is judging. */
export interface SubmittedRef {
  eventId: string;
  revision: bigint;
  submissionId: string;
  version: string;
}

/**
 * The verdict verify already appended for this submission, if any: the idempotency check that
 * makes a redelivery after a crash (verdict appended, checkpoint not yet written) a no-op.
 * Matched by causation (this exact event) or by submission id (the same submission twice).
 */
export function findVerdict(history: readonly DomainEvent[], submitted: SubmittedRef): Verdicts | undefined {
  return history.find(
    (event): event is Verdicts =>
      (event.type === 'PackageVersionVerified' || event.type === 'PackageVersionRejected') &&
      (event.causationId === submitted.eventId || event.data.submissionId === submitted.submissionId),
  );
}

/** Build metadata does not make another version (semver precedence ignores it). */
export const sameVersion = (a: string, b: string): boolean => a.split('+')[0] === b.split('+')[0];

/**
 * The earlier submission of another id that holds this version: pending, verified or published,
 * unless verify rejected it. Only submissions before this one count, so of two racing
 * submissions the first in the stream wins, whatever order anything else happens in.
 * A yank does not free a version: name@version is immutable forever.
 */
export function findVersionClaim(history: readonly DecodedEvent[], submitted: SubmittedRef): VersionClaim | null {
  const status = new Map<string, VersionClaim['status'] | 'rejected'>();
  const order: string[] = [];
  for (const event of history) {
    switch (event.type) {
      case 'PackageVersionSubmitted':
        if (
          event.revision < submitted.revision &&
          event.data.submissionId !== submitted.submissionId &&
          sameVersion(event.data.version, submitted.version)
        ) {
          if (!status.has(event.data.submissionId)) order.push(event.data.submissionId);
          status.set(event.data.submissionId, status.get(event.data.submissionId) ?? 'pending');
        }
        break;
      case 'PackageVersionVerified':
        if (status.get(event.data.submissionId) === 'pending') status.set(event.data.submissionId, 'verified');
        break;
      case 'PackageVersionStored':
        if (status.has(event.data.submissionId) && status.get(event.data.submissionId) !== 'rejected') {
          status.set(event.data.submissionId, 'published');
        }
        break;
      case 'PackageVersionRejected':
        if (status.has(event.data.submissionId)) status.set(event.data.submissionId, 'rejected');
        break;
      default:
        break;
    }
  }
  for (const submissionId of order) {
    const current = status.get(submissionId);
    if (current !== undefined && current !== 'rejected') return { submissionId, status: current };
  }
  return null;
}
