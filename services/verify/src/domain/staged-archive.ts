import type { Digest, PackFile } from '@market/pack';

/** What reading the staged bytes found, before any judgement: the input judgeSubmission needs. */
export type StagedArchive =
  | { kind: 'missing'; detail: string }
  | {
      kind: 'read';
      /** Recomputed from the staged bytes, never taken from the submission. */
      digest: Digest;
      archive:
        | { ok: true; manifestText: string; files: PackFile[] }
        | { ok: false; code: 'archive_invalid' | 'manifest_invalid'; detail: string };
    };
