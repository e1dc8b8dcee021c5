import { newEvent, streams, type DecodedEvent, type EventOf } from '@market/contracts';
import type { BlobStore } from '@market/blob-store';
import { isWrongExpectedRevision, type EventStore } from '@market/event-store';
import type { ArchiveLimits } from '@market/pack';
import { judgeSubmission } from '../domain/judge-submission.js';
import { findVerdict, findVersionClaim, type SubmittedRef } from '../domain/package-history.js';
import type { Verdict } from '../domain/verdict.js';
import type { VerifyReadModel } from '../read-model/verify-read-model.js';
import { examineStaged } from '../staging/examine-staged.js';
import { readPackageHistory } from './read-package-history.js';

export const VERIFY_ACTOR = 'service:verify';

/** Appends racing another writer of the package stream are retried this often before the bus takes over. */
const MAX_APPEND_ATTEMPTS = 8;

export interface SubmissionDeps {
  store: EventStore;
  blobs: BlobStore;
  readModel: VerifyReadModel;
  archiveLimits?: Partial<ArchiveLimits>;
}

/** The read model as judging needs it, for a caller that records verdicts itself. */
const keysOnly = (readModel: VerifyReadModel) => ({ key: (keyId: string) => readModel.key(keyId) });

export type SubmissionOutcome = { kind: 'judged'; verdict: Verdict } | { kind: 'already_judged'; verdict: Verdict };

/**
 * Judges one submission and appends the verdict to its package stream. Safe to run again for
 * the same event: the stream is the record of what was decided, so a verdict found there is
 * only recorded in the read model, never appended twice. The append expects the revision the
 * judgement was based on, so a competing replica or a concurrent submission makes us re-read.
 */
export async function handleSubmission(
  deps: SubmissionDeps,
  event: EventOf<'PackageVersionSubmitted'> & DecodedEvent,
  /** Trace context for the verdict: the judging span's, else the submission's own. */
  traceparent: string | null = event.traceparent,
  /**
   * false: leave the read model alone (the caller records the verdict with applyJudged, in
   * global order, after judging several submissions side by side). The stream stays the record.
   */
  { record = true }: { record?: boolean } = {},
): Promise<SubmissionOutcome> {
  const { store, blobs } = deps;
  const readModel = record ? deps.readModel : { ...keysOnly(deps.readModel), applyJudged: () => false };
  const submission = event.data;
  const stream = streams.package(submission.name);
  const ref: SubmittedRef = {
    eventId: event.eventId,
    revision: event.revision,
    submissionId: submission.submissionId,
    version: submission.version,
  };

  let history = await readPackageHistory(store, stream);
  const earlier = findVerdict(history.events, ref);
  if (earlier) {
    readModel.applyJudged(event, earlier);
    return { kind: 'already_judged', verdict: earlier };
  }

  // The expensive part (reading and hashing the archive) happens once, outside the append loop.
  const staged = await examineStaged(blobs, submission.stagingRef, deps.archiveLimits);
  const key = readModel.key(submission.keyId);

  for (let attempt = 1; ; attempt++) {
    const verdict = judgeSubmission({
      submission,
      submittedAt: event.occurredAt,
      staged,
      key,
      claim: findVersionClaim(history.events, ref),
    });
    const verdictEvent = newEvent(verdict.type, stream, verdict.data as never, {
      actor: VERIFY_ACTOR,
      correlationId: event.correlationId,
      causationId: event.eventId,
      traceparent,
    });
    try {
      await store.append(stream, [verdictEvent], { expectedRevision: history.lastRevision ?? 'no_stream' });
      readModel.applyJudged(event, verdict);
      return { kind: 'judged', verdict };
    } catch (error) {
      if (!isWrongExpectedRevision(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
    }
    history = await readPackageHistory(store, stream);
    const raced = findVerdict(history.events, ref);
    if (raced) {
      readModel.applyJudged(event, raced);
      return { kind: 'already_judged', verdict: raced };
    }
  }
}
