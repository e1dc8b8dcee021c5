import type { DecodedEvent } from '@market/contracts';
import { counter, currentTraceparent, withSpan, type Logger } from '@market/observability';
import { handleSubmission, type SubmissionDeps } from './handle-submission.js';

const verdicts = counter<'verdict' | 'reason'>({
  name: 'market_verify_verdicts_total',
  help: 'Submissions judged by verify, by verdict and rejection reason',
  labelNames: ['verdict', 'reason'],
});

/**
 * Every event, in global order, passes through here: key events change what verify trusts,
 * submissions get judged. Applying a key event before judging anything appended after it is
 * what invariant 7 asks of verify, and one sequential consumer over all events gives it.
 */
export function verifyHandler(deps: SubmissionDeps & { logger?: Logger }) {
  return async (event: DecodedEvent): Promise<void> => {
    // Already applied (the checkpoint moved in the same transaction as the change): a redelivery.
    if (event.position <= deps.readModel.lastPosition()) return;
    switch (event.type) {
      case 'PublisherKeyRegistered':
        deps.readModel.applyKeyRegistered(event);
        return;
      case 'PackageVersionSubmitted': {
        const outcome = await withSpan(
          'verify.judge',
          async (span) => {
            span.setAttribute('market.submission_id', event.data.submissionId);
            span.setAttribute('market.package', `${event.data.name}@${event.data.version}`);
            return handleSubmission(deps, event, currentTraceparent() ?? event.traceparent);
          },
          { traceparent: event.traceparent },
        );
        const { verdict } = outcome;
        const reason = verdict.type === 'PackageVersionRejected' ? verdict.data.reason : '';
        if (outcome.kind === 'judged') verdicts.inc({ verdict: verdict.type === 'PackageVersionVerified' ? 'verified' : 'rejected', reason });
        deps.logger?.info(outcome.kind === 'judged' ? 'submission judged' : 'submission already judged', {
          submissionId: event.data.submissionId,
          name: event.data.name,
          version: event.data.version,
          verdict: verdict.type,
          ...(reason ? { reason } : {}),
        });
        return;
      }
      default:
        return;
    }
  };
}
