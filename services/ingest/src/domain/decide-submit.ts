import type { PackageState } from './package-state.js';
import { versionOf } from './package-state.js';

export interface SubmitCommand {
  submissionId: string;
  name: string;
  version: string;
}

export type SubmitDecision = { ok: true } | { ok: false; code: 'version_exists' | 'version_pending'; detail: string };

/**
 * `name@version` may be submitted when it was never seen or its last attempt was rejected.
 * Published is forever (a yank does not free the version); pending waits for its verdict.
 */
export const decideSubmit = (state: PackageState, command: SubmitCommand): SubmitDecision => {
  const current = versionOf(state, command.version);
  const ref = `${command.name}@${command.version}`;
  switch (current?.status) {
    case 'published':
      return { ok: false, code: 'version_exists', detail: `${ref} is already published and can never be reused` };
    case 'pending':
      return {
        ok: false,
        code: 'version_pending',
        detail: `${ref} has a submission in progress (${current.submissionId})`,
      };
    default:
      return { ok: true };
  }
};
