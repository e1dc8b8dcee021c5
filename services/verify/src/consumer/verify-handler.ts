import type { DecodedEventOf, EventType } from '@market/contracts';
import { counter, currentTraceparent, withSpan, type Logger } from '@market/observability';
import { handleSubmission, type SubmissionDeps, type SubmissionOutcome } from './handle-submission.js';

const verdicts = counter<'verdict' | 'reason'>({
  name: 'market_verify_verdicts_total',
  help: 'Submissions judged by verify, by verdict and rejection reason',
  labelNames: ['verdict', 'reason'],
});

type Submitted = DecodedEventOf<'PackageVersionSubmitted'>;

/**
 * Every event type verify acts on (its consumer steps over the others unread): submissions, and
 * the key events that change what verify trusts.
 */
export const verifyEventTypes = [
  'PublisherKeyRegistered',
  'PackageVersionSubmitted',
] as const satisfies readonly EventType[];
export type VerifyEvent = DecodedEventOf<(typeof verifyEventTypes)[number]>;

/** Most submissions judged side by side. */
const MAX_WAVE = 16;

const judge = (deps: SubmissionDeps, event: Submitted, record: boolean) =>
  withSpan(
    'verify.judge',
    async (span) => {
      span.setAttribute('market.submission_id', event.data.submissionId);
      span.setAttribute('market.package', `${event.data.name}@${event.data.version}`);
      return handleSubmission(deps, event, currentTraceparent() ?? event.traceparent, { record });
    },
    { traceparent: event.traceparent },
  );

const report = (deps: { logger?: Logger }, event: Submitted, outcome: SubmissionOutcome) => {
  const { verdict } = outcome;
  const reason = verdict.type === 'PackageVersionRejected' ? verdict.data.reason : '';
  if (outcome.kind === 'judged')
    verdicts.inc({ verdict: verdict.type === 'PackageVersionVerified' ? 'verified' : 'rejected', reason });
  // A verdict is an event in the store (the audit log); the log line is for a person reading
  // along: rejections at info, the steady stream of accepted ones at debug (a line per
  // publish costs this process and the launcher piping it more than the judging does).
  const log = verdict.type === 'PackageVersionRejected' ? deps.logger?.info : deps.logger?.debug;
  log?.call(deps.logger, outcome.kind === 'judged' ? 'submission judged' : 'submission already judged', {
    submissionId: event.data.submissionId,
    name: event.data.name,
    version: event.data.version,
    verdict: verdict.type,
    ...(reason ? { reason } : {}),
  });
};

/**
 * Every event, in global order, passes through here: key events change what verify trusts,
 * submissions get judged. Applying a key event before judging anything appended after it is
 * what invariant 7 asks of verify, and one sequential consumer over all events gives it.
 */
export function verifyHandler(deps: SubmissionDeps & { logger?: Logger }) {
  return async (event: VerifyEvent): Promise<void> => {
    // Already applied (the checkpoint moved in the same transaction as the change): a redelivery.
    if (event.position <= deps.readModel.lastPosition()) return;
    switch (event.type) {
      case 'PublisherKeyRegistered':
        deps.readModel.applyKeyRegistered(event);
        return;
      case 'PackageVersionSubmitted':
        report(deps, event, await judge(deps, event, true));
        return;
    }
  };
}

/**
 * Events that arrived together. Consecutive submissions of different packages are judged side
 * by side (reading and digesting archives, appending verdicts: each append expects its
 * stream's revision, as alone), then their verdicts are recorded in the read model in global
 * order. Any other event closes the wave and is applied alone, in its place: a submission is
 * never judged before a key event appended ahead of it. If anything throws, the bus retries the
 * events one by one; verdicts already appended are found in their streams and not judged again.
 */
export function verifyBatchHandler(deps: SubmissionDeps & { logger?: Logger }) {
  const single = verifyHandler(deps);
  return async (events: readonly VerifyEvent[]): Promise<void> => {
    let wave: Submitted[] = [];
    const flush = async () => {
      const judging = wave;
      wave = [];
      const settled = await Promise.allSettled(judging.map((event) => judge(deps, event, false)));
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      judging.forEach((event, i) => {
        const outcome = (settled[i] as PromiseFulfilledResult<SubmissionOutcome>).value;
        deps.readModel.applyJudged(event, outcome.verdict);
        report(deps, event, outcome);
      });
    };
    for (const event of events) {
      if (event.position <= deps.readModel.lastPosition()) continue;
      if (event.type === 'PackageVersionSubmitted') {
        if (wave.length >= MAX_WAVE || wave.some((w) => w.stream === event.stream)) await flush();
        wave.push(event);
        continue;
      }
      // Anything else changes trust: it waits for the wave ahead of it and goes before the ones after.
      await flush();
      await single(event);
    }
    await flush();
  };
}
