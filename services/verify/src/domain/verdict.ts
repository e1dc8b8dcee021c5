import type { EventData, RejectionReason } from '@market/contracts';

export type Verdict =
  | { type: 'PackageVersionVerified'; data: EventData<'PackageVersionVerified'> }
  | { type: 'PackageVersionRejected'; data: EventData<'PackageVersionRejected'> };

/** The contracts cap a rejection's detail; a hostile archive must not make the event unappendable. */
export const MAX_DETAIL_LENGTH = 2000;

export const rejected = (
  submission: { submissionId: string; name: string; version: string },
  reason: RejectionReason,
  detail: string,
): Verdict => ({
  type: 'PackageVersionRejected',
  data: {
    submissionId: submission.submissionId,
    name: submission.name,
    version: submission.version,
    reason,
    detail: detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail,
  },
});
